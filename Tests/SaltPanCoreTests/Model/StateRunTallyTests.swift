import Foundation
import Testing

@testable import SaltPanCore

/// `StateRunTally` counted from the store's text must give what the outcome rule reads from the
/// decoded value, or nil so that the caller decodes.
@Suite struct StateRunTallyTests {
    /// Returns the counts as `StateResult.results(in:)` gives them, which the tally replaces in the
    /// rule.
    static func countsFromResults(_ value: Value) -> [Int]? {
        guard let results = StateResult.results(in: value) else { return nil }
        return [results.count, results.count { $0.result == false }, results.count { $0.result == nil }]
    }

    static func counts(_ tally: StateRunTally?) -> [Int]? {
        tally.map { [$0.stateCount, $0.failedCount, $0.undecidedCount] }
    }

    static func tallyOfText(_ value: Value) -> StateRunTally? {
        StateRunTally(storedText: JSONWriter.lossless.encode(value))
    }

    static func parse(_ json: String) throws -> Value {
        try JSONParser().parse(Array(json.utf8))
    }

    /// The returns of every `state.*` job in the real event log of a Salt 3008.4 master: state
    /// runs with failed and passing states, test runs and render errors.
    @Test func realStateRunsGiveTheSameCounts() throws {
        let log = try String(contentsOfFile: Fixtures.path("salt-3008/events.jsonl"), encoding: .utf8)
        var stateRuns = 0
        var failedStates = 0
        for line in log.split(separator: "\n") {
            guard let event = try? JSONParser().parse(Array(line.utf8)),
                event["data"]?["fun"]?.stringValue?.hasPrefix("state.") == true,
                let value = event["data"]?["return"]
            else { continue }

            let fromResults = Self.countsFromResults(value)
            #expect(Self.counts(StateRunTally(value: value)) == fromResults, "\(line.prefix(120))")
            #expect(Self.counts(Self.tallyOfText(value)) == fromResults, "\(line.prefix(120))")
            if let fromResults {
                stateRuns += 1
                failedStates += fromResults[1]
            }
        }
        // 34 of the 39 returns are maps of states. The other 5 are render errors (lists).
        #expect(stateRuns == 34)
        #expect(failedStates > 0)
    }

    @Test func handWrittenShapes() throws {
        let passed = #""result": true"#
        let cases: [(json: String, counts: [Int]?)] = [
            (#"{"file_|-motd_|-/etc/motd_|-managed": {\#(passed)}}"#, [1, 0, 0]),
            // A name that contains the separator itself.
            (#"{"cmd_|-run_|-echo _|- x_|-run": {"result": false}, "pkg_|-a_|-a_|-installed": {}}"#, [2, 1, 1]),
            // A test run's `None`, a result that is not a boolean, and duplicate keys: the first wins.
            (#"{"a_|-b_|-c_|-d": {"result": null}, "e_|-f_|-g_|-h": {"result": "False"}}"#, [2, 0, 2]),
            (#"{"a_|-b_|-c_|-d": {"result": true, "result": false}}"#, [1, 0, 0]),
            (#"{"a_|-b_|-c_|-d": {"result": false, "comment": {"result": true}}}"#, [1, 1, 0]),
            // Not maps of states.
            (#"{}"#, nil),
            (#"{"a_|-b_|-c": {\#(passed)}}"#, nil),
            (#"{"a_|-b_|-c_|-d": true}"#, nil),
            (#"{"a_|-b_|-c_|-d": {\#(passed)}, "retcode": 0}"#, nil),
        ]
        for (json, expected) in cases {
            let value = try Self.parse(json)
            #expect(Self.countsFromResults(value) == expected, "\(json)")
            #expect(Self.counts(StateRunTally(value: value)) == expected, "\(json)")
            #expect(Self.counts(Self.tallyOfText(value)) == expected, "\(json)")
        }
    }

    /// Keys with escape sequences, as `cmd.run` states named after a quoted command have them.
    @Test func escapedKeysAreCounted() throws {
        let value = try Self.parse(
            #"{"file_|-c_|-C:\\salt\\motd_|-managed": {"result": true}, "#
                + #""cmd_|-check_|-echo \"GET /health\"\n_|-run": {"res\u0075lt": false, "result": false}}"#
        )
        #expect(Self.countsFromResults(value) == [2, 1, 0])
        #expect(Self.counts(StateRunTally(value: value)) == [2, 1, 0])
        #expect(Self.counts(Self.tallyOfText(value)) == [2, 1, 0])
    }

    /// Text the count cannot read without decoding gives nil, though the value is a state run.
    @Test func taggedValuesAskForDecoding() throws {
        // A state whose value is bytes: the text is an object, the value is not a map.
        let bytes = Value.map([.init(key: .string("a_|-b_|-c_|-d"), value: .bytes([0, 1]))])
        #expect(StateRunTally(value: bytes) == nil)
        #expect(Self.tallyOfText(bytes) == nil)

        // A state whose map has a key that is not a string is a map, written with `$map`.
        let integerKey = Value.map([
            .init(key: .string("a_|-b_|-c_|-d"), value: .map([.init(key: .int(1), value: .bool(false))]))
        ])
        #expect(Self.counts(StateRunTally(value: integerKey)) == [1, 0, 1])
        #expect(Self.tallyOfText(integerKey) == nil)
    }

    /// Random maps of states, with keys and results that put each step of the count on both
    /// sides: the count of the text is nil or the count of the value.
    @Test func randomStateRunsAgree() throws {
        var generator = SplitMix64(seed: 20_261_205)
        let keyParts = ["a", "_|-", "_", "|", "-", "_|", "|-", "\\", "\"", "\n", "é", "$"]
        let results: [Value?] = [.bool(true), .bool(false), .null, .string("true"), .int(1), nil]
        var agreed = 0

        for _ in 0..<2_000 {
            var entries: [Value.MapEntry] = []
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                // Most keys are tags whose parts contain the pieces. The rest are the pieces alone.
                let pieces = (0..<Int.random(in: 1...9, using: &generator)).map { _ in
                    keyParts.randomElement(using: &generator)!
                }
                let key =
                    Bool.random(using: &generator)
                    ? "cmd_|-" + pieces.prefix(2).joined() + "_|-" + pieces.dropFirst(2).joined() + "_|-run"
                    : pieces.joined()
                var state: [Value.MapEntry] = [.init(key: .string("comment"), value: .string("ok"))]
                if let result = results.randomElement(using: &generator)! {
                    let position = Int.random(in: 0...1, using: &generator)
                    state.insert(.init(key: .string("result"), value: result), at: position)
                }
                let stateValue: Value = Int.random(in: 0..<10, using: &generator) == 0 ? .array([]) : .map(state)
                entries.append(.init(key: .string(key), value: stateValue))
            }
            let value = Value.map(entries)
            let expected = Self.countsFromResults(value)
            #expect(Self.counts(StateRunTally(value: value)) == expected, "\(value)")
            if let fromText = Self.tallyOfText(value) {
                #expect(Self.counts(fromText) == expected, "\(value)")
                agreed += 1
            }
        }
        #expect(agreed > 250)
    }

    @Test func stateTagMatchesTagParts() {
        var generator = SplitMix64(seed: 7)
        let pieces = ["_", "|", "-", "_|-", "a", "__|--"]
        for _ in 0..<5_000 {
            let tag = (0..<Int.random(in: 0...10, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            #expect(StateRunTally.isStateTag(tag.utf8) == (StateResult.tagParts(tag).count >= 4), "\(tag)")
        }
    }
}
