import Testing

@testable import SaltPanCore

/// The pipeline of an event log ingest is bounded by the estimated size of its records, so a
/// record's estimate must cover the return values and loads it carries decoded.
@Suite struct EventRecordSizeTests {
    /// A return map of 100 states with a 1,000-byte comment each, about 110 KB of JSON: the shape
    /// of a large state run, which a runner or a scheduled job returns decoded.
    private static let largeMap: String = {
        let states = (0..<100).map { index in
            #""file_|-f\#(index)_|-/tmp/f\#(index)_|-managed": {"result": true, "comment": ""#
                + String(repeating: "x", count: 1_000) + #"", "changes": {}, "__run_num__": \#(index)}"#
        }
        return "{" + states.joined(separator: ", ") + "}"
    }()

    /// Reads `line` as an event log and returns the estimated size of each record.
    private func estimatedSizes(of line: String) throws -> [Int] {
        var reader = EventLineReader(stream: MemoryByteStream(Array(line.utf8)), options: EventLineReaderTests.options)
        var sizes: [Int] = []
        _ = try reader.read { sizes.append(Ingester.estimatedSize(of: $0)) }
        return sizes
    }

    @Test func runnerReturnCountsItsDecodedMap() throws {
        // A `salt/run/<jid>/ret` event as Salt 3008 writes it, with a runner's large map.
        let jid = "20261204195225614451"
        let line =
            #"{"data": {"fun": "runner.jobs.list_jobs", "jid": "\#(jid)", "user": "root", "fun_args": [], "#
            + #""_stamp": "2026-12-04T19:52:26.065175+00:00", "return": \#(Self.largeMap), "success": true}, "#
            + #""tag": "salt/run/\#(jid)/ret"}"#
        let sizes = try estimatedSizes(of: line)
        #expect(sizes.count == 2)
        #expect(sizes.max() ?? 0 >= Self.largeMap.utf8.count)
    }

    @Test func scheduledReturnCountsItsDecodedMap() throws {
        // A scheduled highstate's return: its data becomes the job's load, and its map is decoded.
        let jid = "20261204194958841792"
        let line =
            #"{"data": {"cmd": "_return", "id": "web02", "fun": "state.apply", "fun_args": [], "#
            + #""schedule": "highstate", "jid": "\#(jid)", "return": \#(Self.largeMap), "retcode": 0, "#
            + #""success": true, "_stamp": "2026-12-04T19:49:58.863600+00:00"}, "tag": "salt/job/\#(jid)/ret/web02"}"#
        let sizes = try estimatedSizes(of: line)
        #expect(sizes.count == 2)
        #expect(sizes.allSatisfy { $0 >= Self.largeMap.utf8.count })
    }

    @Test func stateRunKeptAsTextCountsItsText() throws {
        // The usual return of a published state run, kept as the line's text; its job comes
        // from a `new` event on another line.
        let jid = "20261204195230968839"
        let line =
            #"{"data": {"id": "web1", "return": \#(Self.largeMap), "retcode": 0, "fun": "state.apply"}, "#
            + #""tag": "salt/job/\#(jid)/ret/web1"}"#
        #expect(try estimatedSizes(of: line) == [256 + Self.largeMap.utf8.count])
    }

    @Test func valueSizeCountsSlotsAndBytes() {
        let slot = MemoryLayout<Value>.stride
        #expect(Value.null.estimatedMemorySize == slot)
        #expect(Value.string(String(repeating: "x", count: 1_000)).estimatedMemorySize == slot + 1_000)
        // A map of 1,000 small integers: six bytes of MessagePack each, three slots decoded.
        let map = Value.map((0..<1_000).map { Value.MapEntry(key: .int(Int64($0)), value: .int(1)) })
        #expect(map.estimatedMemorySize == slot + 2_000 * slot)
    }
}
