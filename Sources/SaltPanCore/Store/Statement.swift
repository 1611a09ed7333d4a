import CSQLite

/// A prepared SQL statement with typed binding and column access.
///
/// Parameters are numbered from 1 and columns from 0, as in the SQLite C API. Text and blobs are
/// bound with an explicit byte count, so embedded NUL bytes survive, and the caller's buffer may
/// be released right after binding: SQLite reads short strings from the statement's own
/// `BoundTextArena` and copies the others itself (`SQLITE_TRANSIENT`).
public final class Statement {
    let handle: OpaquePointer
    /// Keeps the connection open for as long as the statement lives.
    private let database: Database
    public let sql: String
    private let textArena = BoundTextArena()
    /// Whether the statement has stepped or has bindings since its last `reset()`.
    private(set) var needsReset = false

    init(database: Database, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw SQLiteError(code: code, message: database.lastErrorMessage, sql: sql)
        }
        self.handle = statement
        self.database = database
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Resets the statement so it can run again, and clears its bindings.
    public func reset() {
        // The result of sqlite3_reset repeats the error of the last step, already reported there.
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        textArena.rewind()
        needsReset = false
    }

    /// Advances to the next row; returns false when the statement has finished.
    @discardableResult
    public func step() throws -> Bool {
        needsReset = true
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        default:
            let error = SQLiteError(code: code, message: database.lastErrorMessage, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Runs a statement that returns no rows, then resets it for the next use.
    public func run() throws {
        defer { reset() }
        while try step() {}
    }

    /// Binds `bytes` as UTF-8 text at `index` without copying them, then runs the statement as
    /// `run()` does.
    ///
    /// SQLite reads the bytes where they are (`SQLITE_STATIC`) until the reset at the end clears
    /// the binding, so they must not move in between, which `withUnsafeBufferPointer` ensures.
    /// Every return value of an ingest is bound this way: the copy that `bindText(bytes:at:)`
    /// makes cost the writer an allocation per return, and for a 100 MB return 100 MB more memory.
    public func run(bindingTextInPlace bytes: [UInt8], at index: Int32) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            defer { reset() }
            let base = buffer.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(bitPattern: 1)
            let code = sqlite3_bind_text64(
                handle,
                index,
                base?.assumingMemoryBound(to: CChar.self),
                UInt64(buffer.count),
                nil,
                UInt8(SQLITE_UTF8)
            )
            try checkBinding(code)
            while try step() {}
        }
    }

    // MARK: - Binding

    public func bind(_ value: Int64, at index: Int32) throws {
        try checkBinding(sqlite3_bind_int64(handle, index, value))
    }

    public func bind(_ value: Int, at index: Int32) throws {
        try checkBinding(sqlite3_bind_int64(handle, index, Int64(value)))
    }

    public func bind(_ value: Double, at index: Int32) throws {
        try checkBinding(sqlite3_bind_double(handle, index, value))
    }

    public func bind(_ value: Bool, at index: Int32) throws {
        try checkBinding(sqlite3_bind_int64(handle, index, value ? 1 : 0))
    }

    /// Binds `value` as UTF-8 text.
    ///
    /// A short text is copied into the statement's arena and read there, which saves SQLite an
    /// allocation and a free for each. With SQLite's copy, binding the jid, minion id and labels
    /// of every return took 8% of the ingest writer's instructions on an event log of small
    /// returns.
    public func bind(_ value: String, at index: Int32) throws {
        let count = value.utf8.count
        if let copy = textArena.reserve(count), let base = copy.baseAddress {
            value.withUTF8Bytes { bytes in
                if let source = bytes.baseAddress { base.initialize(from: source, count: count) }
            }
            let start = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            try checkBinding(sqlite3_bind_text64(handle, index, start, UInt64(count), nil, UInt8(SQLITE_UTF8)))
            return
        }

        let code = value.withUTF8Bytes { buffer in
            // A nil base address would bind NULL instead of the empty string.
            let base = buffer.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(bitPattern: 1)
            return sqlite3_bind_text64(
                handle,
                index,
                base?.assumingMemoryBound(to: CChar.self),
                UInt64(buffer.count),
                csqlite_transient(),
                UInt8(SQLITE_UTF8)
            )
        }
        try checkBinding(code)
    }

