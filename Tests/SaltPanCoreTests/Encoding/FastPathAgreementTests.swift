import Testing

@testable import SaltPanCore

/// Hand-written inputs for the fast paths of the event log reader.
///
/// Each fast path must give exactly what the slow path it replaces gives. Compaction and copied
/// numbers must equal what `JSONWriter` writes for the parsed value, and stamps parsed from bytes
/// what the `String` parsers return.
@Suite struct FastPathAgreementTests {
    /// Parses the one value that fills `text` and writes it as the store does.
    private func parseAndWrite(_ text: String) throws -> String {
        try Array(text.utf8).withUnsafeBytes { buffer in
            var scanner = JSONScanner(bytes: buffer, maxDepth: 512)
            let value = try scanner.parseValue()
            #expect(scanner.position == buffer.count)
            return JSONWriter.lossless.text(value)
        }
    }

    private func compact(_ text: String) -> String? {
        Array(text.utf8).withUnsafeBytes { buffer in
            var scanner = JSONScanner(bytes: buffer, maxDepth: 512)
            return scanner.compactCheckedValue().map { String(decoding: $0, as: UTF8.self) }
        }
    }

    // Salt 3008's rawfile_json returner writes `json.dumps(ensure_ascii=False)` with ", " and
    // ": ", so compaction meets Python's separators, and hand-edited or other exporters' logs
    // bring tabs, CR and LF. `compacts` pins whether the fast path takes the value at all.
    @Test(arguments: [
        // Python's separators around `$` keys at several depths, and whitespace before the colon.
        (#"{"$a": 1}"#, false),
        (#"{"a": {"b": {"$c" : 1}}}"#, false),
        ("{\"a\": [{\"$c\"\t\r\n:\t1}]}", false),
        (#"{"$": 1}"#, false),
        (#"{"\u0024a": 1}"#, false),
        // `$` in values and array elements needs no tag. Compaction gives up only on a `$` key,
        // such as `"$f x"` in the first case.
        (#"{"a": "$b", "c": ["$d" , "$e"], "$f x": null}"#, false),
        (#"["$a" , "$b" ]"#, true),
        (#"{"a$": "$"}"#, true),
        // Duplicate keys are kept as written by both paths.
        (#"{"a": 1, "a": 2, "b": {"c": true, "c": false}}"#, true),
        // Tabs, CR and LF between every pair of tokens. The source text of a value starts and
        // ends with the value, so none comes before or after it.
        ("{\r\n\"a\"\t:\r[\n1\t,\r2.5\n]\t,\n\"b\"\r:\tnull\n}", true),
        // Escapes the writer writes as they are, and ones it rewrites.
        (#"["\n\t\"\\\b\f\r", "\u0000\u001f\u000b"]"#, true),
        (#"["\/"]"#, false),
        (#"["\u00e9"]"#, false),
        (#"["\u001F"]"#, false),
        (#"["\u007f"]"#, false),
        (#"["\u0008"]"#, false),
        (#"["\ud83d\ude00"]"#, false),
        (#"["\ud800"]"#, false),
        // Characters outside ASCII as ensure_ascii=False writes them, U+2028 included.
        ("[\"caf\u{e9} \u{1F600} \u{2028}\"]", true),
        // Numbers copied as they are, and their neighbours that the writer rewrites.
        ("[1.0, -0.5, 0.1, 10.0, 99999999999999.9, 0.100000000000001, -0.999999999999999]", true),
        ("[0.10]", false),
        ("[1e2]", false),
        ("[1.5E+2]", false),
        ("[123456789012345678, -123456789012345678]", true),
        ("[1234567890123456789]", false),
        ("[123456789012345.5]", false),
        ("[0.1000000000000001]", false),
        ("[999999999999999.0]", false),
        ("[0.01]", false),
        ("[-0]", false),
        ("[-0.0]", false),
    ])
    func compactionMatchesWriter(text: String, compacts: Bool) throws {
        let expected = try parseAndWrite(text)
        let compacted = compact(text)
        #expect((compacted != nil) == compacts)
        if let compacted {
            #expect(compacted == expected)
        }
    }

    // Numbers of a state run's `duration` and of command output, around the limits of
    // `isWritersForm`: 18 and 19 digits, 15 and 16 significant digits, and 0.1.
    @Test(arguments: [
        ("0", true), ("-7", true), ("999999999999999999", true), ("-999999999999999999", true),
        ("1000000000000000000", false), ("-1000000000000000000", false), ("-0", false),
        ("1.0", true), ("0.10", false), ("-0.5", true), ("0.5", true), ("0.1", true), ("-0.1", true),
        ("0.099", false), ("1e2", false), ("1E2", false), ("2.0e0", false), ("10.0", true),
        ("123456789012345.5", false), ("12345678901234.5", true), ("99999999999999.0", true),
        ("999999999999999.0", false), ("0.1000000000000001", false), ("0.100000000000001", true),
        ("0.999999999999999", true), ("9.99999999999999", true), ("9.999999999999999", false),
        ("1.25", true), ("188.461", true),
    ])
    func copiedNumbersMatchWriter(text: String, isCopied: Bool) throws {
        let expected = try parseAndWrite(text)
        let copied = Array(text.utf8).withUnsafeBytes { buffer -> Bool in
            var scanner = JSONScanner(bytes: buffer, maxDepth: 512)
            guard let number = try? scanner.scanNumber() else { return false }
            return scanner.position == buffer.count && scanner.isWritersForm(number)
        }
        #expect(copied == isCopied)
        if copied {
            #expect(text == expected)
        }
    }

    // Stamps as Salt writes them (with and without offset, 2014's `_`, saltshaker's space)
    // and damaged ones: cut short, trailing bytes, text outside ASCII. `parses` pins the result.
    @Test(arguments: [
        ("2026-12-04T19:50:00.928296+00:00", true), ("2026-12-04T19:50:00.928296", true),
        ("2026-12-04T19:50:00.928296-05:30", true), ("2026-12-04T19:50:00+0200", true),
        ("2026-12-04T19:50:00Z", true), ("2026-12-04t19:50:00z", true), ("2014-01-12_01:01:49.809617", true),
        ("2018-04-18 20:20:55", true), ("2026-12-04T19:50", true), ("2026-12-04", true),
        ("2026-12-04T19:50:00.1234567890", true), ("2026-12-04T19:50:00,5", true),
        ("2026-12-04T19:50:00.928296x", false), ("2026-12-04T19:50:00.928296+00:00 ", false),
        ("2026-12-04T19:50:00.", false), ("2026-12-04_", false), ("2026-12-04 ", false),
        ("2026-12-04T19:50:00.5\u{e9}", false), ("\u{e9}026-12-04T19:50:00", false),
        ("2026-12-0\u{663}T19:50:00", false), ("2026-12-04__19:50:00", false), ("", false), ("2026", false),
    ])
    func byteStampsMatchStrings(text: String, parses: Bool) {
        let fromBytes = Array(text.utf8).withUnsafeBufferPointer { SaltStamp.parse(utf8: $0) }
        #expect(fromBytes == SaltStamp.parse(text))
        #expect((fromBytes != nil) == parses)

        let isoFromBytes = Array(text.utf8).withUnsafeBufferPointer { Timestamp(iso8601: $0) }
        #expect(isoFromBytes == Timestamp(iso8601: text))
        // A substring takes the string parser's other branch.
        #expect(isoFromBytes == Timestamp(iso8601: "x\(text)".dropFirst()))
    }
}

extension ReturnEventLineTests {
    @Test func adversarialReturnLinesGiveSameRecords() throws {
        // Salt 3008 return lines changed by hand where the scanned fields could differ from the
        // full parse: whitespace, tags, stamps and numbers the reader reads from bytes.
        let jid = "20261204195230968839"
        func line(_ minion: String, _ members: String, tag: String? = nil) -> String {
            #"{"data": {"id": "\#(minion)", \#(members)}, "tag": "\#(tag ?? "salt/job/\(jid)/ret/\(minion)")"}"#
        }
        let lines = [
            // Tabs, CR and spaces between every token, and whitespace before each colon.
            "{\t\"data\"\t:\r{\"id\" : \"ws1\" ,\t\"_stamp\"\r:\t\"2026-12-04T19:50:00Z\" , \"retcode\" :0 }\t,"
                + "\"tag\"  :  \"salt/job/\(jid)/ret/ws1\" }\r",
            line(
                "ws2",
                "\"return\"\t:\t{\"s_|-a_|-a_|-b\" : {\"result\" :\ttrue , \"$x\"\t: 1}} , \"fun\": \"state.apply\""
            ),
            // Stamps with offsets, 2014's `_`, a space, trailing bytes, text outside ASCII, escapes.
            line("st1", #""_stamp": "2026-12-04T19:50:00.928296-05:30""#),
            line("st2", #""_stamp": "2026-12-04T19:50:00+0200""#),
            line("st3", #""_stamp": "2014-01-12_01:01:49.809617""#),
            line("st4", #""_stamp": "2018-04-18 20:20:55""#),
            line("st5", #""_stamp": "2026-12-04T19:50:00.928296 ""#),
            line("st6", "\"_stamp\": \"2026-12-04T19:50:00.5\u{e9}\""),
            line("st7", #""_stamp": "2026-12-04\u0020  19:50:00""#),
            line("st8", #""_stamp": "2026-12-04\u005f19:50:00""#),
            line("st9", "\"_stamp\": \"2026-12-04T19:50:00\u{FF}\""),
            // Tags with escapes, an empty minion, extra slashes and jids that are not Salt's.
            line("tg1", #""retcode": 0"#, tag: "salt\\/job\\/\(jid)\\/ret\\/tg1"),
            line("tg2", #""retcode": 0"#, tag: "salt/job/\(jid)/ret/"),
            line("tg3", #""retcode": 0"#, tag: "salt/job/\(jid)/ret/a/b"),
            line("tg4", #""retcode": 0"#, tag: "salt/job/\(jid)/ret//"),
            line("tg5", #""retcode": 0"#, tag: "salt/job//ret/tg5"),
            line("tg6", #""retcode": 0"#, tag: "salt/job/12345/ret/tg6"),
            line("tg7", #""retcode": 0"#, tag: "salt/job/\(jid)x/ret/tg7"),
            line("tg8", #""retcode": 0"#, tag: "salt//job/\(jid)/ret/tg8"),
            line("tg9", #""retcode": 0"#, tag: "salt/job/\(jid)/ret/t\\u00e9"),
            line("t10", #""retcode": 0"#, tag: "salt/job/\(jid)/ret/w\\\"q"),
            // Duplicate members: a second tag and data after the ones that count.
            #"{"tag": "salt/job/\#(jid)/ret/dp1", "data": {"id": "dp1", "retcode": 1}, "tag": "x", "data": 5}"#,
            #"{"data": {"retcode": 3, "retcode": 4, "success": true, "success": false}, "tag": "salt/job/\#(jid)/ret/dp2"}"#,
            // Numbers in a state run's map and in a command's map.
            line(
                "nm1",
                #""return": {"s_|-a_|-a_|-b": {"result": true, "duration": 0.10, "n": [1.0, -0.5, 1e2, 123456789012345678, "#
                    + #"1234567890123456789, 123456789012345.5, 0.1000000000000001]}}, "fun": "state.apply""#
            ),
            line("nm2", #""return": {"n": [1.0, 0.10, -0.5, 1e2, 123456789012345.5]}, "fun": "cmd.run""#),
            line("nm3", #""return": 0.10, "retcode": 1.0, "fun": "cmd.run""#),
            // Strings the writer escapes differently, in a map kept as text.
            line("sx1", #""return": {"a": "\/ \u00e9 \u001F \ud83d\ude00 \ud800", "\u0024k": 1}, "fun": "cmd.run""#),
        ]
        let bytes = Array(lines.joined(separator: "\n").utf8)
        try expectSameRecords(bytes)
        try expectSameRecords(bytes, resolvesSourceText: true)
    }

    @Test func otherMembersAtNestingLimitGiveSameRecords() throws {
        // A member beside `tag` and `data` is one level below the event, so it may nest 511
        // levels under the parser's limit of 512.
        let jid = "20261204195230968839"
        var lines: [String] = []
        for depth in [510, 511, 512] {
            let nested = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            lines.append(
                #"{"data": {"id": "d\#(depth)", "retcode": 0}, "x": \#(nested), "#
                    + #""tag": "salt/job/\#(jid)/ret/d\#(depth)"}"#
            )
        }
        try expectSameRecords(Array(lines.joined(separator: "\n").utf8))
    }
}
