#if canImport(Glibc)
import Glibc
#endif

/// The tag and the return fields of one `rawfile_json` line, read without building the rest.
///
/// Most lines of an event log are job returns, and the interpreter reads only a few members of
/// their `data`. `scan(_:maxDepth:)` checks the whole line as `JSONParser` does but builds only
/// `tag` and the members named in `keptDataKeys`. Skipping the others without building and
/// freeing them saves the reader thread 15% of its instructions on an event log of small returns.
/// A long string in `return` is written straight into the store's JSON text, and a map is kept
/// as the line's text, instead of being built and encoded again (see `encodedReturn`).
struct ReturnEventLine {
    /// The members of an event's `data` that `EventInterpreter` reads for a job return that is
    /// not scheduled: a scheduled return needs its whole data, which becomes the job's load.
    static let keptDataKeys: [StaticString] = [
        "id", "return", "retcode", "success", "_stamp", "fun", "out", "schedule",
    ]

    /// `keptDataKeys` as map keys, made once, because making them for every line took 1% of an
    /// ingest.
    private static let keptDataKeyValues: [Value] = keptDataKeys.map { .string($0.description) }

    /// The event's tag.
    var tag: String
    /// The kept members of the event's `data`, as a map in input order, duplicates included.
    ///
    /// `return` is left out when only `encodedReturn` contains it.
    var data: Value
    /// The `return` member as text, when it is a long string or a map that is not decoded.
    ///
    /// A string longer than `OutcomeRule.searchedTextLimit` bytes comes as the store's text.
    /// A map comes as the line's text (`EncodedValue.Form.source`), which either thread can turn
    /// into the store's text. The ingest leaves it to the writer thread while that one keeps up.
    /// A map is decoded into `data` instead when the outcome rule reads its members: when `fun`
    /// is missing, or names a function whose rule reads members
    /// (`OutcomeRule.readsMembers(function:)`) other than a state run, whose states are counted
    /// from the text.
    var encodedReturn: EncodedValue?

    /// Reads the first `tag` string and the first `data` object of the JSON object in `line`.
    ///
    /// Returns nil when the line is not valid JSON, when the JSON nests deeper than `maxDepth`,
    /// or when it is not an object with a string `tag` and an object `data`. A key with an
    /// escape sequence returns nil as well. Each of these takes the full parse, which reports
    /// the problem or reads the line.
    static func scan(_ line: UnsafeRawBufferPointer, maxDepth: Int) -> ReturnEventLine? {
        guard maxDepth > 2 else { return nil }
        var scanner = JSONScanner(bytes: line, maxDepth: maxDepth - 1)
        var tag: String?
        var data: (Value, EncodedValue?)?
        var seenTag = false
        var seenData = false

        do throws(JSONScanner.Failure) {
            try scanner.expect(UInt8(ascii: "{"))
            if scanner.consume(UInt8(ascii: "}")) { return nil }

            repeat {
                let key = try scanner.scanKey()
                scanner.skipWhitespace()
                if !seenTag, scanner.keyEquals(key, "tag") {
                    seenTag = true
                    guard scanner.isAt(UInt8(ascii: "\"")) else { return nil }
                    tag = try scanner.parseString()
                } else if !seenData, scanner.keyEquals(key, "data") {
                    seenData = true
                    guard scanner.isAt(UInt8(ascii: "{")) else { return nil }
                    data = try scanData(&scanner, maxDepth: maxDepth)
                } else {
                    try scanner.skipValue()
                }
            } while scanner.consume(UInt8(ascii: ","))

            try scanner.expect(UInt8(ascii: "}"))
            scanner.skipWhitespace()
            guard scanner.position == line.count else { return nil }
        } catch {
            return nil
        }

        guard let tag, let data else { return nil }
        return ReturnEventLine(tag: tag, data: data.0, encodedReturn: data.1)
    }

    /// Returns false when `line` ends with a string that is not a job return's tag.
    ///
    /// Salt's `rawfile_json` returner writes the tag last, as in
    /// `{"data": {...}, "tag": "salt/job/<jid>/new"}`, so the string before the closing `}` of
    /// such a line distinguishes a job return from other events without scanning the line. A line of
    /// another layout returns true. A false answer only sends a line to the full parse, so it
    /// never changes what is read.
    static func mayBeJobReturn(_ line: UnsafeRawBufferPointer) -> Bool {
        let closingQuote = line.count - 2
        guard closingQuote > 0, let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self),
            base[closingQuote + 1] == UInt8(ascii: "}"), base[closingQuote] == UInt8(ascii: "\"")
        else { return true }

        var openingQuote = closingQuote - 1
        while openingQuote >= 0, base[openingQuote] != UInt8(ascii: "\"") {
            openingQuote -= 1
        }
        guard openingQuote > 0, base[openingQuote - 1] != UInt8(ascii: "\\") else { return true }

