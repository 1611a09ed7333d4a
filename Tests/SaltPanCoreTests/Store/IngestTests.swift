import Foundation
import Testing

@testable import SaltPanCore

/// Ingests of the real Salt 3008.4 job cache, checked against the corpus manifest.
@Suite struct IngestTests {
    static func newStore() throws -> Store {
        try Store(path: try Fixtures.temporaryFolder() + "/saltpan.db")
    }

    static func count(_ sql: String, in store: Store) throws -> Int {
        let statement = try store.database.prepare(sql)
        try #require(try statement.step())
        return Int(statement.int64(at: 0))
    }

    /// Two real job folders in a tar whose members of the first are split by the second, as
    /// `tar` writes them when given the files in that order: each job counts once.
    @Test func splitJobFolderCountsOnce() throws {
        let cache = Fixtures.path("salt-3008/jobs")
        let folders = try FileManager.default.contentsOfDirectory(atPath: cache).sorted().flatMap { prefix in
            try FileManager.default.contentsOfDirectory(atPath: cache + "/" + prefix).sorted().map {
                "jobs/\(prefix)/\($0)"
            }
        }
        let withReturns = folders.filter { folder in
            let names =
                (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.path("salt-3008/" + folder))) ?? []
            return names.contains { !$0.hasPrefix(".") && $0 != "jid" && $0 != "endtime" && $0 != "nocache" }
        }
        let first = try #require(withReturns.first)
        let second = try #require(withReturns.dropFirst().first)

