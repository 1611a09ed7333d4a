import Foundation
import Testing

@testable import SaltPanCore

/// Job return lines read with `ReturnEventLine`, which builds only the members the interpreter
/// reads, must give the same records as a full parse of every line.
@Suite struct ReturnEventLineTests {
    private func scan(_ line: String, maxDepth: Int = JSONParser.defaultMaxDepth) -> ReturnEventLine? {
        Array(line.utf8).withUnsafeBytes { ReturnEventLine.scan($0, maxDepth: maxDepth) }
    }

    /// Reads `bytes` as an event log and returns the counts and every record, each described
    /// in full so that two readings compare field by field.
    ///
    /// A return is described by its decoded value, the text the store writes for it and its
    /// truth for `exit_success`, whether the reader kept it as text or decoded it.
    private func read(
        _ bytes: [UInt8],
        scansReturnLines: Bool,
        resolvesSourceText: Bool = false
    ) throws -> ([String], EventStatistics) {
        var reader = EventLineReader(stream: MemoryByteStream(bytes), options: EventLineReaderTests.options)
        reader.scansReturnLines = scansReturnLines
        reader.resolvesSourceTextNow = { resolvesSourceText }
        var described: [String] = []
        let statistics = try reader.read { record in
            guard case .returned(let read) = record else {
                described.append(String(reflecting: record))
                return
            }
            var returned = try read.resolvingSourceText()
            try Self.expectValueOnlyAsTextWhereAllowed(returned)
            let value = try returned.decodedValue()
            let text = returned.encodedValue?.text ?? value.map(JSONWriter.lossless.encode)
            let isTruthy = returned.encodedValue?.isTruthy ?? OutcomeRule.exitSuccess(value)
            returned.value = value
            returned.encodedValue = nil
            let storedText = text.map { String(decoding: $0, as: UTF8.self) } ?? "nil"
            described.append("\(String(reflecting: returned)) stored \(storedText) truthy \(isTruthy)")
        }
        return (described, statistics)
    }

    /// Checks the promise of `ReturnRecord.encodedValue`: a value left undecoded is a long
    /// string, a map of a function whose outcome rule reads no members, or a state run's map
    /// with the tally of its decoded value.
    private static func expectValueOnlyAsTextWhereAllowed(_ record: ReturnRecord) throws {
        guard record.value == nil, let encoded = record.encodedValue else { return }
        let decoded = try encoded.decoded()
        switch decoded {
        case .string(let text):
            #expect(text.utf8.count > OutcomeRule.searchedTextLimit)
        case .map:
            let function = try #require(record.function)
            if function.hasPrefix("state.") {
                #expect(encoded.stateRunTally != nil)
                #expect(encoded.stateRunTally == StateRunTally(value: decoded))
            } else {
                #expect(!OutcomeRule.readsMembers(function: function))
            }
        default:
            Issue.record("a return kept only as text is neither a string nor a map: \(record)")
        }
    }

    func expectSameRecords(
        _ bytes: [UInt8],
        resolvesSourceText: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let (scanned, scannedStatistics) = try read(
            bytes,
            scansReturnLines: true,
            resolvesSourceText: resolvesSourceText
        )
        let (parsed, parsedStatistics) = try read(bytes, scansReturnLines: false)
        #expect(scannedStatistics == parsedStatistics, sourceLocation: sourceLocation)
        #expect(scanned.count == parsed.count, sourceLocation: sourceLocation)
        for (index, (scannedRecord, parsedRecord)) in zip(scanned, parsed).enumerated()
        where scannedRecord != parsedRecord {
            Issue.record("record \(index) differs:\n\(scannedRecord)\n\(parsedRecord)", sourceLocation: sourceLocation)
            return
        }
    }

    // MARK: - Scanning one line

    @Test func keepsOnlyReturnMembers() throws {
        // A return line as Salt 3008's rawfile_json returner writes it.
        let line =
            #"{"data": {"cmd": "_return", "id": "web1", "success": true, "return": {"a": [1, 2]}, "#
            + #""retcode": 0, "jid": "20261204195230968839", "fun": "cmd.run", "fun_args": ["uptime"], "#
            + #""_stamp": "2026-12-04T19:52:31.123456"}, "tag": "salt/job/20261204195230968839/ret/web1"}"#
        let event = try #require(scan(line))

        #expect(event.kind == .jobReturn(jid: "20261204195230968839", minion: "web1"))
        #expect(event.fields.id == .string("web1"))
        #expect(event.fields.success == .bool(true))
        #expect(event.fields.retcode == .int(0))
        #expect(event.fields.function == .string("cmd.run"))
        #expect(event.fields.outputter == nil)
        #expect(event.fields.schedule == nil)
        #expect(event.fields.returnValue == nil)
        let stamp = try #require(Timestamp(iso8601: "2026-12-04T19:52:31.123456Z"))
        #expect(event.fields.stamp == .parsed(stamp))
        #expect(event.encodedReturn?.text == Array(#"{"a": [1, 2]}"#.utf8))
        #expect(try resolved(event).encodedValue?.text == Array(#"{"a":[1,2]}"#.utf8))
    }

