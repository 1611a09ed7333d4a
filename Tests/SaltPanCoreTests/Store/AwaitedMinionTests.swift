import Foundation
import Testing

@testable import SaltPanCore

/// Tests of the expected minions of jobs that wait in memory for their returns.
///
/// A new job keeps its expected minions in memory while its returns come. When they all come,
/// and no other minion's, before the batch commits, the job keeps `jobs.expected_are_returned`
/// and needs no rows. Otherwise its expected minions are stored as rows.
@Suite struct AwaitedMinionTests {
    static let first = "20261204195000000001"
    static let second = "20261204195000000002"

    static func job(_ jid: String, expecting minions: [String]) -> JobRecord {
        var job = JobRecord(jid: jid, kind: .published)
        job.function = "test.ping"
        job.arguments = .array([])
        job.load = .object(["fun": .string("test.ping"), "arg": .array([])])
        job.expectedMinions = minions
        return job
    }

    static func returned(_ jid: String, _ minion: String) -> ReturnRecord {
        ReturnRecord(jid: jid, minion: minion, value: .bool(true), form: .event)
    }

    static func write(_ store: Store, limit: Int? = nil, _ body: (IngestWriter) throws -> Void) throws {
        let identity = SourceIdentity(path: "events", kind: "test", size: 0, sha256: "events")
        let sourceID = try SourceRegistry.begin(identity, product: nil, in: store.database)
        let writer = IngestWriter(database: store.database, sourceID: sourceID, product: nil)
        if let limit {
            writer.awaitedMinionLimit = limit
        }
        try body(writer)
        try writer.commit()
    }

    static func flag(_ jid: String, _ store: Store) throws -> Int64? {
        try ExpectedMinionTests.number("SELECT expected_are_returned FROM jobs WHERE jid = ?", jid, in: store)
    }

    static func rows(_ jid: String, _ store: Store) throws -> [String] {
        try ExpectedMinionTests.strings(
            "SELECT minion FROM expected_minion_rows WHERE jid = ? ORDER BY 1",
            jid,
            in: store
        )
    }

    static func expected(_ jid: String, _ store: Store) throws -> [String] {
        try ExpectedMinionTests.strings("SELECT minion FROM expected_minions WHERE jid = ? ORDER BY 1", jid, in: store)
    }

    static func missing(_ jid: String, _ store: Store) throws -> [String] {
        try ExpectedMinionTests.strings(
            "SELECT minion FROM minion_results WHERE jid = ? AND outcome = 'missing' ORDER BY 1",
            jid,
            in: store
        )
    }

    /// Two jobs whose returns interleave, as in an event log where the second job was published
    /// before the minions returned for the first one, need no rows.
    @Test func interleavedReturnsThatAllCameNeedNoRows() throws {
        let store = try IngestTests.newStore()
        try Self.write(store) { writer in
            try writer.write(Self.job(Self.first, expecting: ["web01", "web02"]))
            try writer.write(Self.returned(Self.first, "web01"), function: "test.ping")
            try writer.write(Self.job(Self.second, expecting: ["web01", "web02"]))
            try writer.write(Self.returned(Self.second, "web02"), function: "test.ping")
            try writer.write(Self.returned(Self.first, "web02"), function: "test.ping")
            try writer.write(Self.returned(Self.second, "web01"), function: "test.ping")
        }

        for jid in [Self.first, Self.second] {
            #expect(try Self.flag(jid, store) == 1)
            #expect(try Self.rows(jid, store).isEmpty)
            #expect(try Self.expected(jid, store) == ["web01", "web02"])
            #expect(try Self.missing(jid, store).isEmpty)
        }
    }

    /// A minion that never returns is stored as a row with the others, and shows as missing.
    @Test func minionThatNeverReturnedIsStoredAsRow() throws {
        let store = try IngestTests.newStore()
        try Self.write(store) { writer in
            try writer.write(Self.job(Self.first, expecting: ["db01", "web01", "web02"]))
            try writer.write(Self.returned(Self.first, "web01"), function: "test.ping")
            try writer.write(Self.returned(Self.first, "web02"), function: "test.ping")
        }

        #expect(try Self.flag(Self.first, store) == 0)
        #expect(try Self.rows(Self.first, store) == ["db01", "web01", "web02"])
        #expect(try Self.missing(Self.first, store) == ["db01"])
    }

    /// A return of a minion the job did not expect, before the expected ones, as a syndic's
    /// minion can send: the expected minions stay the listed ones.
    @Test func unexpectedReturnBeforeExpectedOnes() throws {
        let store = try IngestTests.newStore()
        try Self.write(store) { writer in
            try writer.write(Self.job(Self.first, expecting: ["web01", "web02"]))
            try writer.write(Self.returned(Self.first, "db01"), function: "test.ping")
            try writer.write(Self.returned(Self.first, "web01"), function: "test.ping")
            try writer.write(Self.returned(Self.first, "web02"), function: "test.ping")
        }

        #expect(try Self.flag(Self.first, store) == 0)
        #expect(try Self.rows(Self.first, store) == ["web01", "web02"])
        #expect(try Self.missing(Self.first, store).isEmpty)
        let count = "SELECT returned_count FROM job_overview WHERE jid = ?"
        #expect(try ExpectedMinionTests.number(count, Self.first, in: store) == 3)
    }

