#if canImport(Glibc)
import Glibc
#endif

/// The tag and the return fields of one `rawfile_json` line, read without building the rest.
///
/// Most lines of an event log are job returns, and the interpreter reads only a few members of
/// their `data` (`ReturnEventFields`). `scan(_:maxDepth:)` checks the whole line as `JSONParser`
/// does but builds only those members. It skips the others without building and freeing them,
/// which saved the reader thread 15% of its instructions on an event log of small returns. A
/// tag and a `_stamp` without escapes are read where they are, without a `String` of their own.
/// A long string in `return` is written straight into the store's JSON text, and a map is kept
/// as the line's text, instead of being built and encoded again (see `encodedReturn`).
struct ReturnEventLine {
    /// The kind of the event's tag, with the jid and minion of a job return.
    var kind: EventTag
    /// The members of the event's data that the interpreter reads.
    ///
    /// `returnValue` is nil when only `encodedReturn` contains the return.
    var fields: ReturnEventFields
    /// The `return` member as text, when it is a long string or a map that is not decoded.
    ///
    /// A string longer than `OutcomeRule.searchedTextLimit` bytes comes as the store's text.
    /// A map comes as the line's text (`EncodedValue.Form.source`), which either thread can turn
    /// into the store's text. The ingest leaves it to the writer thread while that one keeps up.
    /// A map is decoded into `fields` instead when the outcome rule reads its members: when `fun`
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
        var kind: EventTag?
        var fields: ReturnEventFields?
        var encodedReturn: EncodedValue?
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
                    kind = try scanTag(&scanner)
                } else if !seenData, scanner.keyEquals(key, "data") {
                    seenData = true
                    guard scanner.isAt(UInt8(ascii: "{")) else { return nil }
                    (fields, encodedReturn) = try scanData(&scanner, maxDepth: maxDepth)
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

        guard let kind, let fields else { return nil }
        return ReturnEventLine(kind: kind, fields: fields, encodedReturn: encodedReturn)
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

    /// Reads the tag string at the scanner's position and classifies it.
    ///
    /// A tag without escapes is classified from the line's bytes, so that only its jid and
    /// minion become strings.
    private static func scanTag(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> EventTag {
        if let content = scanner.scanPlainString() {
            return EventTag(utf8: scanner.codeUnits(content))
        }
        return EventTag(try scanner.parseString())
    }

    /// Reads the object at the scanner's position, keeping the first member of each key that
    /// `ReturnEventFields` names, and `return` as text where nothing reads inside it.
    private static func scanData(
        _ outer: inout JSONScanner,
        maxDepth: Int
    ) throws(JSONScanner.Failure) -> (ReturnEventFields, EncodedValue?) {
        // The event and its data are two open objects around each member value.
        var scanner = JSONScanner(bytes: outer.bytes, position: outer.position + 1, maxDepth: maxDepth - 2)
        defer { outer.position = scanner.position }

        var fields = ReturnEventFields()
        var hasReturn = false
        var undecodedReturn: UndecodedReturn?
        scanner.skipWhitespace()
        if scanner.consume(UInt8(ascii: "}")) { return (fields, nil) }

        repeat {
            let key = try scanner.scanKey()
            switch DataMember(key, in: scanner) {
            case .return where !hasReturn:
                hasReturn = true
                switch try UndecodedReturn.scan(&scanner) {
                case .decoded(let value): fields.returnValue = value
                case .undecoded(let member): undecodedReturn = member
                }
            case .id where fields.id == nil:
                fields.id = try scanner.parseValue()
            case .retcode where fields.retcode == nil:
                fields.retcode = try scanner.parseValue()
            case .success where fields.success == nil:
                fields.success = try scanner.parseValue()
            case .stamp where fields.stamp == nil:
                fields.stamp = try scanStamp(&scanner)
            case .function where fields.function == nil:
                fields.function = try scanner.parseValue()
            case .outputter where fields.outputter == nil:
                fields.outputter = try scanner.parseValue()
            case .schedule where fields.schedule == nil:
                fields.schedule = try scanner.parseValue()
            default:
                try scanner.skipValue()
            }
            scanner.skipWhitespace()
        } while scanner.consume(UInt8(ascii: ","))
        try scanner.expect(UInt8(ascii: "}"))

        guard let member = undecodedReturn else { return (fields, nil) }
        let function = LoadReader.functionName(fields.function)
        // The writer counts the states of a state run from its text, and decodes the map when
        // its members are not states (`ReturnRecord.resolvingSourceText()`).
        let ruleReadsMembers =
            member.isMap
            && (function.map { OutcomeRule.readsMembers(function: $0) && FunctionFamily($0) != .state } ?? true)
        guard ruleReadsMembers else { return (fields, member.text) }
        // A map returned by a function not named in the data is decoded: the store then takes
        // the function from the job, which may be a state run.
        fields.returnValue = try member.decode(in: scanner)
        return (fields, nil)
    }

    /// Reads the `_stamp` value at the scanner's position, a string without escapes as a
    /// timestamp where it is one.
    private static func scanStamp(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> ReturnEventFields.Stamp {
        scanner.skipWhitespace()
        guard scanner.isAt(UInt8(ascii: "\"")), let content = scanner.scanPlainString() else {
            return .value(try scanner.parseValue())
        }
        let bytes = scanner.codeUnits(content)
        if let stamp = SaltStamp.parse(utf8: bytes) {
            return .parsed(stamp)
        }
        return .value(.string(String(decoding: bytes, as: UTF8.self)))
    }

    /// The members of a job return's data that `ReturnEventFields` keeps.
    private enum DataMember {
        case id, `return`, retcode, success, stamp, function, outputter, schedule, other

        init(_ key: Range<Int>, in scanner: JSONScanner) {
            // The length first, which rules out most other keys of a return's data.
            switch key.count {
            case 2 where scanner.keyEquals(key, "id"): self = .id
            case 3 where scanner.keyEquals(key, "fun"): self = .function
            case 3 where scanner.keyEquals(key, "out"): self = .outputter
            case 6 where scanner.keyEquals(key, "return"): self = .return
            case 6 where scanner.keyEquals(key, "_stamp"): self = .stamp
            case 7 where scanner.keyEquals(key, "retcode"): self = .retcode
            case 7 where scanner.keyEquals(key, "success"): self = .success
            case 8 where scanner.keyEquals(key, "schedule"): self = .schedule
            default: self = .other
            }
        }
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
    /// Moves past a string without escapes at `position`, its opening quote, and returns the
    /// range of its content.
    ///
    /// Returns nil, with `position` unchanged, for a string with an escape, a control character
    /// or no closing quote, which `parseString()` reads or rejects.
    fileprivate mutating func scanPlainString() -> Range<Int>? {
        let contentStart = position + 1
        let end = JSONText.indexOfSpecialByte(in: bytes, from: contentStart)
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
        position = end + 1
        return contentStart..<end
    }

    /// Reads a string without escapes of at most `OutcomeRule.searchedTextLimit` bytes, the
    /// usual short command output, into the `String` that `parseString()` returns.
    ///
    /// `position` is at the opening quote. Returns nil, with `position` unchanged, for any other
    /// string.
    fileprivate mutating func scanShortPlainString() -> String? {
        let start = position
        guard let content = scanPlainString() else { return nil }
        guard content.count <= OutcomeRule.searchedTextLimit else {
            position = start
            return nil
        }
        return String(decoding: codeUnits(content), as: UTF8.self)
    }
}
