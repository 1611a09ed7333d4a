import Foundation
import Testing

@testable import SaltPanCore

/// Records of one jid in any order give the same job row, and different jobs under one jid are
/// marked as a jid collision, on lines of the real event log (`fixtures/salt-3008/events.jsonl`).
///
/// Rotated event logs ingested newest first put a job's returns before its `new` and `publish`
/// events, and saltshaker lists returns before their job.
@Suite struct JobMergeOrderTests {
    /// `salt '*' state.apply`: the job `saltpan job` shows in the README.
    static let stateJid = "20261204195131008428"
    /// `salt '*' test.ping`, whose events stand for another master's job under `stateJid`.
    static let pingJid = "20261204195001950381"

    static let jobColumns = """
        SELECT jid, start_time, start_time_basis, end_time, function, arguments, target, target_type, user, metadata,
               kind, schedule, returner, nocache, has_expected_minions, load, batch, has_collision
        FROM jobs ORDER BY jid
        """
    static let returnColumns = """
        SELECT jid, minion, retcode, success, return, outcome, cause, outcome_is_weak, exit_success, return_time
        FROM returns ORDER BY jid, minion
        """
    static let expectedMinions = "SELECT jid, minion FROM expected_minions ORDER BY jid, minion"
    static let collisions = "SELECT jid, function FROM job_loads ORDER BY jid, function"

    /// Reads the lines of the real event log.
    static func eventLines() throws -> [String] {
        let text = try String(contentsOfFile: Fixtures.path("salt-3008/events.jsonl"), encoding: .utf8)
        return text.split(separator: "\n").map(String.init)
    }

    /// Returns true when `line` contains a job's `new` event, or its `publish` event if `publish` is set.
    static func isJobEvent(_ line: String, publish: Bool) -> Bool {
        let pattern = publish ? #""tag": "salt/job/[0-9]+/(new|publish)""# : #""tag": "salt/job/[0-9]+/new""#
        return line.range(of: pattern, options: .regularExpression) != nil
    }

