/// The counts the outcome rule reads from a state run's return: its states, and how many of them
/// failed or have no result.
///
/// The rule needs nothing else of a state run, so a reader that has the return as the store's
/// text takes the counts from it with `init?(storedText:)` instead of decoding the map. A highstate
/// of 60 states decodes into hundreds of strings, and on an event log of the benchmark mix, state
/// runs are about a hundredth of the returns but a third of the return bytes.
public struct StateRunTally: Sendable, Equatable {
    public var stateCount = 0
    /// States with `result: false`.
    public var failedCount = 0
    /// States whose `result` is neither true nor false: in a test run (`test=True`), the states
    /// that would change something.
    public var undecidedCount = 0

    init() {}

    /// Counts the states of `value`, or returns nil when it is not a map of state results, as
    /// `StateResult.results(in:)` does.
    init?(value: Value) {
        guard let entries = value.mapEntries, !entries.isEmpty else { return nil }
        for entry in entries {
            guard case .string(let tag) = entry.key, StateRunTally.isStateTag(tag.utf8), entry.value.mapEntries != nil
            else { return nil }
            count(result: entry.value["result"]?.boolValue)
        }
    }

    /// Counts the states of a return kept as the store's JSON text, the bytes
    /// `JSONWriter(dialect: .lossless)` writes.
    ///
    /// Returns nil when the text is not a map of state results, and also for a state map with a
    /// key that starts with `$`, which may be a tagged value of the lossless dialect. Either way,
    /// the caller decodes the value and counts that instead. A state's `result` is the first
    /// member of that name, as `Value`'s subscript finds it.
    ///
    /// Keys are read as text, escape sequences included. `JSONWriter` escapes only quotes,
    /// backslashes and control characters, so the text of a key has a `_|-` where its string has
    /// one, and a key whose string is `result` has the text `result`.
    init?(storedText text: [UInt8]) {
        let counted = text.withUnsafeBytes { bytes -> StateRunTally? in
            var scanner = JSONScanner(bytes: bytes, maxDepth: Value.losslessJSONMaxDepth)
            return try? StateRunTally.scanStates(&scanner)
        }
        guard let counted else { return nil }
        self = counted
    }

    private mutating func count(result: Bool?) {
        stateCount += 1
        switch result {
        case false?: failedCount += 1
        case true?: break
        case nil: undecidedCount += 1
        }
    }

    /// Reads the map at the scanner's position, or returns nil when a member is not a state.
    private static func scanStates(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> StateRunTally? {
        var tally = StateRunTally()
        try scanner.expect(UInt8(ascii: "{"))
        if scanner.consume(UInt8(ascii: "}")) { return nil }

        repeat {
            let tag = try scanner.scanKeyText()
            guard isStateTag(scanner.codeUnits(tag)) else { return nil }
            scanner.skipWhitespace()
            guard scanner.isAt(UInt8(ascii: "{")) else { return nil }
            tally.count(result: try scanResult(&scanner))
        } while scanner.consume(UInt8(ascii: ","))

        try scanner.expect(UInt8(ascii: "}"))
        scanner.skipWhitespace()
        return scanner.position == scanner.bytes.count ? tally : nil
    }

    /// Reads one state's map and returns its first `result` member when that is true or false.
    ///
    /// Throws on a key that starts with `$`: the lossless dialect writes bytes, datetimes and maps
    /// with keys that are not strings as objects with such keys, which decode to something else.
    private static func scanResult(_ scanner: inout JSONScanner) throws(JSONScanner.Failure) -> Bool? {
        var result: Bool?
        var seenResult = false
        try scanner.expect(UInt8(ascii: "{"))
        if scanner.consume(UInt8(ascii: "}")) { return nil }

        repeat {
            let key = try scanner.scanKeyText()
            if let first = scanner.codeUnits(key).first, first == UInt8(ascii: "$") {
                throw JSONScanner.Failure(message: "a tagged value of the lossless dialect", offset: key.lowerBound)
            }
            scanner.skipWhitespace()
            if !seenResult, scanner.keyEquals(key, "result") {
                seenResult = true
                if scanner.isAt(UInt8(ascii: "t")) || scanner.isAt(UInt8(ascii: "f")) {
                    result = try scanner.parseValue().boolValue
                    continue
                }
            }
            try scanner.skipValue()
        } while scanner.consume(UInt8(ascii: ","))

        try scanner.expect(UInt8(ascii: "}"))
        return result
    }

    /// Returns whether `tag` splits into at least four parts at `_|-`, as
    /// `StateResult.tagParts(_:)` splits it: `<module>_|-<id>_|-<name>_|-<function>`.
    static func isStateTag<Bytes: Collection<UInt8>>(_ tag: Bytes) -> Bool {
        var separators = 0
        var matched = 0
        for byte in tag {
            switch (matched, byte) {
            case (_, UInt8(ascii: "_")): matched = 1
            case (1, UInt8(ascii: "|")): matched = 2
            case (2, UInt8(ascii: "-")):
                separators += 1
                if separators == 3 { return true }
                matched = 0
            default: matched = 0
            }
        }
        return false
    }
}
