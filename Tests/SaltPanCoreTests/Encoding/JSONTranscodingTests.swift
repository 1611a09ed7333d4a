import Testing

@testable import SaltPanCore

/// `JSONScanner.transcodeValue(into:)` must write the bytes `JSONWriter` writes for the value
/// `parseValue()` returns, because the event log reader stores large returns without decoding
/// them, and a later source's copy of the same return is compared with the stored text.
@Suite struct JSONTranscodingTests {
    private enum Outcome: Equatable {
        case text(String, end: Int)
        case needsDecoding
        case failure
    }

    /// Transcodes one value of `bytes`.
    private func transcode(_ bytes: [UInt8], maxDepth: Int = 512) -> Outcome {
        bytes.withUnsafeBytes { buffer in
            var scanner = JSONScanner(bytes: buffer, maxDepth: maxDepth)
            var output: [UInt8] = []
            guard let written = try? scanner.transcodeValue(into: &output) else { return .failure }
            guard written else { return .needsDecoding }
            return .text(String(decoding: output, as: UTF8.self), end: scanner.position)
        }
    }

    /// Parses one value of `bytes` and writes it as the store does.
    private func parseAndWrite(_ bytes: [UInt8], maxDepth: Int = 512) -> Outcome {
        bytes.withUnsafeBytes { buffer in
            var scanner = JSONScanner(bytes: buffer, maxDepth: maxDepth)
            guard let value = try? scanner.parseValue() else { return .failure }
            return .text(JSONWriter.lossless.text(value), end: scanner.position)
        }
    }

    @Test(arguments: [
        "null", "true", "false", "0", "-0", "12.5e-3", "1E+2", "2.0", "0.1", "-7", "9223372036854775807",
        "-9223372036854775808", "18446744073709551615", "18446744073709551616", "1e400", "-1e400", "1e-400",
        #""""#, #""plain""#, "\"caf\u{e9} \u{1F600}\"", #""line\nnext\ttab \"quoted\" back\\slash""#,
        #""\b\f\r \u0000 \u001f \u000b \u007f""#, #""\u0008 \u0009 \u000a \u000c \u000d""#,
        #""\/ \u00e9 \u00E9 \u001F \u0041 \ud83d\ude00 \ud800 \udc00 x""#, #""\u20ac\u2028""#,
        "[]", "{}", " [ 1 , [ ] , { } ] ", #"{"a": {"b": [1, {"c": null}]}, "a": 2}"#,
        #"{"k\n\u00e9y": "v", "": ""}"#, #"{"x$": 1, "a": {"b$c": []}}"#, "[1, 2] trailing",
        #"{"file_|-x_|-/etc/x_|-managed": {"result": false, "changes": {}, "duration": 1.25, "__run_num__": 0}}"#,
        // Numbers copied as they are, and their neighbours that the writer rewrites.
        "188.461", "-0.5", "0.5", "0.05", "0.0", "-0.0", "1.50", "100", "-100", "1.0e2",
        "123456789012345", "12345678901234.5", "123456789012345.6", "0.123456789012345", "0.1234567890123456",
        "999999999999999999", "-999999999999999999", "1000000000000000000", "9007199254740993.0",
    ])
    func writesWhatTheWriterWrites(text: String) {
        let bytes = Array(text.utf8)
        let expected = parseAndWrite(bytes)
        #expect(expected != .failure)
        #expect(transcode(bytes) == expected)

        // Compaction, where it applies, writes the same bytes for a value that fills the text.
        guard case .text(let written, let end) = expected, end == bytes.count, let compact = compact(bytes) else {
            return
        }
        #expect(String(decoding: compact, as: UTF8.self) == written)
    }

    /// Compacts `bytes`, a value that `skipValue()` accepts.
    private func compact(_ bytes: [UInt8]) -> [UInt8]? {
        bytes.withUnsafeBytes { buffer in
            var scanner = JSONScanner(bytes: buffer, maxDepth: 512)
            return scanner.compactCheckedValue()
        }
    }

