import Foundation
import SaltPanCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `saltpan ingest` killed with SIGKILL part-way, then run again.
///
/// `SALTPAN_TEST_KILL_AFTER_RECORDS=N` makes the ingest kill itself after writing N records,
/// which stops it at an exact point instead of after a guessed sleep. With
/// `SALTPAN_TEST_BATCH_SIZE=50`, the real cache (742 jobs and returns) and the real event log
/// span many committed batches. Each kill must leave a sound database holding whole batches,
/// and a second run must leave every table as one clean ingest does, row for row.
@Suite(.serialized) struct CrashSafeIngestTests {
    static let batchSize = 50
    static let archive = Saltpan.fixture("salt-3008/jobs.tar.gz")
    static let events = Saltpan.fixture("salt-3008/events.jsonl")
    static let manifest = CorpusManifest.shared
    static var cacheRecordCount: Int {
        manifest.jobs.count + manifest.jobs.reduce(0) { $0 + $1.returned.count }
    }

    /// Kill points: around batch boundaries, and spread over the whole input.
    static func killPoints(recordCount: Int) -> [Int] {
        let spread = ReliabilityLevel.count(short: 2, full: 24)
        var points: Set<Int> = [1, batchSize - 1, batchSize, batchSize + 1, recordCount - 1]
        for index in 1...spread {
            points.insert(index * recordCount / (spread + 1))
        }
        return points.sorted()
    }

    static func environment(killAfter records: Int? = nil) -> [String: String] {
        var environment = ["SALTPAN_TEST_BATCH_SIZE": String(batchSize)]
        if let records { environment["SALTPAN_TEST_KILL_AFTER_RECORDS"] = String(records) }
        return environment
    }

    /// The jids stored with `expected_are_returned` whose returns are not one for each minion
    /// the job expected.
    static func jobsWithoutPromisedReturns(in path: String) throws -> [String] {
        let database = try Database(path: path, mode: .readOnly)
        defer { database.close() }
        let query = try database.prepare(
            """
            SELECT j.jid, r.minion FROM jobs j LEFT JOIN returns r ON r.jid = j.jid
            WHERE j.expected_are_returned
            """
        )
        var returned: [String: Set<String>] = [:]
        while try query.step() {
            returned[query.string(at: 0) ?? "", default: []].formUnion(query.string(at: 1).map { [$0] } ?? [])
        }
        // A runner job's `.minions.p` is empty; the ingest expects the master, which returned.
        return returned.compactMap { jid, minions in
            guard let job = manifest.jobs.first(where: { $0.jid == jid }) else { return jid }
            let expected = job.targeted.isEmpty ? job.returned : job.targeted
            return Set(expected) == minions ? nil : jid
        }
    }

    static func recordCount(in database: String) throws -> Int {
        let snapshot = try DatabaseSnapshot(path: database)
        return (snapshot.tables["jobs"]?.count ?? 0) + (snapshot.tables["returns"]?.count ?? 0)
    }

    @Test func killedCacheIngestResumes() throws {
        let folder = try Saltpan.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cleanDatabase = folder + "/clean.db"
        let clean = try SaltpanProcess.run(
            ["ingest", "--quiet", "--db", cleanDatabase, Self.archive],
            environment: Self.environment(),
            outputFolder: folder
        )
        #expect(clean.status == 0)
        let expected = try DatabaseSnapshot(path: cleanDatabase)
        #expect(try Self.recordCount(in: cleanDatabase) == Self.cacheRecordCount)

        for killPoint in Self.killPoints(recordCount: Self.cacheRecordCount) {
            let database = folder + "/killed-\(killPoint).db"
            let killed = try SaltpanProcess.run(
                ["ingest", "--quiet", "--db", database, Self.archive],
                environment: Self.environment(killAfter: killPoint),
                outputFolder: folder
            )
            #expect(killed.wasSignalled, "killed after \(killPoint) records")
            #expect(killed.status == SIGKILL, "killed after \(killPoint) records")
            #expect(try DatabaseSnapshot.integrityCheck(path: database) == ["ok"], "killed after \(killPoint) records")

            // The record that triggered the kill belongs to the batch that was not committed, and
            // a batch commits at its `batchSize`-th record. So the kill lost less than one batch.
            let committed = try Self.recordCount(in: database)
            #expect(committed <= killPoint - 1, "killed after \(killPoint) records")
            #expect(committed >= killPoint - Self.batchSize, "killed after \(killPoint) records")
            let broken = try Self.jobsWithoutPromisedReturns(in: database)
            #expect(broken.isEmpty, "killed after \(killPoint) records: \(broken)")

            let resumed = try SaltpanProcess.run(
                ["ingest", "--quiet", "--db", database, Self.archive],
                environment: Self.environment(),
                outputFolder: folder
            )
            #expect(resumed.status == 0, "resumed after \(killPoint) records: \(resumed.standardError)")
            let differences = try DatabaseSnapshot(path: database).differences(from: expected)
            #expect(differences.isEmpty, "resumed after \(killPoint) records: \(differences)")
        }
    }

    @Test func killedEventLogIngestResumes() throws {
        let folder = try Saltpan.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cleanDatabase = folder + "/clean.db"
        let clean = try SaltpanProcess.run(
            ["ingest", "--quiet", "--db", cleanDatabase, Self.events],
            environment: Self.environment(),
            outputFolder: folder
        )
        // The log contains six corrupt lines, which make the status 2.
        #expect(clean.status == 2)
        let expected = try DatabaseSnapshot(path: cleanDatabase)
        let records = try Self.recordCount(in: cleanDatabase)
        #expect(records > 4 * Self.batchSize)

        for killPoint in [1, Self.batchSize, Self.batchSize + 1, 3 * Self.batchSize + 7] {
            let database = folder + "/killed-\(killPoint).db"
            let killed = try SaltpanProcess.run(
                ["ingest", "--quiet", "--db", database, Self.events],
                environment: Self.environment(killAfter: killPoint),
                outputFolder: folder
            )
            #expect(killed.wasSignalled, "killed after \(killPoint) records")
            #expect(killed.status == SIGKILL, "killed after \(killPoint) records")
            #expect(try DatabaseSnapshot.integrityCheck(path: database) == ["ok"], "killed after \(killPoint) records")
            let broken = try Self.jobsWithoutPromisedReturns(in: database)
            #expect(broken.isEmpty, "killed after \(killPoint) records: \(broken)")

            let resumed = try SaltpanProcess.run(
                ["ingest", "--quiet", "--db", database, Self.events],
                environment: Self.environment(),
                outputFolder: folder
            )
            #expect(resumed.status == 2, "resumed after \(killPoint) records: \(resumed.standardError)")
            let differences = try DatabaseSnapshot(path: database).differences(from: expected)
            #expect(differences.isEmpty, "resumed after \(killPoint) records: \(differences)")
        }
    }
}
