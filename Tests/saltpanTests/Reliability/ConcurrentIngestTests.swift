import Foundation
import Testing

/// Several `saltpan` processes on one database at once: two ingests, started together on a
/// database that does not exist yet, and queries running while they write.
///
/// No run may fail with SQLite's "database is locked" (write-ahead logging, a busy timeout and
/// `BEGIN IMMEDIATE` make a second writer wait), and the database must end with the same row
/// counts as when the same ingests run one after the other. Small batches
/// (`SALTPAN_TEST_BATCH_SIZE=20`) make the writers take turns many times.
@Suite(.serialized) struct ConcurrentIngestTests {
    static let archive = Saltpan.fixture("salt-3008/jobs.tar.gz")
    static let events = Saltpan.fixture("salt-3008/events.jsonl")
    static let folder = Saltpan.fixture("salt-3008/jobs")
    static let environment = ["SALTPAN_TEST_BATCH_SIZE": "20"]
    static let manifest = CorpusManifest.shared

    /// The exit status of a clean ingest of `inputs`: the event log contains six corrupt lines.
    static func expectedStatus(of inputs: [String]) -> Int32 {
        inputs.contains(events) ? 2 : 0
    }

    /// Row counts by table.
    ///
    /// The expected minions are counted through the view `expected_minions` alone: a job's expected minions are rows of `expected_minion_rows` or the flag
    /// `jobs.expected_are_returned` depending on which ingest stored the job first.
    static func counts(_ database: String) throws -> [String: Int] {
        var counts = try DatabaseSnapshot(path: database).counts
        counts["expected_minion_rows"] = nil
        return counts
    }

    /// Runs the ingests one after the other, each with its inputs.
    static func sequentialCounts(_ runs: [[String]], folder: String) throws -> [String: Int] {
        let database = folder + "/sequential.db"
        for inputs in runs {
            let result = try SaltpanProcess.run(
                ["ingest", "--quiet", "--db", database] + inputs,
                environment: environment,
                outputFolder: folder
            )
            #expect(result.status == expectedStatus(of: inputs))
        }
        return try Self.counts(database)
    }

    /// Starts one ingest per element of `runs` and `queryLoops` loops of `saltpan job` at the
    /// same moment.
    static func runTogether(_ runs: [[String]], queryLoops: Int, folder: String) throws -> [String: Int] {
        let database = folder + "/concurrent.db"
        let ingests = try runs.map { inputs in
            try SaltpanProcess(
                ["ingest", "--quiet", "--db", database] + inputs,
                environment: environment,
                outputFolder: folder
            )
        }
        let jids = manifest.jobs.map(\.jid)
        let queryRounds = ReliabilityLevel.count(short: 8, full: 40)
        let queries = (0..<queryLoops).map { loop in
            Thread.detachedResult {
                try (0..<queryRounds).map { round in
                    let jid = jids[(loop * 31 + round * 7) % jids.count]
                    return try SaltpanProcess.run(
                        ["job", "--format", "json", "--db", database, jid],
                        outputFolder: folder
                    )
                }
            }
        }

        for (inputs, ingest) in zip(runs, ingests) {
            let ending = try ingest.wait()
            #expect(ending.status == expectedStatus(of: inputs), "\(inputs): \(ending.standardError)")
            #expect(!ending.standardError.contains("locked"), "\(inputs): \(ending.standardError)")
        }
        for query in queries {
            for ending in try query.wait() {
                // A query that starts before its job is stored finds no job (status 1); any
                // other failure is a defect.
                let isNotYetStored =
                    ending.status == 1
                    && (ending.standardError.contains("no job with jid")
                        || ending.standardError.contains("does not exist"))
                #expect(ending.status == 0 || isNotYetStored, "query: \(ending.standardError)")
                #expect(!ending.standardError.contains("locked"), "query: \(ending.standardError)")
            }
        }
        #expect(try DatabaseSnapshot.integrityCheck(path: database) == ["ok"])
        return try Self.counts(database)
    }

    @Test func archiveAndEventLogTogether() throws {
        let folder = try Saltpan.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The first ingest reads two inputs, so it starts a second write after the first. The
        // event log comes after the archive: read first, it would store the runner returns
        // under another master id, and the counts would depend on the order.
        let runs = [[Self.archive, Self.events], [Self.folder]]
        let sequential = try Self.sequentialCounts(runs, folder: folder)
        let concurrent = try Self.runTogether(runs, queryLoops: 3, folder: folder)
        #expect(concurrent == sequential)
        #expect(concurrent["jobs"] ?? 0 >= Self.manifest.jobs.count)
    }

    @Test func sameArchiveTwiceTogether() throws {
        let folder = try Saltpan.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sequential = try Self.sequentialCounts([[Self.archive]], folder: folder)
        // The second ingest finds the first one's source in progress and writes into it; the
        // race is short, so it is run several times.
        for round in 1...ReliabilityLevel.count(short: 3, full: 12) {
            let roundFolder = folder + "/\(round)"
            try FileManager.default.createDirectory(atPath: roundFolder, withIntermediateDirectories: true)
            let concurrent = try Self.runTogether([[Self.archive], [Self.archive]], queryLoops: 2, folder: roundFolder)
            #expect(concurrent == sequential, "round \(round)")
        }
    }
}

extension Thread {
    /// Runs `body` on a new thread; `wait()` on the result returns its value or error.
    static func detachedResult<Value: Sendable>(
        _ body: @escaping @Sendable () throws -> Value
    ) -> ThreadResult<Value> {
        let result = ThreadResult<Value>()
        Thread.detachNewThread {
            result.finish(Result { try body() })
        }
        return result
    }
}

/// The value a background thread produces, handed over once through a semaphore.
final class ThreadResult<Value: Sendable>: @unchecked Sendable {
    private var result: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)

    fileprivate func finish(_ result: Result<Value, any Error>) {
        // Written once before the semaphore is signalled, read only after waiting on it.
        self.result = result
        done.signal()
    }

    func wait() throws -> Value {
        done.wait()
        guard let result else { throw ToolError(description: "the thread finished without a result") }
        return try result.get()
    }
}