    @Test func compactsWhatOnlyNeedsWhitespaceRemoved() throws {
        // A state run as Salt's rawfile_json returner writes it, with Python's separators.
        let stateRun =
            #"{"pkg_|-base_packages_|-curl_|-installed": {"name": "curl", "changes": {}, "result": true, "#
            + #""comment": "All specified packages are already installed\nline \"2\"", "__run_num__": 0, "#
            + #""start_time": "00:12:03.065222", "duration": 188.461, "__id__": "base_packages", "#
            + #""pchanges": [null, false, -3, "$not a key"]}}"#
        let expected = parseAndWrite(Array(stateRun.utf8))
        let compacted = try #require(compact(Array(stateRun.utf8)))
        #expect(expected == .text(String(decoding: compacted, as: UTF8.self), end: stateRun.utf8.count))

        // Everything the writer rewrites is left to transcoding.
        for text in [
            #"{"$bytes": "AAE="}"#, #"{"a": {"$x" : 1}}"#, #"["caf\u00e9"]"#, #"["a\/b"]"#, #"[1e5]"#, #"[1.50]"#,
            #"[-0]"#,
        ] {
            #expect(compact(Array(text.utf8)) == nil, "\(text)")
        }
        #expect(compact(Array(#"["ok", "bad "#.utf8) + [0xff, 0x22, 0x5d]) == nil)
    }

    /// Lists the numbers whose text is copied without computing the value.
    ///
    /// `writesWhatTheWriterWrites` checks that each copy is what the writer writes.
    @Test func copiesNumbersInTheWritersForm() throws {
        func isCopied(_ text: String) throws -> Bool {
            try Array(text.utf8).withUnsafeBytes { buffer in
                var scanner = JSONScanner(bytes: buffer, maxDepth: 512)
                return scanner.isWritersForm(try scanner.scanNumber())
            }
        }
        for text in ["188.461", "-0.5", "2.0", "0", "100", "-7", "999999999999999999", "12345678901234.5"] {
            #expect(try isCopied(text), "\(text)")
        }
        let rewritten = [
            "-0", "0.0", "-0.0", "0.05", "1.50", "1e2", "1000000000000000000", "123456789012345.6",
            "0.1234567890123456",
        ]
        for text in rewritten {
            #expect(try !isCopied(text), "\(text)")
        }
    }

    @Test(arguments: [
        "", "   ", "nul", "tru", "01", "-", "1.", "1e", "+1", "NaN", "'single'",
        #""abc"#, #""ab\"#, #""a\qb""#, #""\u12G4""#, "\"a\nb\"", "\"a\u{01}\"",
        "[1 2]", "[1,]", "[", "{", #"{"a":1 "b":2}"#, #"{"a" 1}"#, "{1:2}", #"{"a":1,}"#, #"{"a"}"#,
        #"{"a\q": 1}"#, #"["\u00"]"#, "[1}", #"{"a": 1]"#,
    ])
    func rejectsWhatTheParserRejects(text: String) {
        #expect(parseAndWrite(Array(text.utf8)) == .failure)
        #expect(transcode(Array(text.utf8)) == .failure)
    }

