/// The job list in the shape `salt-run jobs.list_jobs --out=json` prints, so that scripts
/// written against Salt's listing can read saltpan's instead.
///
/// The document is one object keyed by jid. Each entry has Salt's members in Salt's order:
/// `Function`, `Arguments`, `Target`, `Target-type`, `User`, `Metadata` (only when the load had
/// metadata), `StartTime` and `EndTime` (only when a source had the job's `endtime`). Salt fills
/// them from the load and gives defaults where the load has none, and so does this listing:
/// `"unknown-function"`, `[]`, `"unknown-target"`, `"list"` and `"root"`. A runner or wheel
/// load has no `arg` and no `tgt_type` (its arguments are in the return's `fun_args`), so those
/// jobs show `[]` and `list`, where `saltpan jobs` gives the arguments the runner ran with.
///
/// `StartTime` is the jid written as text (`2026, Dec 04 19:57:07.593904`), in the master's
/// clock like the jid itself, and `""` for a jid that holds no time, as in Salt. `EndTime` is
/// written in the clock of the master of the source that first reported the job.
///
/// Values JSON cannot hold are written as in saltpan's other JSON output (see the README),
/// where Salt would print their Python `repr`.
///
/// The text is compact, one entry per line between the braces, so it can be read by line as
/// well as parsed; Salt indents its output instead, which no JSON reader depends on.
public enum SaltJobListing {
    /// The columns of `jobs` an entry is built from, in the order `appendEntry` reads them.
    ///
    /// A runner or wheel job's `arguments` are those the runner ran with, which its load does
    /// not hold, so its `arg` is read from the load as Salt does.
    private static let columns = """
        jid, function, CASE WHEN kind IN ('runner', 'wheel') THEN load -> '$.arg' ELSE arguments END,
        target, target_type, user, metadata, end_time, source_id
        """

    /// Writes the listing of the jobs `filter` selects, newest jid first, at most `limit` of
    /// them when it is given, ending in a newline.
    ///
    /// The jid orders the entries, as it keys them, rather than the start time that orders
    /// `saltpan jobs`. The two orders differ only where a publish event gave a job a start time
    /// in UTC that its jid, in the master's clock, does not show.
    ///
    /// The object is streamed: whole entries are handed to `write` in blocks of about 64 KiB
    /// while the jobs are read, so memory does not grow with the number of jobs. When a job
    /// cannot be read, what was already handed to `write` stays written, an object without its
    /// closing brace, and the error is thrown.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored value is damaged.
    public static func write(
        from store: Store,
        filter: QueryFilter,
        limit: Int?,
        to write: (_ bytes: [UInt8]) -> Void
    ) throws {
        let offsets = try masterUTCOffsets(in: store)
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        var count = 0
        try JobListQuery.forEachRow(in: store, filter: filter, limit: limit, columns: columns, order: "jid DESC") {
            row in
            bytes.append(contentsOf: count == 0 ? [0x0a] : [UInt8(ascii: ","), 0x0a])
            try appendEntry(row, utcOffset: offsets[row.int64(at: 8)] ?? 0, to: &bytes)
            count += 1
            // Handing over whole lines in blocks keeps the calls few and the buffer small.
            if bytes.count >= 1 << 16 {
                write(bytes)
                bytes.removeAll(keepingCapacity: true)
            }
        }
        bytes.append(contentsOf: count == 0 ? [UInt8(ascii: "}"), 0x0a] : [0x0a, UInt8(ascii: "}"), 0x0a])
        write(bytes)
    }

