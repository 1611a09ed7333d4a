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

    /// A read-only open of a file whose first ingest was killed during a batch.
    ///
    /// The ingest leaves its journal, which only a writable connection may roll back. A copy of
    /// the file and its journal taken during a batch stands for that, since no process holds a
    /// lock on the copy.
    @Test func readOnlyOpenRollsBackAKilledIngest() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = folder + "/killed.db"
        let ingest = try Store.openForIngest(path: path)
        try ingest.database.execute("INSERT INTO meta (key, value) VALUES ('batch', 'committed')")
        try ingest.database.execute("BEGIN IMMEDIATE")
        try ingest.database.execute("UPDATE meta SET value = 'not committed' WHERE key = 'batch'")
        // A batch larger than the page cache: SQLite syncs the journal and writes pages into
        // the file before the commit, as an ingest's batches do.
        try ingest.database.execute("PRAGMA cache_size = 4")
        try ingest.database.execute(
            """
            WITH RECURSIVE rows (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM rows WHERE n < 200)
            INSERT INTO meta (key, value) SELECT 'row ' || n, zeroblob(2000) FROM rows
            """
        )
        let copy = folder + "/copy.db"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        try FileManager.default.copyItem(atPath: path + "-journal", toPath: copy + "-journal")
        try ingest.database.execute("ROLLBACK")

        // A read-only connection alone fails with SQLITE_READONLY_ROLLBACK.
        let plain = try Database(path: copy, mode: .readOnly)
        #expect(throws: SQLiteError.self) { try Store.userVersion(of: plain) }
        plain.close()

        let store = try Store(path: copy, readOnly: true)
        let value = try store.database.prepare("SELECT value FROM meta WHERE key = 'batch'")
        #expect(try value.step())
        #expect(value.string(at: 0) == "committed")
    }

    /// An ingest stopped by an error before `finishIngest()` leaves the file in the rollback
    /// journal mode, and the next writable open switches it to the log.
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