    /// Writes `lines` as an event log in a new folder and returns its path.
    static func write(_ lines: [String], name: String) throws -> String {
        let path = try Fixtures.temporaryFolder() + "/" + name
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Every row of the jobs, returns, expected minions and other loads of `store`.
    static func allRows(_ store: Store) throws -> [[String]] {
        try [jobColumns, returnColumns, expectedMinions, collisions].map { try ExportIngestTests.rows($0, store) }
    }

    @Test func publishAfterReturnsGivesSameRows() throws {
        let lines = try Self.eventLines()
        let jobEvents = try Self.write(lines.filter { Self.isJobEvent($0, publish: true) }, name: "new-publish.jsonl")
        let rest = try Self.write(lines.filter { !Self.isJobEvent($0, publish: true) }, name: "rest.jsonl")

        let (original, _) = try ExportIngestTests.ingest([Fixtures.path("salt-3008/events.jsonl")])
        let (returnsFirst, _) = try ExportIngestTests.ingest([rest, jobEvents])
        let (jobsFirst, _) = try ExportIngestTests.ingest([jobEvents, rest])
        let originalRows = try Self.allRows(original)
        #expect(try Self.allRows(returnsFirst) == originalRows)
        #expect(try Self.allRows(jobsFirst) == originalRows)
        #expect(originalRows[0].count == Manifest.shared.jobs.count)
    }

    /// A log that kept the `new` events but lost the `publish` events, as saltshaker's export
    /// keeps them: the jobs have their load fields but no load.
    @Test func newEventsAfterReturnsGiveSameRows() throws {
        let lines = try Self.eventLines()
        let newEvents = lines.filter { Self.isJobEvent($0, publish: false) }
        let rest = lines.filter { !Self.isJobEvent($0, publish: true) }
        let returnsFirst = try Self.write(rest + newEvents, name: "returns-first.jsonl")
        let newFirst = try Self.write(newEvents + rest, name: "new-first.jsonl")

        let (returnsFirstStore, _) = try ExportIngestTests.ingest([returnsFirst])
        let (newFirstStore, _) = try ExportIngestTests.ingest([newFirst])
        // A batch job's `complete` event names the whole target, and each `new` event names a
        // sub-batch's list. Records without a load keep the first target, so batch jobs' targets
        // still depend on the order.
        let withoutBatchTargets = Self.jobColumns.replacingOccurrences(
            of: "target, target_type",
            with: "CASE WHEN batch IS NULL THEN target || target_type END"
        )
        let jobs = [withoutBatchTargets, Self.returnColumns, Self.expectedMinions, Self.collisions]
        for sql in jobs {
            #expect(try ExportIngestTests.rows(sql, returnsFirstStore) == ExportIngestTests.rows(sql, newFirstStore))
        }

        // The fields of the job's `new` event, and the outcome of its return that did not render.
        let stateJob =
            "SELECT function, arguments, target, target_type, user, kind, load FROM jobs WHERE jid = '\(Self.stateJid)'"
        #expect(
            try ExportIngestTests.rows(stateJob, returnsFirstStore) == [#"state.apply|[]|"*"|glob|root|published|NULL"#]
        )
        let cacheNode = "SELECT outcome, cause FROM returns WHERE jid = '\(Self.stateJid)' AND minion = 'Cache_Node-7'"
        #expect(try ExportIngestTests.rows(cacheNode, returnsFirstStore) == ["failed|did not compile"])
    }

    /// saltshaker's real job list puts most jobs' returns before the job's entry.
    @Test func saltshakerJobEntriesAfterReturnsFillTheJobs() throws {
        let path = Fixtures.path("saltshaker/job-list.json")
        let export = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        )
        let events = try #require(export["data"] as? [[String: Any]])
        var seenJids: Set<String> = []
        var entriesAfterReturns: [[String: Any]] = []
        for event in events {
            let jid = event["jid"] as? String ?? ""
            if event["cmd"] as? String != "_return", seenJids.contains(jid) {
                entriesAfterReturns.append(event)
            }
            seenJids.insert(jid)
        }
        #expect(entriesAfterReturns.count > 50)

        let (store, _) = try ExportIngestTests.ingest([path])
        for entry in entriesAfterReturns {
            let jid = entry["jid"] as? String ?? ""
            let target = entry["tgt"] as? String ?? "(list)"
            let expected = [entry["fun"], entry["tgt_type"], entry["user"]].map { field in
                (field as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "NULL"
            }
            let query = """
                SELECT function, target_type, user, kind, arguments IS NOT NULL,
                       CASE WHEN json_type(target) = 'text' THEN json_extract(target, '$') ELSE '(list)' END
                FROM jobs WHERE jid = '\(jid)'
                """
            #expect(
                try ExportIngestTests.rows(query, store) == [
                    (expected + ["published", "1", target]).joined(separator: "|")
                ]
            )
        }
    }

