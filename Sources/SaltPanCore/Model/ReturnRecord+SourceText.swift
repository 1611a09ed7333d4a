extension ReturnRecord {
    /// Returns the record with a return value kept as source text (`EncodedValue.Form.source`)
    /// turned into the store's text, and decoded as well where the outcome rule reads it.
    ///
    /// The result is the record a reader gives when it writes the store's text itself:
    /// - a value whose stored text depends on the decoded value (a string that is not valid UTF-8,
    ///   an object key that starts with `$`) is decoded and kept only as `value`;
    /// - a state run's map, going by `function`, gets the tally of its states, and is decoded
    ///   as well when it is not a map of states;
    /// - a map of a function whose rule reads its members, or of no function, is decoded as well.
    ///
    /// A record without source text is returned as it is.
    public func resolvingSourceText() throws(LosslessJSONError) -> ReturnRecord {
        guard let encoded = encodedValue, case .source(let maxDepth) = encoded.form else { return self }

        var record = self
        guard let text = try Self.storedText(of: encoded.text, maxDepth: maxDepth) else {
            record.value = try encoded.decoded()
            record.encodedValue = nil
            return record
        }

        var stored = EncodedValue(text: text, isTruthy: encoded.isTruthy)
        if FunctionFamily(function) == .state {
            stored.stateRunTally = StateRunTally(storedText: text)
        }
        let ruleReadsMembers = function.map(OutcomeRule.readsMembers(function:)) ?? true
        if record.value == nil, text.first == UInt8(ascii: "{"), stored.stateRunTally == nil, ruleReadsMembers {
            record.value = try stored.decoded()
        }
        record.encodedValue = stored
        return record
    }

    /// Returns the store's text of the JSON value in `source`, or nil when that text depends on
    /// the decoded value (see `JSONScanner.transcodeValue(into:)`).
    private static func storedText(of source: [UInt8], maxDepth: Int) throws(LosslessJSONError) -> [UInt8]? {
        let compact = source.withUnsafeBytes { bytes in
            var scanner = JSONScanner(bytes: bytes, maxDepth: maxDepth)
            return scanner.compactCheckedValue()
        }
        if let compact { return compact }

        var text: [UInt8] = []
        text.reserveCapacity(source.count)
        let isTranscoded = source.withUnsafeBytes { bytes -> Result<Bool, JSONError> in
            var scanner = JSONScanner(bytes: bytes, maxDepth: maxDepth)
            do throws(JSONScanner.Failure) {
                return .success(try scanner.transcodeValue(into: &text))
            } catch {
                return .failure(error.jsonError(in: bytes, knownOffset: 0, knownLine: 1, baseOffset: 0))
            }
        }
        switch isTranscoded {
        case .success(true): return text
        case .success(false): return nil
        case .failure(let error): throw .syntax(error)
        }
    }
}
