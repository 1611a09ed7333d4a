import Testing

@testable import SaltPanCore

/// Returns that the event log reader kept as text (`ReturnRecord.encodedValue`) are stored and
/// judged as the same returns decoded.
@Suite struct EncodedReturnTests {
    /// A state run with one failed state of two, as Salt 3008's `state.apply` returns it.
    static let stateRun: Value = .object([
        "file_|-nginx.conf_|-/etc/nginx/nginx.conf_|-managed": .object([
            "result": .bool(false), "comment": .string("Source file salt://nginx/nginx.conf not found"),
            "name": .string("/etc/nginx/nginx.conf"), "changes": .map([]), "__run_num__": .int(1),
        ]),
        "pkg_|-nginx_|-nginx_|-installed": .object([
            "result": .bool(true), "comment": .string("All specified packages are already installed"),
            "name": .string("nginx"), "changes": .map([]), "__run_num__": .int(0),
        ]),
    ])

    static func record(_ value: Value, keepsValue: Bool, retcode: Int64 = 0) -> ReturnRecord {
        var record = ReturnRecord(jid: MergeTests.jid, minion: "web01", value: keepsValue ? value : nil, form: .event)
        record.encodedValue = EncodedValue(
            text: JSONWriter.lossless.encode(value),
            isTruthy: OutcomeRule.exitSuccess(value)
        )
        record.retcode = retcode
        record.success = true
        return record
    }

    /// Writes `record` as the return of a `state.apply` job and returns the store.
    static func storeStateRun(_ record: ReturnRecord) throws -> Store {
        let store = try IngestTests.newStore()
        try MergeTests.ingest(store, name: "events") { writer in
            try writer.write(MergeTests.job(function: "state.apply", arguments: [.string("nginx")]))
            try writer.write(record, function: "state.apply")
        }
        return store
    }

    /// Checks that `store` contains `stateRun`, judged failed for its one failed state.
    static func expectFailedStateRun(in store: Store) throws {
        let stored = "SELECT outcome || ' / ' || cause || ' / ' || inconsistency || ' / ' || exit_success FROM returns"
        #expect(
            try MergeTests.value(stored, store)
                == "failed / 1 of 2 states failed / retcode 0 although a state failed / 1"
        )
        let text = try #require(try MergeTests.value("SELECT return FROM returns", store))
        #expect(try Value(losslessJSONText: Array(text.utf8)) == stateRun)
    }

    @Test func stateRunTallyJudgesTheRun() throws {
        // The event log reader keeps a state run as text with the counts the rule reads.
        var record = Self.record(Self.stateRun, keepsValue: false)
        let tally = try #require(StateRunTally(storedText: JSONWriter.lossless.encode(Self.stateRun)))
        #expect(tally.failedCount == 1)
        record.encodedValue?.stateRunTally = tally
        try Self.expectFailedStateRun(in: try Self.storeStateRun(record))
    }

    @Test func stateRunKeptAsTextIsDecodedForTheRule() throws {
        // A state run kept as text without its counts: the writer decodes it when the job's
        // function shows that the rule reads the states.
        try Self.expectFailedStateRun(in: try Self.storeStateRun(Self.record(Self.stateRun, keepsValue: false)))
    }

    /// `stateRun` as Salt's `rawfile_json` returner writes it in an event line, with spaces after
    /// separators, and with `\/` escapes, which the store's text does not use.
    static let stateRunLineText = #"""
        {"file_|-nginx.conf_|-\/etc\/nginx\/nginx.conf_|-managed": {"result": false, \#
        "comment": "Source file salt://nginx/nginx.conf not found", "name": "\/etc\/nginx\/nginx.conf", \#
        "changes": {}, "__run_num__": 1}, "pkg_|-nginx_|-nginx_|-installed": {"result": true, \#
        "comment": "All specified packages are already installed", "name": "nginx", "changes": {}, \#
        "__run_num__": 0}}
        """#

    @Test func stateRunAsLineTextIsStoredAsTheStoreWritesIt() throws {
        // The event log reader hands a state run's map to the writer as the line's text.
        #expect(try JSONParser().parse(Array(Self.stateRunLineText.utf8)) == Self.stateRun)
        var record = ReturnRecord(jid: MergeTests.jid, minion: "web01", value: nil, form: .event)
        record.encodedValue = EncodedValue(
            sourceText: Array(Self.stateRunLineText.utf8),
            maxDepth: JSONParser.defaultMaxDepth,
            isTruthy: true
        )
        record.function = "state.apply"
        record.retcode = 0
        record.success = true
        let store = try Self.storeStateRun(record)
        try Self.expectFailedStateRun(in: store)
        #expect(
            try MergeTests.value("SELECT return FROM returns", store)
                == String(decoding: JSONWriter.lossless.encode(Self.stateRun), as: UTF8.self)
        )
    }

    @Test func lineTextThatNeedsTheValueIsDecoded() throws {
        // A key that starts with `$` is wrapped in the store's text, so the writer decodes the
        // map and writes it from the value.
        let text = #"{"$bytes": "AAE=", "b": "\u00e9"}"#
        var record = ReturnRecord(jid: MergeTests.jid, minion: "web01", value: nil, form: .event)
        record.encodedValue = EncodedValue(sourceText: Array(text.utf8), maxDepth: 8, isTruthy: true)
        record.function = "cmd.run"
        let resolved = try record.resolvingSourceText()
        #expect(resolved.encodedValue == nil)
        #expect(resolved.value == .object(["$bytes": .string("AAE="), "b": .string("é")]))
    }

    @Test func emptyMapKeptAsTextIsFalse() throws {
        // `saltutil.find_job` returns `{}` when the job has ended, and `exit_success` counts it false.
        let store = try IngestTests.newStore()
        try MergeTests.ingest(store, name: "events") { writer in
            try writer.write(Self.record(.map([]), keepsValue: false), function: "saltutil.find_job")
        }
        #expect(
            try MergeTests.value("SELECT return || ' ' || exit_success || ' ' || outcome FROM returns", store)
                == "{} 0 succeeded"
        )
    }

    @Test func textAgreesWithTheSameValueDecoded() throws {
        // The event log and then the job cache hold the same state run.
        let store = try IngestTests.newStore()
        try MergeTests.ingest(store, name: "events") { writer in
            try writer.write(Self.record(Self.stateRun, keepsValue: true, retcode: 2), function: "state.apply")
        }
        try MergeTests.ingest(store, name: "cache") { writer in
            var record = ReturnRecord(jid: MergeTests.jid, minion: "web01", value: Self.stateRun, form: .map)
            record.retcode = 2
            record.success = true
            try writer.write(record, function: "state.apply")
            #expect(writer.counts.disagreements == 0)
        }
        #expect(try MergeTests.value("SELECT count(*) FROM return_facts", store) == "0")
        #expect(try MergeTests.value("SELECT count(*) FROM return_sources", store) == "1")
        #expect(
            try MergeTests.value("SELECT outcome || ' / ' || cause FROM returns", store)
                == "failed / retcode 2, 1 of 2 states failed"
        )
    }
}
