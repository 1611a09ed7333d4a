import CSQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The saltpan database: a connection with the schema brought up to date.
public final class Store {
    public let database: Database

    /// True while the store writes with the rollback journal: a new file (see `openForIngest`),
    /// or one whose first ingest another process had not finished when this store opened it.
    public private(set) var usesRollbackJournal: Bool

    /// Opens (and for writing, creates or migrates) the database at `path`.
    ///
    /// A writable store uses write-ahead logging, so queries keep reading while an ingest writes,
    /// and `synchronous = NORMAL`, which in WAL mode can lose the last transactions on power loss
    /// but never corrupts the file. A new file gets pages of `pageSize` bytes. The log is copied
    /// into the database every 12,500 pages (about 200 MiB of 16 KiB pages) rather than SQLite's
    /// default 1,000, because fewer checkpoints saved time on a 1M-return ingest. The page cache
    /// is 16 MiB, because a larger one saved little and raised the peak memory. Releasing the
    /// store closes the connection, which copies the log into the file and removes it.
    ///
    /// - Throws: `StoreError.newerSchema` when the file was written by a newer saltpan, and
    ///   `SQLiteError` when SQLite fails.
    public convenience init(path: String, readOnly: Bool = false) throws {
        try self.init(path: path, readOnly: readOnly, journal: .writeAheadLog)
    }

    /// Opens the database at `path` for `saltpan ingest`.
    ///
    /// A file that does not exist yet, or is empty, is written with SQLite's rollback journal and
    /// `synchronous = FULL` until `finishIngest()`. The rollback journal writes each new page to
    /// the file once, where write-ahead logging writes it to the log and copies it again at every
    /// checkpoint. Pairs of runs of 1M returns of the realistic mix took 0.77 of the wall time from
    /// an event log and 0.89 from a job cache archive. Both journals keep the file whole through a
    /// crash or a power loss. The cost is that readers and this first ingest wait for each other:
    /// a query waits while a batch is written, and a long read holds up the ingest. An existing
    /// file keeps write-ahead logging, so queries read while later ingests write.
    public static func openForIngest(path: String) throws -> Store {
        let isNew = (SystemCalls.fileStatus(Array(path.utf8))?.st_size ?? 0) == 0
        return try Store(path: path, readOnly: false, journal: isNew ? .rollback : .writeAheadLog)
    }

    /// The journal a writable store writes with.
    private enum Journal {
        case writeAheadLog
        /// SQLite's default rollback journal, left as a new file has it.
        case rollback
    }

    private init(path: String, readOnly: Bool, journal: Journal) throws {
        usesRollbackJournal = false
        try Store.checkPath(path, readOnly: readOnly)
        if readOnly {
            database = try Store.openReadOnly(path: path)
            return
        }
        database = try Database(path: path, mode: .readWrite)
        try database.execute("PRAGMA page_size = \(Store.pageSize)")
        switch journal {
        case .writeAheadLog:
            usesRollbackJournal = try !Store.enableWriteAheadLog(database)
        case .rollback:
            // Another process may have created the file and switched it to WAL since the check.
            usesRollbackJournal = try Store.journalMode(of: database) != "wal"
        }
        try database.execute("PRAGMA synchronous = \(usesRollbackJournal ? "FULL" : "NORMAL")")
        try database.execute("PRAGMA wal_autocheckpoint = 12500")
        try database.execute("PRAGMA cache_size = -16384")
        try Store.migrate(database, path: path)
        try Store.updateOutcomesIfRuleChanged(database)
    }

    /// Switches a file written with a rollback journal to write-ahead logging.
    ///
    /// Queries then read while later ingests write. A store that already uses the log is left as
    /// it is, and so is a file that another process is still writing with the rollback journal:
    /// the next open after it switches the file.
    public func finishIngest() throws {
        guard usesRollbackJournal, try Store.enableWriteAheadLog(database) else { return }
        try database.execute("PRAGMA synchronous = NORMAL")
        usesRollbackJournal = false
    }

    deinit {
        database.close()
    }