    /// Returns the record the interpreter makes of `event`, with its source text resolved as the
    /// writer resolves it.
    private func resolved(_ event: ReturnEventLine) throws -> ReturnRecord {
        var record = ReturnRecord(
            jid: "20261204195230968839",
            minion: "web1",
            value: event.fields.returnValue,
            form: .event
        )
        record.encodedValue = event.encodedReturn
        record.function = LoadReader.functionName(event.fields.function)
        return try record.resolvingSourceText()
    }

    @Test func keepsLongStringsAndMapsAsText() throws {
        func line(_ value: String, function: String? = "cmd.run") -> String {
            let fun = function.map { #", "fun": "\#($0)""# } ?? ""
            return #"{"data": {"id": "web1", "return": \#(value), "retcode": 0\#(fun)}, "tag": "salt/job/1/ret/web1"}"#
        }
        let long = "\"" + String(repeating: "line\\n", count: 300) + "\""

        // A long command output: only text, whatever the function.
        let output = try #require(scan(line(long, function: "state.apply")))
        #expect(output.fields.returnValue == nil)
        #expect(output.encodedReturn?.text == Array(long.utf8))
        #expect(output.encodedReturn?.isTruthy == true)

        // A short one is decoded, since the outcome rule searches it for "is running as PID".
        let short = try #require(scan(line(#""up 3 days""#)))
        #expect(short.fields.returnValue == .string("up 3 days"))
        #expect(short.encodedReturn == nil)

        // A map: the line's text for `cmd.run` and a state run, which the writer turns into the
        // store's text. The event and its data take two of the parser's nesting levels.
        let map = #"{"a": [1, 2.0], "b": {}}"#
        for function in ["cmd.run", "state.apply"] {
            let event = try #require(scan(line(map, function: function)))
            #expect(event.fields.returnValue == nil)
            let encoded = try #require(event.encodedReturn)
            #expect(encoded.text == Array(map.utf8))
            #expect(encoded.form == .source(maxDepth: JSONParser.defaultMaxDepth - 2))
            #expect(encoded.isTruthy)
            let record = try resolved(event)
            #expect(record.encodedValue?.text == Array(#"{"a":[1,2.0],"b":{}}"#.utf8))
            #expect(record.encodedValue?.form == .stored)
        }
        // Decoded, not kept as text, where the rule reads members or no function is named.
        for function in ["runner.jobs.list_jobs", nil] {
            let event = try #require(scan(line(map, function: function)))
            #expect(event.fields.returnValue == .object(["a": .array([.int(1), .double(2)]), "b": .map([])]))
            #expect(event.encodedReturn == nil)
        }
        // A state run that is not a map of states is decoded by the writer for the rule.
        let notStates = try resolved(try #require(scan(line(map, function: "state.apply"))))
        #expect(notStates.value == .object(["a": .array([.int(1), .double(2)]), "b": .map([])]))
        #expect(notStates.encodedValue?.stateRunTally == nil)

        // A state run's map of states: only text, with the counts the outcome rule reads.
        let states = #"{"pkg_|-vim_|-vim_|-installed": {"result": false}, "file_|-a_|-/a_|-managed": {"result": null}}"#
        let stateRun = try #require(scan(line(states, function: "state.apply")))
        #expect(stateRun.fields.returnValue == nil)
        let stateRecord = try resolved(stateRun)
        #expect(stateRecord.value == nil)
        let tally = try #require(stateRecord.encodedValue?.stateRunTally)
        #expect(tally.stateCount == 2)
        #expect(tally.failedCount == 1)
        #expect(tally.undecidedCount == 1)
        #expect(try #require(scan(line(states, function: "runner.state.orchestrate"))).fields.returnValue != nil)
        #expect(try #require(scan(line("{ }"))).encodedReturn?.isTruthy == false)

        // A shape whose text needs the decoded value is decoded by the writer. Of two `return`
        // members the first counts, as `Value`'s subscript finds it.
        let tagged = try resolved(try #require(scan(line(#"{"$bytes": "AAE="}"#))))
        #expect(tagged.encodedValue == nil)
        #expect(tagged.value == .object(["$bytes": .string("AAE=")]))
        let twice = try #require(scan(line(#"{"a": 1}, "return": 2"#)))
        #expect(twice.encodedReturn?.text == Array(#"{"a": 1}"#.utf8))
        #expect(twice.fields.returnValue == nil)
    }

    @Test func keepsFirstOfDuplicatesAndTagBeforeData() throws {
        let event = try #require(
            scan(
                #"{"tag": "salt/job/20261204195230968839/ret/w", "data": {"id": "a", "user": "x", "id": "b"}, "tag": 1}"#
            )
        )
        #expect(event.kind == .jobReturn(jid: "20261204195230968839", minion: "w"))
        #expect(event.fields.id == .string("a"))
    }

    @Test func readsTagsAndStampsWithEscapesToo() throws {
        // `\u002f` is `/` and `\u0032` is `2`: the same tag and stamp, written with escapes.
        let line =
            #"{"data": {"_stamp": "\u0032026-12-04T19:52:31.5", "id": "w"}, "#
            + #""tag": "salt\u002fjob/20261204195230968839/ret/w"}"#
        let event = try #require(scan(line))
        #expect(event.kind == .jobReturn(jid: "20261204195230968839", minion: "w"))
        #expect(event.fields.stamp == .value(.string("2026-12-04T19:52:31.5")))

        // A stamp that is no timestamp stays text, for the interpreter to report.
        let odd = try #require(scan(#"{"data": {"_stamp": "yesterday", "_stamp": 1}, "tag": "t"}"#))
        #expect(odd.kind == .other)
        #expect(odd.fields.stamp == .value(.string("yesterday")))
    }

    @Test(arguments: [
        #"{"data": {"id": "a"}}"#,
        #"{"tag": "t"}"#,
        #"{"data": {"id": "a"}, "tag": 7}"#,
        #"{"data": [1], "tag": "t"}"#,
        #"{"data": {"i\u0064": "a"}, "tag": "t"}"#,
        #"{"data": {"id": "a"}, "tag": "t"} {}"#,
        #"{"data": {"id": "a", "cmd": "_ret"#,
        #"{"data": {"id": "a"}, "tag": "t",}"#,
        #"{"data": {"id": 01}, "tag": "t"}"#,
        #"{"data": {"user": tru}, "tag": "t"}"#,
        "{}",
    ])
    func rejectsWhatNeedsFullParse(line: String) {
        #expect(scan(line) == nil)
    }

    @Test(arguments: [
        (#"{"data": {"id": "web1"}, "tag": "salt/job/20261204195230968839/ret/web1"}"#, true),
        (#"{"data": {"minions": ["web1"]}, "tag": "salt/job/20261204195230968839/new"}"#, false),
        (#"{"data": {}, "tag": "salt/auth"}"#, false),
        (#"{"data": {}, "tag": "salt/run/20261204195230968839/ret"}"#, false),
        (#"{"tag": "salt/job/20261204195230968839/new", "data": {}}"#, true),
        (#"{"data": {}, "tag": "a\"b"}"#, true),
        (#"{"data": {}, "tag": "salt/job/1/ret/m"} "#, true),
        (#""}"#, true),
        ("", true),
    ])
    func lastStringSortsOutOtherEvents(line: String, mayBeReturn: Bool) {
        let answer = Array(line.utf8).withUnsafeBytes { ReturnEventLine.mayBeJobReturn($0) }
        #expect(answer == mayBeReturn)
    }

    @Test func nestingLimitMatchesParser() throws {
        // The event and its data are two levels, so a return nested 510 levels deep is the most
        // a parser with the default limit of 512 accepts.
        for depth in [509, 510, 511] {
            let value = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            for key in ["return", "fun_args"] {
                let line = #"{"data": {"\#(key)": \#(value)}, "tag": "t"}"#
                let parses = (try? JSONParser().parse(Array(line.utf8))) != nil
                #expect(parses == (depth <= 510))
                #expect((scan(line) != nil) == parses, "\(key) nested \(depth) deep")
            }
        }
    }

    // MARK: - Whole logs

    @Test func corpusLogGivesSameRecords() throws {
        // The real Salt 3008.4 log: returns of every kind, runner and scheduled jobs, batches and
        // six corrupt lines.
        try expectSameRecords(ExportFixtures.bytes(EventLineReaderTests.eventLog))
    }

    @Test func generatedLogGivesSameRecords() throws {
        // The benchmark mix: state runs with failures, long outputs, missing minions and
        // scheduled rounds.
        let folder = try GeneratedInputIngestTests.shared.get().folder
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/events.jsonl")))
        try expectSameRecords(bytes)
        try expectSameRecords(bytes, resolvesSourceText: true)
    }

    @Test func readerResolvesSourceTextOnRequest() throws {
        let line =
            #"{"data": {"id": "web1", "return": {"pkg_|-vim_|-vim_|-installed": {"result": false}}, "#
            + #""retcode": 2, "fun": "state.apply"}, "tag": "salt/job/20261204195230968839/ret/web1"}"#
        for resolves in [false, true] {
            var reader = EventLineReader(
                stream: MemoryByteStream(Array(line.utf8)),
                options: EventLineReaderTests.options
            )
            reader.resolvesSourceTextNow = { resolves }
            var encoded: [EncodedValue?] = []
            _ = try reader.read { record in
                if case .returned(let returned) = record { encoded.append(returned.encodedValue) }
            }
            let form: EncodedValue.Form = resolves ? .stored : .source(maxDepth: JSONParser.defaultMaxDepth - 2)
            #expect(encoded.map { $0?.form } == [form])
            #expect(encoded.map { $0?.stateRunTally?.failedCount } == [resolves ? 1 : nil])
        }
    }

    @Test func damagedReturnLinesGiveSameRecords() throws {
        // Return lines of the real log with one byte changed to a byte JSON treats specially, one
        // byte removed or a piece repeated, so that both readers meet the same broken lines.
        let text = String(decoding: try ExportFixtures.bytes(EventLineReaderTests.eventLog), as: UTF8.self)
        let returnLines = text.split(separator: "\n").filter { $0.contains("\"tag\": \"salt/job/") }.map {
            Array($0.utf8)
        }
        let special = Array("{}[]:,\"\\ 0-etn\u{1}".utf8)
        var random = SplitMix64(seed: 11)
        var damaged: [UInt8] = []
        for _ in 0..<3000 {
            var line = returnLines.randomElement(using: &random) ?? []
            let index = Int.random(in: 0..<line.count, using: &random)
            switch Int.random(in: 0..<3, using: &random) {
            case 0: line[index] = special.randomElement(using: &random) ?? 0x20
            case 1: line.remove(at: index)
            default: line.insert(contentsOf: line[index..<min(line.count, index + 12)], at: index)
            }
            damaged += line + [0x0a]
        }
        try expectSameRecords(damaged)
    }

    @Test func oddReturnLinesGiveSameRecords() throws {
        // Shapes no real log in the fixtures has: a scheduled return, keys out of order, the tag
        // first, an escaped key, a second data member and a return that is not an object.
        let jid = "20261204195230968839"
        let lines = [
            #"{"tag": "salt/job/\#(jid)/ret/web1", "data": {"id": "web1", "return": true, "retcode": 0}}"#,
            #"{"data": {"i\u0064": "web2", "return": "x", "retcode": 1}, "tag": "salt/job/\#(jid)/ret/web2"}"#,
            #"{"data": {"id": "web3", "return": 1}, "data": {}, "tag": "salt/job/\#(jid)/ret/web3"}"#,
            #"{"data": {"id": "web4", "fun": "test.ping", "schedule": "ping", "return": true, "#
                + #""fun_args": [], "_stamp": "2026-12-04T19:52:31.123456"}, "tag": "salt/job/\#(jid)/ret/web4"}"#,
            #"{"data": "not an object", "tag": "salt/job/\#(jid)/ret/web5"}"#,
            #"{"data": {"id": "web6", "_stamp": "yesterday"}, "tag": "salt/job/\#(jid)/ret/web6"}"#,
            #"{"data": {"id": "web7", "return": {"k": [1, {"x": null}]}}, "tag": "salt/job/\#(jid)/ret/"}"#,
            // Stamps of every shape: escaped, of 2014, with a space, not text, twice, and cut short.
            #"{"data": {"id": "web8", "_stamp": "2026-12-04T19:52:31\u002e5"}, "tag": "salt/job/\#(jid)/ret/web8"}"#,
            #"{"data": {"id": "web9", "_stamp": "2014-01-12_01:01:49.809617"}, "tag": "salt/job/\#(jid)/ret/web9"}"#,
            #"{"data": {"_stamp": "2018-04-18 20:20:55", "id": "w10"}, "tag": "salt/job/\#(jid)/ret/w10"}"#,
            #"{"data": {"id": "w11", "_stamp": 1733341951}, "tag": "salt/job/\#(jid)/ret/w11"}"#,
            #"{"data": {"_stamp": "bad", "_stamp": "2026-12-04T19:52:31Z"}, "tag": "salt/job/\#(jid)/ret/w12"}"#,
            #"{"data": {"id": "w13", "_stamp": "2026-12-04"}, "tag": "salt/job/\#(jid)/ret/w13"}"#,
            // Tags with escapes, one of them in the jid, and a minion id that is not ASCII.
            #"{"data": {"id": "w14"}, "tag": "salt/job/\#(jid)/ret/w\u0031\u0034"}"#,
            #"{"data": {"retcode": 0}, "tag": "salt/job/2026120419523096883\u0039/ret/w15"}"#,
            "{\"data\": {\"retcode\": 0}, \"tag\": \"salt/job/\(jid)/ret/w\u{FF}16\"}",
        ]
        try expectSameRecords(Array(lines.joined(separator: "\n").utf8))
    }
}

extension ReturnEventLineTests {
    @Test func oddMapsGiveSameRecords() throws {
        // Return maps whose stored text needs care (escapes, `$` keys, invalid UTF-8, numbers,
        // nesting), and shapes of `fun` and `return` that decide whether a map is decoded. No log
        // in the fixtures has them, so each line is a Salt 3008 return line changed by hand.
        let jid = "20261204195230968839"
        func line(_ minion: String, _ returned: String, function: String = #""state.apply""#) -> String {
            #"{"data": {"id": "\#(minion)", "return": \#(returned), "retcode": 0, "fun": \#(function)}, "#
                + #""tag": "salt/job/\#(jid)/ret/\#(minion)"}"#
        }
        func duplicated(_ minion: String, _ members: String) -> String {
            #"{"data": {"id": "\#(minion)", \#(members)}, "tag": "salt/job/\#(jid)/ret/\#(minion)"}"#
        }
        let numbers =
            "[1E400, -0, 1.0e-400, 123456789012345678901234567890, -9223372036854775809, 18446744073709551615]"
        var lines = [
            line("dollar-state", #"{"x": {"y": {"$z": 1}}}"#),
            line("dollar-cmd", #"{"x": {"y": {"$z": 1}}}"#, function: #""cmd.run""#),
            line("invalid-utf8", "{\"x\": \"\u{FF}\"}", function: #""cmd.run""#),
            line("escapes", #"{"k\u0000": "\/\ud83d\ude00\ud800", "\ud800": 1}"#, function: #""cmd.run""#),
            line("numbers", #"{"n": \#(numbers)}"#, function: #""cmd.run""#),
            line("whitespace", "{\t\"a\"\r\n:\t{ }\r}", function: #""cmd.run""#),
            line("empty-state", "{ }"),
            line("empty-cmd", "{ }", function: #""cmd.run""#),
            line("states-not-maps", #"{"s": "not a map", "t": [1]}"#),
            line("fun-number", #"{"s": {"result": true}}"#, function: "1"),
            line("fun-null", #"{"s": {"result": true}}"#, function: "null"),
            line("wheel", #"{"s": {"result": true}}"#, function: #""wheel.key.list_all""#),
            line("runner", #"{"s": {"result": true}}"#, function: #""runner.jobs.list_jobs""#),
            duplicated("two-returns", #""return": {"a": 1}, "return": {"b": 2}, "fun": "cmd.run""#),
            duplicated("two-funs", #""return": {"a": 1}, "fun": "cmd.run", "fun": "state.apply""#),
            duplicated(
                "two-funs-state",
                #""return": {"s_|-a_|-a_|-b": {"result": false}}, "fun": "state.sls", "fun": "x.y""#
            ),
            line("state-dollar", #"{"s_|-a_|-a_|-b": {"result": false, "$x": 1}}"#),
            line("state-invalid-utf8", "{\"s_|-a_|-a_|-b\": {\"result\": \"\u{FF}\"}}"),
            line("state-result-null", #"{"s_|-a_|-a_|-b": {"result": null}, "x": 5}"#),
            line("fun-escaped", #"{"s_|-a_|-a_|-b": {"result": true}}"#, function: #""state.\u0061pply""#),
        ]
        // The event and its data take two of the parser's 512 levels, so these maps reach the limit.
        for (minion, levels, key) in [
            ("below-limit", 509, "a"), ("at-limit", 510, "a"), ("below-limit-dollar", 509, "$a"),
        ] {
            let map = String(repeating: #"{"\#(key)":"#, count: levels) + "1" + String(repeating: "}", count: levels)
            lines.append(line(minion, map, function: #""cmd.run""#))
        }

        let bytes = Array(lines.joined(separator: "\n").utf8)
        try expectSameRecords(bytes)
        try expectSameRecords(bytes, resolvesSourceText: true)
    }
}
