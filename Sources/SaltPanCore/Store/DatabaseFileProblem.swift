import CSQLite

/// A database file that SQLite cannot use, named with what to do about it.
///
/// SQLite reports these with its own words and saltpan's SQL, such as `file is not a database
/// in "PRAGMA journal_mode = WAL"`, which names neither the file nor a fix.
public enum DatabaseFileProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is not an SQLite database (SQLITE_NOTADB).
    case notADatabase(path: String)
    /// SQLite found damaged pages (SQLITE_CORRUPT).
    case damaged(path: String, message: String)
    /// The file uses write-ahead logging, and SQLite cannot create its `-shm` and `-wal` files
    /// because this user cannot write the folder (SQLITE_READONLY_DIRECTORY or
    /// SQLITE_READONLY_CANTINIT).
    case folderNotWritable(path: String)

    /// SQLITE_READONLY_CANTINIT and SQLITE_READONLY_DIRECTORY, macros that Swift does not import.
    private static let folderCodes: Set<Int32> = [SQLITE_READONLY | (5 << 8), SQLITE_READONLY | (6 << 8)]

    /// Returns the problem `error` shows with the database at `path`, or nil when the error is
    /// about something else, such as a lock or invalid SQL.
    public init?(_ error: SQLiteError, path: String) {
        switch error.code & 0xff {
        case SQLITE_NOTADB:
            self = .notADatabase(path: path)
        case SQLITE_CORRUPT:
            self = .damaged(path: path, message: error.message)
        case SQLITE_READONLY where Self.folderCodes.contains(error.code):
            self = .folderNotWritable(path: path)
        default:
            return nil
        }
    }

    public var description: String {
        switch self {
        case .notADatabase(let path):
            return "'\(path)' is not an SQLite database; check --db or SALTPAN_DB, or give the path of a file "
                + "that does not exist yet to create a database there"
        case .damaged(let path, let message):
            return "database '\(path)' is damaged (SQLite: \(message)); restore it from a backup, or ingest "
                + "the inputs again into a new file"
        case .folderNotWritable(let path):
            return "cannot read database '\(path)': it uses write-ahead logging, so SQLite must create "
                + "'\(path)-shm' and '\(path)-wal' beside it, and this user cannot write that folder; run as "
                + "a user who can, or copy the file into a folder you can write"
        }
    }
}
