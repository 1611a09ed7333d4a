import Foundation
import Testing

@testable import SaltPanCore

/// Inputs from the benchmark generator, ingested and checked against the generator's own counts.
@Suite struct GeneratedInputIngestTests {
    /// 200 job slots over 5 of 8 minions: list targets, scheduled rounds, missing minions, failed
    /// state runs and bad retcodes all occur at this size with seed 7.
    static let options: GeneratorOptions = {
        var options = GeneratorOptions(jobs: 200, minions: 5, seed: 7, fleetSize: 8)
        options.slotInterval = 5_000_000
        return options
    }()

    static func generate(_ options: GeneratorOptions = options) throws -> (folder: String, counts: GeneratedCounts) {
        let folder = try Fixtures.temporaryFolder()
        var outputs = InputGenerator.Outputs()
        outputs.cacheFolder = true
        outputs.cacheArchive = true
        outputs.events = true
        outputs.compressedEvents = true
        let counts = try InputGenerator(options: options).write(outputs, into: folder)
        return (folder, counts)
    }

    /// One generated input that the tests below only read, made once per test process.
    static let shared = Result { try generate() }

    static func count(_ sql: String, in store: Store) throws -> Int {
        try IngestTests.count(sql, in: store)
    }

    @Test func countsCoverEveryCase() throws {
        let counts = try Self.shared.get().counts
        #expect(counts.returns == 200 * 5)
        #expect(counts.jobs > 200)
        #expect(counts.scheduledJobs > 0)
        #expect(counts.jobs == 200 + counts.scheduledJobs - counts.scheduledJobs / 5)
        #expect(counts.missingMinions > 0)
        #expect(counts.expectedMinions == counts.returns + counts.missingMinions)
        #expect(counts.nonzeroRetcodes > 0)
        #expect(counts.failedStateRuns > 0)
        #expect(counts == InputGenerator(options: Self.options).count().withEventLines(counts.eventLines))
    }

    @Test(arguments: ["jobs", "jobs.tar.gz", "events.jsonl", "events.jsonl.gz"])
    func ingestMatchesCounts(input: String) throws {
        let (folder, counts) = try Self.shared.get()
        let store = try IngestTests.newStore()
        let report = try Ingester(store: store, options: IngestOptions()).ingest(path: folder + "/" + input)

        #expect(report.problems.isEmpty)
        #expect(report.counts.newJobs == counts.jobs)
        #expect(report.counts.newReturns == counts.returns)
        #expect(try Self.count("SELECT count(*) FROM jobs", in: store) == counts.jobs)
        #expect(try Self.count("SELECT count(*) FROM jobs WHERE kind = 'scheduled'", in: store) == counts.scheduledJobs)
        #expect(try Self.count("SELECT count(*) FROM returns", in: store) == counts.returns)
        #expect(try Self.count("SELECT count(*) FROM expected_minions", in: store) == counts.expectedMinions)
        #expect(try Self.count("SELECT count(*) FROM returns WHERE retcode != 0", in: store) == counts.nonzeroRetcodes)

        let missing = """
            SELECT count(*) FROM expected_minions e
            WHERE NOT EXISTS (SELECT 1 FROM returns r WHERE r.jid = e.jid AND r.minion = e.minion)
            """
        #expect(try Self.count(missing, in: store) == counts.missingMinions)
        let failedStateRuns = """
            SELECT count(*) FROM returns r JOIN jobs j ON j.jid = r.jid
            WHERE j.function = 'state.apply' AND r.outcome = 'failed'
            """
        #expect(try Self.count(failedStateRuns, in: store) == counts.failedStateRuns)
        if input.hasPrefix("events") {
            #expect(report.eventStatistics?.corruptLineCount == 0)
            #expect(report.eventStatistics?.lineCount == counts.eventLines)
        }
    }

    @Test func stateRunsHaveGivenStateCount() throws {
        // Inputs of large returns: every job a state run of 300 states.
        var options = GeneratorOptions(jobs: 6, minions: 4, seed: 7)
        options.stateRunStates = 300
        let (folder, counts) = try Self.generate(options)
        #expect(counts.returns == 24)

        for input in ["jobs.tar.gz", "events.jsonl.gz"] {
            let store = try IngestTests.newStore()
            let report = try Ingester(store: store, options: IngestOptions()).ingest(path: folder + "/" + input)
            #expect(report.problems.isEmpty)
            #expect(try Self.count("SELECT count(*) FROM jobs WHERE function = 'state.apply'", in: store) == 6)
            #expect(try Self.count("SELECT count(*) FROM returns", in: store) == 24)
            // A run that failed to render returns a list of errors instead of its states.
            let stateMaps = """
                SELECT count(*) FROM returns
                WHERE json_type(return) = 'object' AND (SELECT count(*) FROM json_each(return)) = 300
                """
            let errorLists = "SELECT count(*) FROM returns WHERE json_type(return) = 'array'"
            #expect(try Self.count(stateMaps, in: store) + Self.count(errorLists, in: store) == 24)
            #expect(try Self.count(stateMaps, in: store) > 0)
        }
    }

    @Test func sameSeedWritesSameBytes() throws {
        let first = try Self.shared.get().folder
        let second = try Self.generate().folder
        var otherSeed = Self.options
        otherSeed.seed = 8
        let third = try Self.generate(otherSeed).folder

        for name in ["events.jsonl", "events.jsonl.gz", "jobs.tar.gz"] {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: first + "/" + name))
            #expect(!bytes.isEmpty, "\(name)")
            #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: second + "/" + name))), "\(name)")
            #expect(bytes != (try Data(contentsOf: URL(fileURLWithPath: third + "/" + name))), "\(name)")
        }
    }

    @Test func archiveHoldsTheFolderTree() throws {
        let folder = try Self.shared.get().folder
        let archive = try openArchive(path: folder + "/jobs.tar.gz")
        var archived: [String: [UInt8]] = [:]
        while let entry = try archive.next() {
            if entry.kind == .file {
                archived[entry.path] = entry.data
            }
        }

        let root = URL(fileURLWithPath: folder)
        var onDisk = 0
        let walker = FileManager.default.enumerator(
            at: root.appendingPathComponent("jobs"),
            includingPropertiesForKeys: nil
        )
        while let url = walker?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let path = String(url.path.dropFirst(root.path.count + 1))
            onDisk += 1
            #expect(archived[path].map { Data($0) } == (try Data(contentsOf: url)), "\(path)")
        }
        #expect(onDisk == archived.count)
        #expect(onDisk > 0)
    }
}

extension GeneratedCounts {
    /// Returns the counts with `eventLines` set, since counting alone writes no event log.
    fileprivate func withEventLines(_ lines: Int) -> GeneratedCounts {
        var copy = self
        copy.eventLines = lines
        return copy
    }
}