    /// A second publish event of the same jid, as each sub-batch of a Salt 3008 batch job
    /// fires, adds its minions to those still awaited.
    @Test func secondListJoinsAwaitedJob() throws {
        let store = try IngestTests.newStore()
        try Self.write(store) { writer in
            try writer.write(Self.job(Self.first, expecting: ["web01", "web02"]))
            try writer.write(Self.returned(Self.first, "web01"), function: "test.ping")
            try writer.write(Self.job(Self.first, expecting: ["db01"]))
            try writer.write(Self.returned(Self.first, "db01"), function: "test.ping")
        }

        #expect(try Self.expected(Self.first, store) == ["db01", "web01", "web02"])
        #expect(try Self.missing(Self.first, store) == ["web02"])
    }

    /// A return that comes again, as a repeated event line does, is stored once.
    @Test func repeatedReturnIsStoredOnce() throws {
        let store = try IngestTests.newStore()
        try Self.write(store) { writer in
            try writer.write(Self.job(Self.first, expecting: ["web01", "web02"]))
            try writer.write(Self.returned(Self.first, "web01"), function: "test.ping")
            try writer.write(Self.returned(Self.first, "web01"), function: "test.ping")
            try writer.write(Self.returned(Self.first, "web02"), function: "test.ping")
        }

        let count = "SELECT count(*) FROM returns WHERE jid = ?"
        #expect(try ExpectedMinionTests.number(count, Self.first, in: store) == 2)
        #expect(try Self.flag(Self.first, store) == 1)
        #expect(try Self.missing(Self.first, store).isEmpty)
    }

    /// A job of more minions than `AwaitedMinions` keeps as a list, as a highstate of a whole
    /// fleet expects: repeated, unexpected and missing returns count as for a small job.
    @Test func jobBeyondListLimit() throws {
        let minions = (1...(AwaitedMinions.listLimit + 8)).map { "web\($0)" }
        let store = try IngestTests.newStore()
        try Self.write(store) { writer in
            try writer.write(Self.job(Self.first, expecting: minions))
            for minion in minions.dropLast() {
                try writer.write(Self.returned(Self.first, minion), function: "test.ping")
            }
            try writer.write(Self.returned(Self.first, minions[0]), function: "test.ping")
            try writer.write(Self.returned(Self.first, "db01"), function: "test.ping")
        }

        let count = "SELECT count(*) FROM returns WHERE jid = ?"
        #expect(try ExpectedMinionTests.number(count, Self.first, in: store) == Int64(minions.count))
        #expect(try Self.missing(Self.first, store) == [minions.last!])
        #expect(try Self.expected(Self.first, store) == minions.sorted())
    }

    /// Past the limit of awaited minions, the jobs still waiting are stored as rows at once, and
    /// returns that come after are stored as usual.
    @Test func limitStoresAwaitedJobsEarly() throws {
        let store = try IngestTests.newStore()
        try Self.write(store, limit: 3) { writer in
            try writer.write(Self.job(Self.first, expecting: ["web01", "web02"]))
            #expect(writer.awaitedJobs.count == 1)
            try writer.write(Self.job(Self.second, expecting: ["db01", "db02"]))
            #expect(writer.awaitedJobs.isEmpty)
            #expect(writer.awaitedMinionCount == 0)
            try writer.write(Self.returned(Self.first, "web01"), function: "test.ping")
            try writer.write(Self.returned(Self.first, "web01"), function: "test.ping")
        }

        #expect(try Self.rows(Self.first, store) == ["web01", "web02"])
        #expect(try Self.missing(Self.first, store) == ["web02"])
        #expect(try Self.rows(Self.second, store) == ["db01", "db02"])
        let count = "SELECT count(*) FROM returns WHERE jid = ?"
        #expect(try ExpectedMinionTests.number(count, Self.first, in: store) == 1)
    }

    /// The real event log of a Salt 3008.4 master keeps the minion lists of its publish events.
    ///
    /// Every job's expected minions are the union of the minion lists of its `salt/job/<jid>/new`
    /// events, read here from the log itself. Only jobs with a minion that did not return have rows.
    @Test func realEventLogKeepsPublishedMinionLists() throws {
        let path = Fixtures.path("salt-3008/events.jsonl")
        let store = try IngestTests.newStore()
        _ = try Ingester(store: store, options: IngestOptions()).ingest(path: path)

        var published: [String: Set<String>] = [:]
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for line in text.split(separator: "\n") {
            // The log contains corrupt lines, which the ingest reports. They name no minion list.
            guard let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let tag = event["tag"] as? String, tag.hasPrefix("salt/job/"), tag.hasSuffix("/new"),
                let data = event["data"] as? [String: Any], let minions = data["minions"] as? [String]
            else { continue }
            let jid = String(tag.dropFirst("salt/job/".count).dropLast("/new".count))
            published[jid, default: []].formUnion(minions)
        }
        #expect(published.count > 100)

        var flagged = 0
        for (jid, minions) in published {
            #expect(try Set(Self.expected(jid, store)) == minions, "\(jid)")
            let returned = try ExpectedMinionTests.strings("SELECT minion FROM returns WHERE jid = ?", jid, in: store)
            if try Self.flag(jid, store) == 1 {
                flagged += 1
                #expect(try Self.rows(jid, store).isEmpty, "\(jid)")
                #expect(Set(returned) == minions, "\(jid)")
            } else {
                #expect(Set(returned) != minions, "\(jid)")
            }
        }
        // Most jobs returned in full. Some had a minion down or lost return lines.
        #expect(flagged > published.count / 2)
        #expect(flagged < published.count)
    }
}