    @Test func leavesValuesTheWriterRewritesToTheParser() {
        // A key that is a tag of the store's JSON (`$bytes`) needs the `$map` form when it is an
        // object's only key. So any `$` key goes to the parser, which decides.
        #expect(transcode(Array(#"{"$bytes": "AAE="}"#.utf8)) == .needsDecoding)
        #expect(transcode(Array(#"[1, {"a": 1, "$map": 2}]"#.utf8)) == .needsDecoding)

        // Invalid UTF-8, which the parser repairs to U+FFFD, in a value and in a key.
        let invalidValue: [UInt8] = Array(#"["ok", "bad "#.utf8) + [0xff, 0x22, 0x5d]
        #expect(transcode(invalidValue) == .needsDecoding)
        let invalidKey: [UInt8] = [0x7b, 0x22, 0xc3, 0x22, 0x3a, 0x31, 0x7d]
        #expect(transcode(invalidKey) == .needsDecoding)
        #expect(parseAndWrite(invalidKey) == .text("{\"\u{FFFD}\":1}", end: 7))
    }

    @Test func reportsUnescapedLengthOfStrings() {
        for (text, length) in [
            (#""""#, 0), (#""abc""#, 3), (#""a\nb""#, 3), (#""\u0001""#, 1), (#""\u00e9""#, 2),
            (#""\ud83d\ude00""#, 4), (#""\/""#, 1), ("\"\u{e9}\"", 2),
        ] {
            let written = Array(text.utf8).withUnsafeBytes { buffer in
                var scanner = JSONScanner(bytes: buffer, maxDepth: 8)
                var output: [UInt8] = []
                return try? scanner.transcodeString(into: &output)
            }
            #expect(written == length, "\(text)")
        }
    }

    @Test func nestingLimitMatchesParser() {
        for depth in [63, 64, 65, 512, 513] {
            let arrays = Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
            #expect(transcode(arrays) == parseAndWrite(arrays), "arrays nested \(depth) deep")

            let objects = Array(
                (String(repeating: #"{"k": [1, "#, count: depth) + "2" + String(repeating: "]}", count: depth)).utf8
            )
            #expect(transcode(objects, maxDepth: 2 * depth) == parseAndWrite(objects, maxDepth: 2 * depth))
        }
        #expect(transcode(Array("[[{}]]".utf8), maxDepth: 2) == .failure)
        #expect(transcode(Array(String(repeating: "[", count: 100_000).utf8)) == .failure)
    }

    @Test func randomDocumentsMatchTheWriter() {
        // Documents shaped like Salt returns, written as Python's `json.dumps` may write them:
        // spaces after separators, `\uXXXX` for non-ASCII when `ensure_ascii` is on, and every
        // escape form a JSON writer may choose.
        var random = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let text = RandomJSON.document(using: &random)
            let document = Array(text.utf8)
            let expected = parseAndWrite(document)
            #expect(expected != .failure, "\(text)")
            switch transcode(document) {
            case .needsDecoding: #expect(text.contains(#""$"#), "\(text)")
            case let transcoded: #expect(transcoded == expected, "\(text)")
            }
        }
    }
}

/// Random JSON text with the spellings writers other than saltpan's use.
private enum RandomJSON {
    static func document(using random: inout SplitMix64) -> String {
        value(depth: 0, using: &random)
    }

    private static func value(depth: Int, using random: inout SplitMix64) -> String {
        let kind = Int.random(in: 0..<(depth > 4 ? 5 : 7), using: &random)
        let space = Bool.random(using: &random) ? " " : ""
        switch kind {
        case 0: return ["null", "true", "false"].randomElement(using: &random) ?? "null"
        case 1: return number(using: &random)
        case 2, 3, 4: return string(using: &random)
        case 5:
            let count = Int.random(in: 0..<5, using: &random)
            let items = (0..<count).map { _ in value(depth: depth + 1, using: &random) }
            return "[" + space + items.joined(separator: "," + space) + space + "]"
        default:
            let count = Int.random(in: 0..<5, using: &random)
            let members = (0..<count).map { _ in
                string(using: &random) + space + ":" + space + value(depth: depth + 1, using: &random)
            }
            return "{" + space + members.joined(separator: "," + space) + space + "}"
        }
    }

    private static func number(using random: inout SplitMix64) -> String {
        let choices = [
            String(Int64.random(in: -1_000_000...1_000_000, using: &random)),
            String(UInt64.random(in: 0...UInt64.max, using: &random)),
            String(Double.random(in: -1e6...1e6, using: &random)),
            "\(Int.random(in: 1...9, using: &random))e\(Int.random(in: -30...30, using: &random))",
            "-0.0", "0", "1E+400", "123456789012345678901234567890",
        ]
        return choices.randomElement(using: &random) ?? "0"
    }

    /// Returns a string of pieces, each plain text, a short escape, a `\u` escape or raw UTF-8.
    private static func string(using random: inout SplitMix64) -> String {
        let pieces = [
            "abc", "web1.example.com", " ", "$", "_|-", "\\n", "\\t", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r",
            "\\u0000", "\\u001b", "\\u001B", "\\u0008", "\\u000a", "\\u007f", "\\u00e9", "\\u00E9", "\\u20ac",
            "\\ud83d\\ude00", "\\ud800", "\\udfff", "\u{e9}", "\u{20ac}", "\u{1F600}", "\u{7f}",
        ]
        let count = Int.random(in: 0..<8, using: &random)
        let content = (0..<count).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
        return "\"" + content + "\""
    }
}
