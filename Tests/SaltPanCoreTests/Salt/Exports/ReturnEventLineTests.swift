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
    private func read(_ bytes: [UInt8], scansReturnLines: Bool) throws -> ([String], EventStatistics) {
        var reader = EventLineReader(stream: MemoryByteStream(bytes), options: EventLineReaderTests.options)
        reader.scansReturnLines = scansReturnLines
        var described: [String] = []
        let statistics = try reader.read { described.append(String(reflecting: $0)) }
        return (described, statistics)
    }

    private func expectSameRecords(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let (scanned, scannedStatistics) = try read(bytes, scansReturnLines: true)
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

        #expect(event.tag == "salt/job/20261204195230968839/ret/web1")
        let keys = event.data.mapEntries?.map { $0.key.stringValue ?? "" }
        #expect(keys == ["id", "success", "return", "retcode", "fun", "_stamp"])
        #expect(event.data["return"] == .object(["a": .array([.int(1), .int(2)])]))
        #expect(event.data["retcode"] == .int(0))
    }

    @Test func keepsDuplicatesInOrderAndTagBeforeData() throws {
        let event = try #require(scan(#"{"tag": "t", "data": {"id": "a", "user": "x", "id": "b"}, "tag": 1}"#))
        #expect(event.tag == "t")
        #expect(
            event.data
                == .map([
                    .init(key: .string("id"), value: .string("a")), .init(key: .string("id"), value: .string("b")),
                ])
        )
        #expect(event.data["id"] == .string("a"))
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
        ]
        try expectSameRecords(Array(lines.joined(separator: "\n").utf8))
    }
}