        let folder = try ArchiveTesting.TemporaryFolder()
        for job in [first, second] {
            try FileManager.default.createDirectory(
                atPath: folder.path + "/" + (job as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
            try FileManager.default.copyItem(atPath: Fixtures.path("salt-3008/" + job), toPath: folder.path + "/" + job)
        }
        let firstRest = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/" + first)
            .filter { $0 != "jid" && $0 != ".load.p" }.sorted().map { first + "/" + $0 }
        let members = [first + "/jid", first + "/.load.p", second] + firstRest
        let tar = try ArchiveTesting.makeTar(in: folder, format: "gnu", members: members)
        let path = try folder.write("split.tar", tar)

        let store = try Self.newStore()
        let report = try Ingester(store: store, options: IngestOptions()).ingest(path: path)

        #expect(report.problems.isEmpty)
        #expect(report.counts.newJobs == 2)
        #expect(report.counts.knownJobs == 0)
        #expect(try Self.count("SELECT count(*) FROM jobs", in: store) == 2)
    }

    @Test func archiveMatchesManifest() throws {
        let store = try Self.newStore()
        let report = try Ingester(store: store, options: IngestOptions()).ingest(path: Fixtures.jobsArchive)
        let manifest = Manifest.shared
        let returnCount = manifest.jobs.reduce(0) { $0 + $1.returned.count }

        #expect(report.kind == "job-cache-tar-gz")
        #expect(report.problems.isEmpty)
        #expect(report.counts.newJobs == manifest.jobs.count)
        #expect(report.counts.newReturns == returnCount)
        #expect(try Self.count("SELECT count(*) FROM jobs", in: store) == manifest.jobs.count)
        #expect(try Self.count("SELECT count(*) FROM returns", in: store) == returnCount)

        // Every minion's retcode and success as the manifest recorded them.
        let query = try store.database.prepare("SELECT jid, minion, retcode, success FROM returns")
        var checked = 0
        while try query.step() {
            let jid = query.string(at: 0) ?? ""
            let minion = query.string(at: 1) ?? ""
            let expected = try #require(manifest.job(jid)?.returns[minion], "no manifest entry for \(jid) \(minion)")
            #expect(query.optionalInt64(at: 2).map(Int.init) == expected.retcode, "\(jid) \(minion)")
            #expect(query.optionalInt64(at: 3).map { $0 != 0 } == expected.success, "\(jid) \(minion)")
            checked += 1
        }
        #expect(checked == returnCount)
    }

    @Test func folderAndArchiveGiveTheSameRows() throws {
        let fromArchive = try Self.newStore()
        let fromFolder = try Self.newStore()
        _ = try Ingester(store: fromArchive, options: IngestOptions()).ingest(path: Fixtures.jobsArchive)
        let report = try Ingester(store: fromFolder, options: IngestOptions()).ingest(path: Fixtures.jobsFolder)
        #expect(report.kind == "job-cache-folder")
        #expect(report.problems.isEmpty)

        let rows = """
            SELECT group_concat(jid || '|' || minion || '|' || coalesce(retcode, '-') || '|' || outcome
                                || '|' || coalesce(return, ''), char(10))
            FROM (SELECT * FROM returns ORDER BY jid, minion)
            """
        let jobs = """
            SELECT group_concat(jid || '|' || coalesce(function, '') || '|' || coalesce(load, '') || '|'
                                || coalesce(end_time, ''), char(10))
            FROM (SELECT * FROM jobs ORDER BY jid)
            """
        for sql in [rows, jobs] {
            let archiveRows = try fromArchive.database.prepare(sql)
            let folderRows = try fromFolder.database.prepare(sql)
            _ = try archiveRows.step()
            _ = try folderRows.step()
            #expect(archiveRows.string(at: 0) == folderRows.string(at: 0))
        }
    }

    @Test func reingestChangesNothing() throws {
        let store = try Self.newStore()
        var options = IngestOptions()
        _ = try Ingester(store: store, options: options).ingest(path: Fixtures.jobsArchive)
        let snapshot = "SELECT count(*), sum(length(return)) FROM returns"
        let before = try Self.count(snapshot, in: store)

        let skipped = try Ingester(store: store, options: options).ingest(path: Fixtures.jobsArchive)
        #expect(skipped.skippedAsKnown)

        options.reread = true
        let reread = try Ingester(store: store, options: options).ingest(path: Fixtures.jobsArchive)
        #expect(reread.counts.newJobs == 0)
        #expect(reread.counts.newReturns == 0)
        #expect(reread.counts.knownReturns == before)
        #expect(try Self.count(snapshot, in: store) == before)
        #expect(try Self.count("SELECT count(*) FROM job_sources", in: store) == 0)
        #expect(try Self.count("SELECT count(*) FROM sources", in: store) == 1)
        #expect(try Self.count("SELECT ingest_count FROM sources", in: store) == 2)
    }

    @Test func secondSourceIsRecordedAsProvenance() throws {
        let store = try Self.newStore()
        _ = try Ingester(store: store, options: IngestOptions()).ingest(path: Fixtures.jobsArchive)
        let report = try Ingester(store: store, options: IngestOptions()).ingest(path: Fixtures.jobsFolder)
        #expect(report.counts.knownJobs == Manifest.shared.jobs.count)
        #expect(try Self.count("SELECT count(*) FROM job_sources", in: store) == Manifest.shared.jobs.count)
        #expect(try Self.count("SELECT count(DISTINCT source_id) FROM return_sources", in: store) == 1)
    }

    @Test func newerArchiveAddsWhatIsNew() throws {
        // An older copy of the cache holds only some job folders; the full archive then adds the
        // rest without touching what is stored.
        let folder = try Fixtures.temporaryFolder()
        let older = folder + "/older.tar"
        let members = Manifest.shared.jobs.prefix(100).map { "jobs/" + $0.dir }
        try TestProcess.run("/usr/bin/tar", ["-cf", older, "-C", Fixtures.path("salt-3008")] + members)

        let store = try Self.newStore()
        let first = try Ingester(store: store, options: IngestOptions()).ingest(path: older)
        #expect(first.kind == "job-cache-tar")
        #expect(first.counts.newJobs == 100)

        let second = try Ingester(store: store, options: IngestOptions()).ingest(path: Fixtures.jobsArchive)
        #expect(second.counts.newJobs == Manifest.shared.jobs.count - 100)
        #expect(second.counts.knownJobs == 100)
    }
}

extension IngestTests {
    @Test func splitFolderIsJoinedAndJudgedAgain() throws {
        // A tar whose members of one job folder are far apart, as `tar -r` appends leave them:
        // the jid file and the return first, another job, then the load and minion list. The
        // return is first judged without the job's function, then again once the load arrives.
        let jid = Manifest.shared.jid(ofStep: "state_broken_yaml")
        let job = try #require(Manifest.shared.job(jid))
        let other = try #require(Manifest.shared.job(Manifest.shared.jid(ofStep: "cmd_exit_1")))
        let folder = "jobs/" + job.dir
        let archive = try Fixtures.temporaryFolder() + "/split.tar"
        try TestProcess.run(
            "/usr/bin/tar",
            [
                "-cf", archive, "-C", Fixtures.path("salt-3008"), "--no-recursion", folder + "/jid",
                folder + "/db01.example.test/return.p", "--recursion", "jobs/" + other.dir,
                folder + "/.load.p", folder + "/.minions.p",
            ]
        )

        let store = try Self.newStore()
        let report = try Ingester(store: store, options: IngestOptions()).ingest(path: archive)
        #expect(report.problems.isEmpty)
        #expect(report.counts.newJobs == 2)
        let outcome = try store.database.prepare("SELECT outcome, cause FROM returns WHERE jid = ?")
        try outcome.bind(jid, at: 1)
        try #require(try outcome.step())
        #expect(outcome.string(at: 0) == "failed")
        #expect(outcome.string(at: 1) == "did not compile")
        let function = try store.database.prepare("SELECT function, has_expected_minions FROM jobs WHERE jid = ?")
        try function.bind(jid, at: 1)
        try #require(try function.step())
        #expect(function.string(at: 0) == "state.apply")
        #expect(function.int64(at: 1) == 1)
    }
}

/// Runs a tool such as `tar` for tests that build inputs the way operators make them.
enum TestProcess {
    static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.executableLoad, userInfo: ["tool": executable, "status": process.terminationStatus])
        }
    }
}

extension IngestTests {
    @Test func lostJidFileIsRecoveredFromTheLoad() throws {
        // A cache copied while the master wrote, or damaged afterwards: one job folder lost its
        // `jid` file. The load names the jid, and that jid hashes to the folder's name.
        let job = try #require(Manifest.shared.job(Manifest.shared.jid(ofStep: "cmd_exit_1")))
        let copy = try Fixtures.temporaryFolder() + "/jobs"
        try TestProcess.run("/bin/cp", ["-r", Fixtures.jobsFolder, copy])
        try TestProcess.run("/bin/chmod", ["-R", "u+w", copy])
        try FileManager.default.removeItem(atPath: copy + "/" + job.dir + "/jid")

        let store = try Self.newStore()
        let report = try Ingester(store: store, options: IngestOptions()).ingest(path: copy)
        #expect(report.counts.newJobs == Manifest.shared.jobs.count)
        #expect(report.problems.map(\.severity) == [.warning])
        let returns = try store.database.prepare("SELECT count(*) FROM returns WHERE jid = ?")
        try returns.bind(job.jid, at: 1)
        try #require(try returns.step())
        #expect(Int(returns.int64(at: 0)) == job.returned.count)
    }
}