    /// Binds the UTC text of `time` (`Timestamp.iso8601()`), or NULL when it is nil.
    ///
    /// The text is written straight into the statement's arena, without a `String` for each row.
    public func bind(_ time: Timestamp?, at index: Int32) throws {
        guard let time else {
            try bindNull(at: index)
            return
        }
        guard let text = textArena.reserve(Timestamp.utcISO8601Length), let base = text.baseAddress else {
            try bind(time.iso8601(), at: index)
            return
        }
        time.writeUTCISO8601(into: text)
        let start = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
        try checkBinding(sqlite3_bind_text64(handle, index, start, UInt64(text.count), nil, UInt8(SQLITE_UTF8)))
    }

    /// Binds UTF-8 text given as bytes, such as JSON written by `JSONWriter`.
    public func bindText(bytes: [UInt8], at index: Int32) throws {
        let code = bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(bitPattern: 1)
            return sqlite3_bind_text64(
                handle,
                index,
                base?.assumingMemoryBound(to: CChar.self),
                UInt64(buffer.count),
                csqlite_transient(),
                UInt8(SQLITE_UTF8)
            )
        }
        try checkBinding(code)
    }

    public func bindBlob(_ bytes: [UInt8], at index: Int32) throws {
        let code = bytes.withUnsafeBytes { buffer in
            sqlite3_bind_blob64(
                handle,
                index,
                buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                UInt64(buffer.count),
                csqlite_transient()
            )
        }
        try checkBinding(code)
    }

    public func bindNull(at index: Int32) throws {
        try checkBinding(sqlite3_bind_null(handle, index))
    }

    /// Binds a value that may be absent: nil binds SQL NULL.
    public func bind(_ value: String?, at index: Int32) throws {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    public func bind(_ value: Int64?, at index: Int32) throws {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    public func bind(_ value: Bool?, at index: Int32) throws {
        if let value { try bind(value, at: index) } else { try bindNull(at: index) }
    }

    // MARK: - Columns

    public func isNull(at column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    public func int64(at column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    public func optionalInt64(at column: Int32) -> Int64? {
        isNull(at: column) ? nil : int64(at: column)
    }

    public func double(at column: Int32) -> Double {
        sqlite3_column_double(handle, column)
    }

    /// The column as text, read with its byte count so embedded NULs survive; nil for NULL.
    public func string(at column: Int32) -> String? {
        guard let text = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The column's bytes (text or blob); nil for NULL.
    public func bytes(at column: Int32) -> [UInt8]? {
        if isNull(at: column) { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let blob = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: blob, count: count))
    }

    /// Calls `body` with the column's bytes (text or blob) in place, or nil for NULL.
    ///
    /// The bytes are valid only inside `body`: SQLite owns them until the next step or reset.
    public func withBytes<Result>(
        at column: Int32,
        _ body: (UnsafeBufferPointer<UInt8>?) throws -> Result
    ) rethrows -> Result {
        if isNull(at: column) { return try body(nil) }
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let blob = sqlite3_column_blob(handle, column) else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        return try body(UnsafeBufferPointer(start: blob.assumingMemoryBound(to: UInt8.self), count: count))
    }

    public var columnCount: Int32 {
        sqlite3_column_count(handle)
    }

    public func columnName(at column: Int32) -> String {
        sqlite3_column_name(handle, column).map { String(cString: $0) } ?? ""
    }

    /// Marks the statement as bound and throws when binding failed with `code`.
    private func checkBinding(_ code: Int32) throws {
        needsReset = true
        guard code == SQLITE_OK else {
            throw SQLiteError(code: code, message: database.lastErrorMessage, sql: sql)
        }
    }
}

@available(*, unavailable)
extension Statement: Sendable {}