    /// Appends `"<jid>": {...}` for one row of `columns`.
    private static func appendEntry(_ row: Statement, utcOffset: Int, to output: inout [UInt8]) throws {
        try appendString(row, at: 0, to: &output)
        output.append(contentsOf: ": {\"Function\": ".utf8)
        try appendString(row, at: 1, default: "unknown-function", to: &output)
        output.append(contentsOf: ", \"Arguments\": ".utf8)
        try appendStoredValue(row, at: 2, default: "[]", to: &output)
        output.append(contentsOf: ", \"Target\": ".utf8)
        try appendStoredValue(row, at: 3, default: "\"unknown-target\"", to: &output)
        output.append(contentsOf: ", \"Target-type\": ".utf8)
        try appendString(row, at: 4, default: "list", to: &output)
        output.append(contentsOf: ", \"User\": ".utf8)
        try appendString(row, at: 5, default: "root", to: &output)
        if !row.isNull(at: 6) {
            output.append(contentsOf: ", \"Metadata\": ".utf8)
            try appendStoredValue(row, at: 6, default: "null", to: &output)
        }
        output.append(contentsOf: ", \"StartTime\": ".utf8)
        row.withBytes(at: 0) { appendStartTime(jid: $0 ?? UnsafeBufferPointer(start: nil, count: 0), to: &output) }
        if let text = row.string(at: 7), let endTime = Timestamp(iso8601: text) {
            output.append(contentsOf: ", \"EndTime\": ".utf8)
            JSONText.appendString(endTime.saltTime(utcOffset: utcOffset), to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    /// The names of `columns`, for errors.
    private static let columnNames = [
        "jid", "function", "arguments", "target", "target_type", "user", "metadata", "end_time", "source_id",
    ]

    /// Returns the error for a stored value of the current row that cannot be listed.
    private static func damaged(_ row: Statement, at column: Int32, _ problem: String) -> DamagedValueError {
        DamagedValueError(jid: row.string(at: 0) ?? "", column: columnNames[Int(column)], problem: problem)
    }

    /// Appends a text column as a JSON string, or `defaultText` as one when it is NULL.
    private static func appendString(
        _ row: Statement,
        at column: Int32,
        default defaultText: String = "",
        to output: inout [UInt8]
    ) throws {
        let isValid = row.withBytes(at: column) { bytes -> Bool in
            guard let bytes else {
                JSONText.appendString(defaultText, to: &output)
                return true
            }
            guard UTF8Validation.isValid(UnsafeRawBufferPointer(bytes)) else { return false }
            JSONText.appendString(utf8: bytes, to: &output)
            return true
        }
        guard isValid else { throw damaged(row, at: column, "is not valid UTF-8") }
    }

    /// Appends a stored value as JSON, or `defaultJSON` when it is NULL.
    ///
    /// Stored text without a tag object of the lossless dialect (every tag object starts with
    /// `{"$`, which a JSON string cannot contain unescaped) is already plain JSON and is copied
    /// as it is. Other values are read and written in the output dialect.
    private static func appendStoredValue(
        _ row: Statement,
        at column: Int32,
        default defaultJSON: String,
        to output: inout [UInt8]
    ) throws {
        enum Outcome { case copied, tagged, damaged }
        let outcome = row.withBytes(at: column) { bytes -> Outcome in
            guard let bytes else {
                output.append(contentsOf: defaultJSON.utf8)
                return .copied
            }
            guard hasShapeOfJSONValue(bytes) else { return .damaged }
            guard !containsTagObject(bytes) else { return .tagged }
            output.append(contentsOf: bytes)
            return .copied
        }

        switch outcome {
        case .copied:
            return
        case .damaged:
            throw damaged(row, at: column, "is not a JSON value")
        case .tagged:
            do {
                if let value = try StoredValue.decode(row.string(at: column)) {
                    JSONWriter(dialect: .output).write(value, to: &output)
                }
            } catch {
                throw damaged(row, at: column, "is not valid lossless JSON (\(error))")
            }
        }
    }

    /// Returns whether stored text has the shape of one JSON value: valid UTF-8, and a literal,
    /// a number, or text that starts and ends with the same kind of bracket or quote.
    ///
    /// NOTE: This catches text that is not JSON and values cut short, not every grammar error
    /// inside a container. The full check, SQLite's `json_valid` on the three columns, made the
    /// listing of 12,592 jobs a tenth slower.
    static func hasShapeOfJSONValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last, UTF8Validation.isValid(UnsafeRawBufferPointer(bytes))
        else { return false }
        switch first {
        case UInt8(ascii: "["):
            return bytes.count >= 2 && last == UInt8(ascii: "]")
        case UInt8(ascii: "{"):
            return bytes.count >= 2 && last == UInt8(ascii: "}")
        case UInt8(ascii: "\""):
            return bytes.count >= 2 && last == UInt8(ascii: "\"")
        case UInt8(ascii: "t"):
            return bytes.elementsEqual("true".utf8)
        case UInt8(ascii: "f"):
            return bytes.elementsEqual("false".utf8)
        case UInt8(ascii: "n"):
            return bytes.elementsEqual("null".utf8)
        default:
            return bytes.allSatisfy { numberBytes.contains($0) }
        }
    }

    private static let numberBytes = Set("0123456789+-.eE".utf8)

    private static func containsTagObject(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 3 else { return false }
        for index in 0..<(bytes.count - 2)
        where bytes[index] == UInt8(ascii: "{") && bytes[index + 1] == UInt8(ascii: "\"")
            && bytes[index + 2] == UInt8(ascii: "$")
        {
            return true
        }
        return false
    }

    /// Appends Salt's `jid_to_time` as a JSON string: the jid's first 20 digits as
    /// `2026, Dec 04 19:57:07.593904`, or `""` when the jid has no time in it.
    ///
    /// Like Salt, this takes the digits as they are and checks only that the month exists.
    static func appendStartTime(jid: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        defer { output.append(UInt8(ascii: "\"")) }
        guard Jid.isValid(utf8: jid) else { return }
        let month = Int(jid[4] - UInt8(ascii: "0")) * 10 + Int(jid[5] - UInt8(ascii: "0"))
        guard (1...12).contains(month) else { return }

        func digits(_ range: Range<Int>) { output.append(contentsOf: jid[range]) }
        digits(0..<4)
        output.append(contentsOf: ", ".utf8)
        output.append(contentsOf: Timestamp.monthAbbreviations[month - 1].utf8)
        output.append(UInt8(ascii: " "))
        digits(6..<8)
        output.append(UInt8(ascii: " "))
        digits(8..<10)
        output.append(UInt8(ascii: ":"))
        digits(10..<12)
        output.append(UInt8(ascii: ":"))
        digits(12..<14)
        output.append(UInt8(ascii: "."))
        digits(14..<20)
    }

    /// Returns the master's UTC offset of each source that has one, in seconds east of UTC.
    ///
    /// - Throws: `DamagedValueError` for an offset of a day or more, which no clock has.
    private static func masterUTCOffsets(in store: Store) throws -> [Int64: Int] {
        let query = try store.database.prepare(
            "SELECT id, master_utc_offset FROM sources WHERE master_utc_offset IS NOT NULL"
        )
        var offsets: [Int64: Int] = [:]
        while try query.step() {
            let offset = query.int64(at: 1)
            guard offset > -86_400, offset < 86_400 else {
                let problem = "is \(query.string(at: 1) ?? ""), not an offset from UTC in seconds"
                let source = query.int64(at: 0)
                throw DamagedValueError(jid: nil, source: source, column: "master_utc_offset", problem: problem)
            }
            offsets[query.int64(at: 0)] = Int(offset)
        }
        return offsets
    }
}

/// A stored value that a listing cannot write, because the database was edited by hand or
/// damaged.
public struct DamagedValueError: Error, CustomStringConvertible {
    /// The job whose row contains the value, or nil for a source's value.
    public var jid: String?
    /// The source whose row contains the value, for a source's value.
    public var source: Int64?
    public var column: String
    public var problem: String

    init(jid: String?, source: Int64? = nil, column: String, problem: String) {
        self.jid = jid
        self.source = source
        self.column = column
        self.problem = problem
    }

    public var description: String {
        let row = jid.map { "job \($0)" } ?? "source \(source ?? 0)"
        return "\(row): the stored \(column) \(problem); the database was edited or damaged, so ingest "
            + "its inputs again into a new database"
    }
}