    /// The page size of a new database file: 16 KiB instead of SQLite's default 4 KiB.
    ///
    /// Larger pages mean fewer pages to write to the log and copy back into the file, and shallower
    /// indexes. Pairs of runs against 4 KiB pages on two cores took these fractions of the wall
    /// time: 0.92 for one million small returns from an event log and 0.91 for 200,000 returns
    /// of the realistic mix. One million returns from a job cache archive took 0.99, and
    /// `failures` and `retcodes` on the 1M database 0.95. 64 KiB pages were faster still on event
    /// logs but 8% slower on the archive. Its jobs arrive in random jid order, so pages leave the
    /// cache dirty, and each one evicted writes 64 KiB to the log. A file keeps the page size it
    /// was created with, because a database in write-ahead logging mode cannot change it.
    static let pageSize = 16_384

    /// Judges every stored return again when the outcome rule changed since they were stored.
    ///
    /// The rule's version is kept in the `meta` table; a database written before it was kept
    /// counts as version 0.
    static func updateOutcomesIfRuleChanged(_ database: Database) throws {
        let query = try database.prepare("SELECT value FROM meta WHERE key = 'outcome_rule_version'")
        let stored = try query.step() ? Int(query.string(at: 0) ?? "") ?? 0 : 0
        query.reset()
        guard stored != OutcomeRule.version else { return }

        try database.inTransaction {
            try OutcomeUpdater.updateAll(in: database)
            let record = try database.prepare(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('outcome_rule_version', ?)"
            )
            try record.bind(String(OutcomeRule.version), at: 1)
            try record.run()
        }
    }

    /// Switches the file to write-ahead logging, retrying for up to `timeout` while another
    /// process holds a lock, and returns whether the file uses the log.
    ///
    /// Changing the journal mode needs an exclusive lock, and SQLite 3.40 fails the pragma with
    /// SQLITE_BUSY at once, without calling the busy handler, while another process creates or
    /// writes the file. The mode is stored in the file, so only the opens during the first ingest
    /// can meet this. That ingest holds the lock for a batch at a time, and may run for many
    /// minutes, so such an open gives up after `timeout` and goes on with the rollback journal.
    /// Queries and writes work the same with it, and the next open after the ingest switches.
    static func enableWriteAheadLog(_ database: Database, timeout: Duration = .milliseconds(500)) throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            do {
                try database.execute("PRAGMA journal_mode = WAL")
                return true
            } catch let error as SQLiteError where error.isBusy {
                guard clock.now < deadline else { return false }
                usleep(10_000)
            }
        }
    }

    /// Rejects a database path for which SQLite reports only "unable to open database file" or
    /// "disk I/O error": a folder, or for writing, a file in a folder that does not exist.
    private static func checkPath(_ path: String, readOnly: Bool) throws {
        if let status = SystemCalls.fileStatus(Array(path.utf8)), status.st_mode & S_IFMT == S_IFDIR {
            throw StoreError.folderPath(path: path)
        }
        guard !readOnly else { return }

        let folder = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[..<$0]) } ?? "."
        guard folder.isEmpty || SystemCalls.fileStatus(Array(folder.utf8)) != nil else {
            throw StoreError.missingFolder(path: path, folder: folder)
        }
    }

    /// True when a file exists at `path`.
    public static func exists(path: String) -> Bool {
        SystemCalls.fileStatus(Array(path.utf8)) != nil
    }

    /// Applies the migrations that `database` has not had yet.
    ///
    /// The version is read again inside an immediate transaction, so when two processes open a
    /// new database at once, the second waits for the first and then finds nothing left to do.
    static func migrate(_ database: Database, path: String) throws {
        if try userVersion(of: database) == Schema.currentVersion { return }

        try database.inTransaction {
            let version = try userVersion(of: database)
            guard version <= Schema.currentVersion else {
                throw StoreError.newerSchema(path: path, version: version, supported: Schema.currentVersion)
            }
            for migration in Schema.migrations[version...] {
                try database.execute(migration)
            }
            try database.execute("PRAGMA user_version = \(Schema.currentVersion)")
        }
    }

    static func checkVersion(of database: Database, path: String) throws {
        let version = try userVersion(of: database)
        if version > Schema.currentVersion {
            throw StoreError.newerSchema(path: path, version: version, supported: Schema.currentVersion)
        }
        if version < Schema.currentVersion {
            throw StoreError.outdatedSchema(path: path, version: version, current: Schema.currentVersion)
        }
    }

    /// SQLITE_READONLY_ROLLBACK, a macro that Swift does not import.
    private static let readOnlyRollbackCode = SQLITE_READONLY | (3 << 8)

    /// Opens the database at `path` read-only and checks its schema version.
    ///
    /// A first ingest that was killed leaves its rollback journal beside the file, and SQLite
    /// cannot read the file through a read-only connection until the journal is rolled back
    /// (SQLITE_READONLY_ROLLBACK). A writable connection rolls it back when it first reads, which
    /// restores the last committed batch and changes nothing committed, so this opens one for
    /// that and then opens the file read-only again.
    static func openReadOnly(path: String) throws -> Database {
        let database = try Database(path: path, mode: .readOnly)
        do {
            try checkVersion(of: database, path: path)
            return database
        } catch let error as SQLiteError where error.code == readOnlyRollbackCode {
            database.close()
        }

        do {
            let writable = try Database(path: path, mode: .readWrite)
            defer { writable.close() }
            _ = try userVersion(of: writable)
        } catch {
            throw StoreError.interruptedIngest(path: path, reason: "\(error)")
        }
        let reopened = try Database(path: path, mode: .readOnly)
        try checkVersion(of: reopened, path: path)
        return reopened
    }

    /// Returns the journal mode of the file in lower case, such as "wal" or "delete".
    static func journalMode(of database: Database) throws -> String {
        let statement = try database.prepare("PRAGMA journal_mode")
        guard try statement.step() else { return "" }
        return (statement.string(at: 0) ?? "").lowercased()
    }

    static func userVersion(of database: Database) throws -> Int {
        let statement = try database.prepare("PRAGMA user_version")
        guard try statement.step() else { return 0 }
        return Int(statement.int64(at: 0))
    }
}

