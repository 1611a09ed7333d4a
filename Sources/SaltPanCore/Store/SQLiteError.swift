import CSQLite

/// An error reported by SQLite, with the statement that caused it.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code (<https://sqlite.org/rescode.html>).
    public var code: Int32
    public var message: String
    /// The SQL being prepared or run, when there was one.
    public var sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// True for SQLITE_BUSY and SQLITE_LOCKED: another connection holds the lock.
    public var isBusy: Bool {
        let primary = code & 0xff
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED
    }

    /// True for SQLITE_ERROR, the generic code SQLite gives for invalid SQL or an invalid
    /// full-text query, as opposed to a damaged file, a lock or a full disk.
    public var isQueryError: Bool {
        code & 0xff == SQLITE_ERROR
    }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql {
            text += " in \"\(sql)\""
        }
        return text
    }
}
