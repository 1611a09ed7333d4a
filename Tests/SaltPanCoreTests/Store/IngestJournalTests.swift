import Foundation
import Testing

@testable import SaltPanCore

/// The journal an ingest writes with: SQLite's rollback journal while it fills a new file, and
/// write-ahead logging for every file that already contains a database.
@Suite struct IngestJournalTests {
    static func count(_ sql: String, in store: Store) throws -> Int {
        let statement = try store.database.prepare(sql)
        try #require(try statement.step())
        return Int(statement.int64(at: 0))
    }

    @Test func newFileIsFilledWithRollbackJournal() throws {
        let path = try Fixtures.temporaryFolder() + "/new.db"
        let store = try Store.openForIngest(path: path)
        #expect(store.usesRollbackJournal)
        #expect(try Store.journalMode(of: store.database) == "delete")

        let report = try Ingester(store: store, options: IngestOptions()).ingest(path: Fixtures.jobsArchive)
        #expect(report.problems.isEmpty)
        let returnCount = Manifest.shared.jobs.reduce(0) { $0 + $1.returned.count }
        #expect(try Self.count("SELECT count(*) FROM returns", in: store) == returnCount)

        try store.finishIngest()
        #expect(!store.usesRollbackJournal)
        #expect(try Store.journalMode(of: store.database) == "wal")
        #expect(try Self.count("SELECT count(*) FROM returns", in: store) == returnCount)
    }

    /// A file created empty, as `touch` or a failed first open leaves it, counts as new.
    @Test func emptyFileCountsAsNew() throws {
        let path = try Fixtures.temporaryFolder() + "/empty.db"
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let store = try Store.openForIngest(path: path)
        #expect(store.usesRollbackJournal)
    }

    @Test func existingDatabaseKeepsWriteAheadLog() throws {
        let path = try Fixtures.temporaryFolder() + "/existing.db"
        do {
            let first = try Store.openForIngest(path: path)
            try first.finishIngest()
        }

        let store = try Store.openForIngest(path: path)
        #expect(!store.usesRollbackJournal)
        #expect(try Store.journalMode(of: store.database) == "wal")
    }

    /// A query or a second ingest that opens the file during a batch of the first ingest.
    ///
    /// It cannot switch the file to the log, so it goes on with the rollback journal instead of
    /// waiting for the whole ingest. The first ingest switches the file when it ends.
    @Test func openDuringFirstIngestKeepsRollbackJournal() throws {
        let path = try Fixtures.temporaryFolder() + "/first.db"
        let first = try Store.openForIngest(path: path)
        try first.database.execute("BEGIN IMMEDIATE")
        try first.database.execute("INSERT INTO meta (key, value) VALUES ('batch', 'open')")

        let query = try Store(path: path)
        #expect(query.usesRollbackJournal)
        #expect(try Self.count("SELECT count(*) FROM meta WHERE key = 'batch'", in: query) == 0)

        try first.database.execute("COMMIT")
        try first.finishIngest()
        #expect(!first.usesRollbackJournal)
        #expect(try Store.journalMode(of: first.database) == "wal")
        #expect(try Self.count("SELECT count(*) FROM meta WHERE key = 'batch'", in: query) == 1)
    }

    /// An ingest stopped by an error before `finishIngest()` leaves the rollback journal in the
    /// file; the next writable open switches it to the log.
    @Test func nextOpenSwitchesAnUnfinishedFile() throws {
        let path = try Fixtures.temporaryFolder() + "/unfinished.db"
        do {
            let stopped = try Store.openForIngest(path: path)
            #expect(stopped.usesRollbackJournal)
        }

        let store = try Store(path: path)
        #expect(try Store.journalMode(of: store.database) == "wal")
    }
}
