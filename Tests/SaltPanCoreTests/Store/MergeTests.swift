import Testing

@testable import SaltPanCore

/// How records of several sources merge in the store, on hand-made records shaped like the real
/// sources they stand for.
@Suite struct MergeTests {
    static let jid = "20261204195013663810"

    /// Writes `body`'s records as a new source and returns the source id.
    @discardableResult
    static func ingest(_ store: Store, name: String, _ body: (IngestWriter) throws -> Void) throws -> Int64 {
        let identity = SourceIdentity(path: name, kind: "test", size: 0, sha256: name)
        let sourceID = try SourceRegistry.begin(identity, product: nil, in: store.database)
        let writer = IngestWriter(database: store.database, sourceID: sourceID, product: nil)
        try body(writer)
        try writer.commit()
        return sourceID
    }

    static func job(function: String, arguments: [Value]) -> JobRecord {
        var job = JobRecord(jid: jid, kind: .published)
        job.function = function
        job.arguments = .array(arguments)
        job.load = .object(["fun": .string(function), "arg": .array(arguments)])
        job.startTime = Jid.startTime(of: jid)
        return job
    }

    static func value(_ sql: String, _ store: Store) throws -> String? {
        let statement = try store.database.prepare(sql)
        return try statement.step() ? statement.string(at: 0) : nil
    }

    @Test func retcodeFromOneSourceWins() throws {
        // A `salt --out=json` capture carries only the return text; the job cache adds retcode 1.
        let store = try IngestTests.newStore()
        try Self.ingest(store, name: "capture") { writer in
            try writer.write(Self.job(function: "cmd.run", arguments: [.string("exit 1")]))
            try writer.write(
                ReturnRecord(jid: Self.jid, minion: "web01", value: .string("failed"), form: .event),
                function: "cmd.run"
            )
        }
        #expect(try Self.value("SELECT outcome FROM returns", store) == "unknown")

        try Self.ingest(store, name: "cache") { writer in
            var record = ReturnRecord(jid: Self.jid, minion: "web01", value: .string("failed"), form: .map)
            record.retcode = 1
            record.success = false
            try writer.write(record, function: "cmd.run")
            #expect(writer.counts.disagreements == 1)
        }
        #expect(try Self.value("SELECT outcome || ' ' || retcode FROM returns", store) == "failed 1")
        #expect(try Self.value("SELECT count(*) FROM return_facts", store) == "2")
        #expect(try Self.value("SELECT group_concat(coalesce(retcode, 'none')) FROM return_facts", store) == "none,1")
    }

    @Test func agreeingSourcesOnlyAddProvenance() throws {
        let store = try IngestTests.newStore()
        for name in ["events", "cache"] {
            try Self.ingest(store, name: name) { writer in
                var record = ReturnRecord(jid: Self.jid, minion: "web01", value: .bool(true), form: .map)
                record.retcode = 0
                record.success = true
                try writer.write(record, function: "test.ping")
            }
        }
        #expect(try Self.value("SELECT count(*) FROM return_facts", store) == "0")
        #expect(try Self.value("SELECT count(*) FROM return_sources", store) == "1")
    }

    @Test func differentLoadIsJidCollision() throws {
        // Two masters made the same jid for different jobs.
        let store = try IngestTests.newStore()
        try Self.ingest(store, name: "master-a") { try $0.write(Self.job(function: "test.ping", arguments: [])) }
        try Self.ingest(store, name: "master-b") { writer in
            try writer.write(Self.job(function: "state.apply", arguments: [.string("webapp")]))
            #expect(writer.counts.collisions == 1)
        }
        #expect(try Self.value("SELECT has_collision || function FROM jobs", store) == "1test.ping")
        #expect(try Self.value("SELECT function FROM job_loads", store) == "state.apply")
    }

    @Test func publishStampSetsStartTime() throws {
        // The jid came from a master on +08:00 local time; the publish event's `_stamp` is UTC.
        let store = try IngestTests.newStore()
        let localJid = "20261205033013663810"
        var fromCache = JobRecord(jid: localJid, kind: .published)
        fromCache.startTime = Jid.startTime(of: localJid)
        try Self.ingest(store, name: "cache") { try $0.write(fromCache) }
        #expect(try Self.value("SELECT start_time FROM jobs", store) == "2026-12-05T03:30:13.663810Z")

        var fromEvents = JobRecord(jid: localJid, kind: .published)
        fromEvents.publishStamp = Timestamp(iso8601: "2026-12-04T19:30:13.701234+00:00")
        try Self.ingest(store, name: "events") { try $0.write(fromEvents) }
        #expect(
            try Self.value("SELECT start_time || ' ' || start_time_basis FROM jobs", store)
                == "2026-12-04T19:30:13.701234Z stamp"
        )
    }

    @Test func exitSuccessIsNotAReturn() throws {
        let store = try IngestTests.newStore()
        try Self.ingest(store, name: "exit_success") { writer in
            try writer.writeExitSuccess(jid: Self.jid, minion: "web01", value: false)
        }
        #expect(try Self.value("SELECT count(*) FROM returns", store) == "0")
        #expect(try Self.value("SELECT value FROM exit_success_verdicts", store) == "0")
    }

    @Test func expectedMinionsAreTheUnion() throws {
        let store = try IngestTests.newStore()
        for (name, minions) in [("cache", ["web01", "web02"]), ("events", ["web02", "db01"])] {
            var job = Self.job(function: "test.ping", arguments: [])
            job.expectedMinions = minions
            try Self.ingest(store, name: name) { try $0.write(job) }
        }
        #expect(
            try Self.value("SELECT group_concat(minion) FROM (SELECT minion FROM expected_minions ORDER BY 1)", store)
                == "db01,web01,web02"
        )
    }
}

extension MergeTests {
    @Test func outcomesFollowTheCurrentRule() throws {
        // A database whose outcomes were stored under an older rule: here the stored outcome is
        // tampered with and the rule version cleared, as a release that changes the rule finds it.
        let path = try Fixtures.temporaryFolder() + "/saltpan.db"
        let store = try Store(path: path)
        try Self.ingest(store, name: "cache") { writer in
            var record = ReturnRecord(jid: Self.jid, minion: "web01", value: .string("about to fail"), form: .map)
            record.retcode = 1
            try writer.write(record, function: "cmd.run")
        }
        try store.database.execute("UPDATE returns SET outcome = 'succeeded'; DELETE FROM meta")

        let reopened = try Store(path: path)
        #expect(try Self.value("SELECT outcome FROM returns", reopened) == "failed")
        #expect(try Self.value("SELECT value FROM meta WHERE key = 'outcome_rule_version'", reopened) == "1")
    }
}