/// A database that saltpan cannot use as it is.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case newerSchema(path: String, version: Int, supported: Int)
    case outdatedSchema(path: String, version: Int, current: Int)
    /// A killed ingest left a rollback journal that this process could not roll back.
    case interruptedIngest(path: String, reason: String)
    /// The database path names a folder.
    case folderPath(path: String)
    /// The folder the database file would be created in does not exist.
    case missingFolder(path: String, folder: String)

    public var description: String {
        switch self {
        case .newerSchema(let path, let version, let supported):
            return "database '\(path)' has schema version \(version), but this saltpan reads versions up to "
                + "\(supported); use a newer saltpan"
        case .outdatedSchema(let path, 0, _):
            return "database '\(path)' has no saltpan tables yet: an ingest may be creating it (try again "
                + "when it ends), or run 'saltpan ingest' on it once (with no inputs) to create them"
        case .outdatedSchema(let path, let version, let current):
            return "database '\(path)' has schema version \(version), older than \(current); "
                + "run 'saltpan ingest' on it once (with no inputs) to upgrade it"
        case .interruptedIngest(let path, let reason):
            return "database '\(path)' has the journal of an interrupted ingest ('\(path)-journal'), "
                + "and rolling it back failed (\(reason)); run 'saltpan ingest' on it once "
                + "(with no inputs) as a user who can write the file"
        case .folderPath(let path):
            let file = path.hasSuffix("/") ? path + "saltpan.db" : path + "/saltpan.db"
            return "database path '\(path)' is a folder; give the path of a database file, such as '\(file)'"
        case .missingFolder(let path, let folder):
            return "cannot create database '\(path)': the folder '\(folder)' does not exist; create it first"
        }
    }
}

@available(*, unavailable)
extension Store: Sendable {}