    /// A `salt --out=json` capture has no retcode and names no function, so the state run's
    /// returns are judged again once the `new` event names `state.apply`.
    @Test func newEventJudgesCapturedReturnsAgain() throws {
        let newEvent = try Self.write(
            try Self.eventLines().filter { $0.contains(#""tag": "salt/job/\#(Self.stateJid)/new""#) },
            name: "new.jsonl"
        )
        let capture = Fixtures.path("salt-3008/cli/048-state_highstate.json")
        var options = IngestOptions()
        options.jid = Self.stateJid

        var outcomes: [[String]] = []
        for order in [[capture, newEvent], [newEvent, capture]] {
            let store = try IngestTests.newStore()
            for path in order {
                _ = try Ingester(store: store, options: options).ingest(path: path)
            }
            outcomes.append(
                try ExportIngestTests.rows("SELECT minion, outcome, cause FROM returns ORDER BY minion", store)
            )
        }
        #expect(outcomes[0] == outcomes[1])
        #expect(outcomes[0].first == "Cache_Node-7|failed|did not compile")
    }
}

extension JobMergeOrderTests {
    /// Returns the `new` and `publish` events of `stateJid`, and those of `pingJid` moved to
    /// `stateJid`, as a second master that made the same jid would fire them.
    static func twoMastersEvents() throws -> (state: [String], ping: [String]) {
        let lines = try eventLines()
        let state = lines.filter { isJobEvent($0, publish: true) && $0.contains(stateJid) }
        let ping = lines.filter { isJobEvent($0, publish: true) && $0.contains(pingJid) }
            .map { $0.replacingOccurrences(of: pingJid, with: stateJid) }
        return (state, ping)
    }

    /// Checks that `store` contains one job under `stateJid`, marked, with the other load kept.
    static func expectCollision(_ store: Store, first: String, second: String) throws {
        #expect(try ExportIngestTests.rows("SELECT function, has_collision FROM jobs", store) == ["\(first)|1"])
        #expect(try ExportIngestTests.rows(collisions, store) == ["\(stateJid)|\(second)"])
    }

    @Test func twoMastersInOneLogCollide() throws {
        let (state, ping) = try Self.twoMastersEvents()
        #expect(state.count == 2)
        #expect(ping.count == 2)

        let (stateFirst, _) = try ExportIngestTests.ingest([try Self.write(state + ping, name: "a.jsonl")])
        try Self.expectCollision(stateFirst, first: "state.apply", second: "test.ping")
        let (pingFirst, _) = try ExportIngestTests.ingest([try Self.write(ping + state, name: "b.jsonl")])
        try Self.expectCollision(pingFirst, first: "test.ping", second: "state.apply")
    }

    @Test func twoMastersLogsCollideInEitherOrder() throws {
        let (state, ping) = try Self.twoMastersEvents()
        let stateLog = try Self.write(state, name: "master-a.jsonl")
        let pingLog = try Self.write(ping, name: "master-b.jsonl")

        let (stateFirst, reports) = try ExportIngestTests.ingest([stateLog, pingLog])
        #expect(reports[1].counts.collisions == 1)
        try Self.expectCollision(stateFirst, first: "state.apply", second: "test.ping")
        let (pingFirst, _) = try ExportIngestTests.ingest([pingLog, stateLog])
        try Self.expectCollision(pingFirst, first: "test.ping", second: "state.apply")
    }

    /// Two `new` events without `publish` compare the function and arguments they both carry.
    @Test func twoNewEventsCollide() throws {
        let (state, ping) = try Self.twoMastersEvents()
        let newOnly = [state[0], ping[0]]
        #expect(newOnly.allSatisfy { Self.isJobEvent($0, publish: false) })

        let (store, _) = try ExportIngestTests.ingest([try Self.write(newOnly, name: "new-only.jsonl")])
        try Self.expectCollision(store, first: "state.apply", second: "test.ping")
    }

    /// A job's `new` and `publish` events apart, with a return between them, are one job.
    @Test func newAndPublishApartAreOneJob() throws {
        let lines = try Self.eventLines()
        let state = lines.filter { Self.isJobEvent($0, publish: true) && $0.contains(Self.stateJid) }
        let returned = try #require(lines.first { $0.contains(#""tag": "salt/job/\#(Self.stateJid)/ret/"#) })

        let (store, reports) = try ExportIngestTests.ingest([
            try Self.write([state[0], returned, state[1]], name: "apart.jsonl")
        ])
        #expect(reports[0].counts.collisions == 0)
        #expect(
            try ExportIngestTests.rows("SELECT function, has_collision, load IS NOT NULL FROM jobs", store) == [
                "state.apply|0|1"
            ]
        )
        #expect(try ExportIngestTests.rows(Self.collisions, store) == [])
    }

    /// The real cache, event log and `salt-run jobs.*` listings describe each job alike, so no
    /// order of them marks a collision.
    @Test func realSourcesDoNotCollide() throws {
        let captures = Fixtures.path("salt-3008/captures")
        let listings = try FileManager.default.contentsOfDirectory(atPath: captures)
            .filter { $0.hasPrefix("jobs.list_job") }
            .sorted()
            .map { captures + "/" + $0 }
        #expect(listings.count > 30)
        let inputs = [Fixtures.jobsArchive, Fixtures.path("salt-3008/events.jsonl")] + listings

        for order in [inputs, inputs.reversed()] {
            let (store, reports) = try ExportIngestTests.ingest(order)
            #expect(reports.allSatisfy { $0.counts.collisions == 0 })
            #expect(try ExportIngestTests.rows("SELECT count(*) FROM jobs WHERE has_collision = 1", store) == ["0"])
        }
    }
}
