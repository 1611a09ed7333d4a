import CSQLite

/// One connection to an SQLite database file.
///
/// The connection owns its prepared statements through a cache keyed by the address of each SQL
/// string literal (`cachedStatement`), so the ingest path prepares each statement once and reuses
/// it for millions of rows. A connection must stay on one thread or task at a time.
public final class Database {
    /// The access mode a connection opens its file with.
    public enum Mode: Sendable {
        /// Read and write, creating the file when it does not exist.
        case readWrite
        /// Read only; the file must exist.
        case readOnly
    }

    let handle: OpaquePointer
    public let path: String
    private var statementCache: [UnsafeRawPointer: Statement] = [:]
    private var isClosed = false

    /// Opens the database at `path`.
    ///
    /// The busy timeout makes a connection wait up to `busyTimeout` milliseconds for another
    /// process's write lock instead of failing with "database is locked" at once.
    ///
    /// - Throws: `SQLiteError` when the file cannot be opened.
    public init(path: String, mode: Mode = .readWrite, busyTimeout: Int32 = 60_000) throws {
        _ = Database.configureLibrary
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        switch mode {
        case .readWrite: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        }

        var connection: OpaquePointer?
        let code = sqlite3_open_v2(path, &connection, flags, nil)
        guard code == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            // SQLite docs: a handle is returned even on failure and must be closed.
            sqlite3_close_v2(connection)
            throw SQLiteError(code: code, message: "cannot open database '\(path)': \(message)")
        }
        self.handle = connection
        self.path = path
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, busyTimeout)
    }

    deinit {
        close()
    }

    /// Finalizes the cached statements and closes the connection; later calls do nothing.
    ///
    /// Each cached statement keeps a reference to its connection, so a connection with cached
    /// statements is never deinitialized on its own, and its owner closes it. The last connection to close
    /// copies the write-ahead log into the database file and deletes the log, so the file can
    /// be copied alone. A statement a caller still holds keeps the connection open, as a
    /// zombie, until that statement is released (`sqlite3_close_v2`).
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that return no rows.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard code == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw SQLiteError(code: code, message: message, sql: sql)
        }
    }

    /// Prepares a new statement that the caller owns.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Returns a prepared statement from the connection's cache, reset and with no bindings.
    ///
    /// The cache is keyed by the address of the SQL literal, which the compiler keeps fixed, so
    /// a lookup costs one pointer hash instead of hashing the SQL text for every row written.
    public func cachedStatement(_ sql: StaticString) throws -> Statement {
        let key = UnsafeRawPointer(sql.utf8Start)
        if let statement = statementCache[key] {
            // Most users have run and reset it already, so this skips a second clear of its bindings.
            if statement.needsReset { statement.reset() }
            return statement
        }
        let statement = try prepare(sql.description)
        statementCache[key] = statement
        return statement
    }

    /// Runs `body` in a transaction, committing when it returns and rolling back when it throws.
    ///
    /// `BEGIN IMMEDIATE` takes the write lock at once, so a second writer waits on the busy
    /// timeout here rather than failing later when it first writes inside a read transaction.
    public func inTransaction<Result>(immediate: Bool = true, _ body: () throws -> Result) throws -> Result {
        try execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // A failed ROLLBACK means the transaction is already gone; the original error matters.
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The number of rows changed by the most recent INSERT, UPDATE or DELETE.
    public var changes: Int {
        Int(sqlite3_changes64(handle))
    }

    public var lastInsertRowID: Int64 {
        sqlite3_last_insert_rowid(handle)
    }

    var lastErrorMessage: String {
        String(cString: sqlite3_errmsg(handle))
    }

    /// Process-wide SQLite settings, applied once before the first connection opens.
    ///
    /// SQLite keeps allocation statistics behind a global mutex; saltpan never reads them, and
    /// the mutex cost about 4% of an ingest. SQLite docs: <https://sqlite.org/c3ref/config.html>.
    /// The result is ignored: the call fails only once SQLite is initialized, and then nothing is
    /// lost but the speed-up.
    private static let configureLibrary: Void = {
        _ = csqlite_disable_memory_statistics()
    }()

    /// The version of the SQLite library in use, such as `3.40.1`.
    public static var libraryVersion: String {
        String(cString: sqlite3_libversion())
    }
}

@available(*, unavailable)
extension Database: Sendable {}