        // salt/job/<jid>/ret/<minion>, and a jid has no slash.
        func matches(_ literal: StaticString, at offset: Int) -> Bool {
            closingQuote - offset >= literal.utf8CodeUnitCount
                && memcmp(base + offset, literal.utf8Start, literal.utf8CodeUnitCount) == 0
        }
        let jid = openingQuote + 1 + "salt/job/".utf8.count
        guard matches("salt/job/", at: openingQuote + 1), jid <= closingQuote,
            let slash = memchr(base + jid, Int32(UInt8(ascii: "/")), closingQuote - jid)
        else { return false }
        return matches("ret/", at: UnsafeRawPointer(base).distance(to: UnsafeRawPointer(slash)) + 1)
    }

    /// Reads the object at the scanner's position, keeping the members in `keptDataKeys`, and
    /// `return` as text where nothing reads inside it.
    private static func scanData(
        _ outer: inout JSONScanner,
        maxDepth: Int
    ) throws(JSONScanner.Failure) -> (Value, EncodedValue?) {
        // The event and its data are two open objects around each member value.
        var scanner = JSONScanner(bytes: outer.bytes, position: outer.position + 1, maxDepth: maxDepth - 2)
        defer { outer.position = scanner.position }

        var keptMembers: [Value.MapEntry] = []
        keptMembers.reserveCapacity(keptDataKeys.count)
        var hasReturn = false
        var undecodedReturn: (index: Int, member: UndecodedReturn)?
        scanner.skipWhitespace()
        if scanner.consume(UInt8(ascii: "}")) { return (.map(keptMembers), nil) }

        repeat {
            let key = try scanner.scanKey()
            if !hasReturn, scanner.keyEquals(key, "return") {
                hasReturn = true
                switch try UndecodedReturn.scan(&scanner) {
                case .decoded(let value):
                    keptMembers.append(Value.MapEntry(key: .string("return"), value: value))
                case .undecoded(let member):
                    undecodedReturn = (keptMembers.count, member)
                    keptMembers.append(Value.MapEntry(key: .string("return"), value: .null))
                }
            } else if let index = keptDataKeys.firstIndex(where: { scanner.keyEquals(key, $0) }) {
                keptMembers.append(Value.MapEntry(key: keptDataKeyValues[index], value: try scanner.parseValue()))
            } else {
                try scanner.skipValue()
            }
            scanner.skipWhitespace()
        } while scanner.consume(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "}"))

        guard let (index, member) = undecodedReturn else { return (.map(keptMembers), nil) }
        // `Value`'s subscript finds the first of duplicate keys, so a second `return` member
        // would take the place of the first if it were left out of the map.
        let returnCount = keptMembers.count { $0.key == .string("return") }
        let encoded = returnCount == 1 ? member.text : nil
        let function = LoadReader.functionName(Value.map(keptMembers)["fun"])
        // The writer counts the states of a state run from its text, and decodes the map when
        // its members are not states (`ReturnRecord.resolvingSourceText()`).
        let ruleReadsMembers =
            member.isMap
            && (function.map { OutcomeRule.readsMembers(function: $0) && FunctionFamily($0) != .state } ?? true)
        if let encoded, !ruleReadsMembers {
            keptMembers.remove(at: index)
            return (.map(keptMembers), encoded)
        }
        // A map returned by a function not named in the data is decoded: the store then takes
        // the function from the job, which may be a state run.
        keptMembers[index].value = try member.decode(in: scanner)
        return (.map(keptMembers), nil)
    }
}

/// A long string or a map in the `return` member of a job return's data, read before `fun`,
/// which Salt writes after it.
private struct UndecodedReturn {
    /// The result of `scan(_:)`: the member decoded, or kept for the end of the data.
    enum Scanned {
        case decoded(Value)
        case undecoded(UndecodedReturn)
    }

    /// The offset of the member's first byte in the line.
    let start: Int
    /// Whether the member is an object.
    let isMap: Bool
    /// The member as the store's text for a string, and as the line's text for a map.
    let text: EncodedValue

    /// Reads the member at the scanner's position.
    ///
    /// Short strings, scalars and arrays are decoded. Long strings are transcoded, and maps are
    /// checked and copied. Whether a map is decoded instead depends on `fun`.
    static func scan(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> Scanned {
        scanner.skipWhitespace()
        let start = scanner.position
        guard start < scanner.bytes.count else { return .decoded(try scanner.parseValue()) }

        switch scanner.bytes[start] {
        case UInt8(ascii: "\""):
            if let text = scanner.scanShortPlainString() {
                return .decoded(.string(text))
            }
            var text: [UInt8] = []
            if let length = try scanner.transcodeString(into: &text), length > OutcomeRule.searchedTextLimit {
                let encoded = EncodedValue(text: text, isTruthy: true)
                return .undecoded(UndecodedReturn(start: start, isMap: false, text: encoded))
            }
            scanner.position = start
            return .decoded(try scanner.parseValue())
        case UInt8(ascii: "{"):
            scanner.position = start + 1
            scanner.skipWhitespace()
            let isEmpty = scanner.isAt(UInt8(ascii: "}"))
            scanner.position = start
            try scanner.skipValue()
            let source = Array(scanner.codeUnits(start..<scanner.position))
            let encoded = EncodedValue(sourceText: source, maxDepth: scanner.maxDepth, isTruthy: !isEmpty)
            return .undecoded(UndecodedReturn(start: start, isMap: true, text: encoded))
        default:
            return .decoded(try scanner.parseValue())
        }
    }

    /// Decodes the member as `JSONScanner.parseValue()` reads it.
    func decode(in scanner: JSONScanner) throws(JSONScanner.Failure) -> Value {
        var reader = JSONScanner(bytes: scanner.bytes, position: start, maxDepth: scanner.maxDepth)
        return try reader.parseValue()
    }
}

extension JSONScanner {
    /// Reads a string without escapes of at most `OutcomeRule.searchedTextLimit` bytes, the
    /// usual short command output, into the `String` that `parseString()` returns.
    ///
    /// `position` is at the opening quote. Returns nil, with `position` unchanged, for any other
    /// string.
    fileprivate mutating func scanShortPlainString() -> String? {
        let contentStart = position + 1
        let end = JSONText.indexOfSpecialByte(in: bytes, from: contentStart)
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\""), end - contentStart <= OutcomeRule.searchedTextLimit
        else { return nil }
        position = end + 1
        return String(decoding: codeUnits(contentStart..<end), as: UTF8.self)
    }
}
