import CSQLite

/// Runs one SQL query that a user typed, on a connection that cannot write.
///
/// Two guards keep the database and the file system unchanged. The file is opened read-only,
/// and an authorizer (`sqlite3_set_authorizer`) rejects every statement that would write:
/// INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, ATTACH, DETACH, transactions and PRAGMAs that
/// set a value. The authorizer is needed because a read-only connection still lets
/// `VACUUM INTO 'file'` write a new database file; SQLite runs that through an ATTACH, which
/// the authorizer rejects.
public enum ReadOnlySQL {
    /// PRAGMAs that only read, allowed with or without an argument (a table or index name).
    static let readingPragmas: Set<String> = [
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
        "foreign_key_list", "foreign_key_check", "database_list", "collation_list", "function_list",
        "module_list", "pragma_list", "compile_options", "integrity_check", "quick_check",
    ]
    /// PRAGMAs that read without an argument but set a value with one.
    static let settingPragmas: Set<String> = [
        "user_version", "schema_version", "application_id", "page_count", "page_size", "freelist_count",
        "encoding", "journal_mode", "data_version",
    ]

    /// The names of SQLite's schema table.
    static let schemaTables: Set<String> = [
        "sqlite_master", "sqlite_schema", "sqlite_temp_master", "sqlite_temp_schema",
    ]

    /// Runs `sql` on the database at `path` and returns its columns and rows.
    ///
    /// - Throws: `ReadOnlySQLError` when the text is not exactly one valid statement or the
    ///   statement would write, `StoreError` when the schema is outdated or newer, and `SQLiteError` when
    ///   SQLite fails to prepare or run it.
    public static func run(_ sql: String, databasePath path: String) throws -> ReportTable {
        let store = try Store(path: path, readOnly: true)
        let database = store.database
        let authorizer = Authorizer()
        let context = Unmanaged.passUnretained(authorizer).toOpaque()
        sqlite3_set_authorizer(database.handle, readOnlyAuthorizer, context)
        defer { sqlite3_set_authorizer(database.handle, nil, nil) }

        let statement: Statement
        do {
            try checkSingleStatement(sql, in: database)
            statement = try database.prepare(sql)
        } catch {
            if let action = authorizer.rejectedAction { throw ReadOnlySQLError.writeRejected(action: action) }
            throw error
        }

        // VACUUM passes the authorizer when it is prepared (its ATTACH comes when it runs), so
        // statements that SQLite itself reports as writing are rejected here as well.
        guard sqlite3_stmt_readonly(statement.handle) != 0 else {
            throw ReadOnlySQLError.writeRejected(action: leadingKeyword(of: sql))
        }
        return try withExtendedLifetime(authorizer) { try rows(of: statement) }
    }

    /// Rejects text with more than one statement; comments and semicolons after it are fine.
    private static func checkSingleStatement(_ sql: String, in database: Database) throws {
        let text = Array(sql.utf8CString)
        var count = 0
        try text.withUnsafeBufferPointer { buffer in
            guard var remaining = buffer.baseAddress else { return }
            while remaining.pointee != 0 {
                var statement: OpaquePointer?
                var tail: UnsafePointer<CChar>?
                let code = sqlite3_prepare_v2(database.handle, remaining, -1, &statement, &tail)
                sqlite3_finalize(statement)
                guard code == SQLITE_OK else {
                    throw ReadOnlySQLError.invalidSQL(message: database.lastErrorMessage)
                }
                if statement != nil { count += 1 }
                guard let tail, tail != remaining else { break }
                remaining = tail
            }
        }
        if count == 0 { throw ReadOnlySQLError.noStatement }
        if count > 1 { throw ReadOnlySQLError.severalStatements(count) }
    }

    /// Returns the first word of `sql` in capitals, such as `VACUUM`, to name a rejected statement.
    private static func leadingKeyword(of sql: String) -> String {
        let word = sql.split(whereSeparator: { !$0.isLetter }).first.map(String.init) ?? ""
        return word.isEmpty ? "the statement" : word.uppercased()
    }

    private static func rows(of statement: Statement) throws -> ReportTable {
        let columnCount = statement.columnCount
        var report = ReportTable(
            (0..<columnCount).map { index in
                let name = statement.columnName(at: index)
                return ReportTable.Column(name, name)
            }
        )
        while try statement.step() {
            report.append((0..<columnCount).map { cell(of: statement, at: $0) })
        }

        // Numbers are right-aligned when every value of the column is a number.
        for index in report.columns.indices {
            let values = report.rows.map { $0[index] }.filter { $0 != .null }
            let numeric =
                !values.isEmpty
                && values.allSatisfy { cell in
                    if case .integer = cell { return true }
                    if case .number = cell { return true }
                    return false
                }
            if numeric { report.columns[index].alignment = .right }
        }
        return report
    }

    private static func cell(of statement: Statement, at column: Int32) -> ReportTable.Cell {
        switch sqlite3_column_type(statement.handle, column) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(statement.int64(at: column))
        case SQLITE_FLOAT: return .number(statement.double(at: column))
        case SQLITE_BLOB: return .value(.bytes(statement.bytes(at: column) ?? []))
        default: return .text(statement.string(at: column) ?? "")
        }
    }
}

/// Records what the authorizer rejected, so the error can name it.
private final class Authorizer {
    var rejectedAction: String?
}

/// The authorizer callback: SQLITE_OK for reads, SQLITE_DENY for everything else.
private let readOnlyAuthorizer:
    @convention(c) (
        UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
        UnsafePointer<CChar>?
    ) -> Int32 = { context, action, first, second, _, _ in
        let firstText = first.map { String(cString: $0) }
        let secondText = second.map { String(cString: $0) }
        switch action {
        case SQLITE_FUNCTION where secondText?.lowercased() == "load_extension":
            // Extension loading is off on this connection, but SQLite then reports only "not
            // authorized" while the statement runs, so it is rejected here with a clear message.
            break
        case SQLITE_SELECT, SQLITE_READ, SQLITE_FUNCTION, SQLITE_RECURSIVE:
            return SQLITE_OK
        case SQLITE_UPDATE where ReadOnlySQL.schemaTables.contains(firstText ?? ""):
            // SQLite checks these when it connects a virtual table (FTS5, pragma_table_info),
            // without writing. A user's UPDATE of the schema table fails anyway, because the
            // connection is read-only and the schema table is not writable.
            return SQLITE_OK
        case SQLITE_PRAGMA:
            let name = firstText?.lowercased() ?? ""
            if ReadOnlySQL.readingPragmas.contains(name) { return SQLITE_OK }
            if ReadOnlySQL.settingPragmas.contains(name), secondText == nil { return SQLITE_OK }
        default:
            break
        }

        if let context {
            let authorizer = Unmanaged<Authorizer>.fromOpaque(context).takeUnretainedValue()
            if authorizer.rejectedAction == nil {
                authorizer.rejectedAction = describe(action: action, first: firstText, second: secondText)
            }
        }
        return SQLITE_DENY
    }

/// Names a rejected action the way SQL spells it, such as `INSERT into jobs` or `ATTACH`.
private func describe(action: Int32, first: String?, second: String?) -> String {
    let object = first.map { " \($0)" } ?? ""
    switch action {
    case SQLITE_INSERT: return "INSERT into\(object)"
    case SQLITE_UPDATE: return "UPDATE of\(object)"
    case SQLITE_DELETE: return "DELETE from\(object)"
    case SQLITE_ATTACH: return "ATTACH (also used by VACUUM INTO)"
    case SQLITE_DETACH: return "DETACH"
    case SQLITE_TRANSACTION: return "a transaction (\(first ?? "BEGIN"))"
    case SQLITE_SAVEPOINT: return "SAVEPOINT"
    case SQLITE_PRAGMA:
        return second.map { "PRAGMA\(object) = \($0)" } ?? "PRAGMA\(object)"
    case SQLITE_FUNCTION: return "the function \(second ?? "")()"
    case SQLITE_ALTER_TABLE: return "ALTER TABLE"
    case SQLITE_ANALYZE: return "ANALYZE"
    case SQLITE_REINDEX: return "REINDEX"
    default:
        if let first { return "creating or dropping \(first)" }
        return "a statement that writes"
    }
}

/// SQL that `saltpan sql` does not run.
public enum ReadOnlySQLError: Error, Sendable, Equatable, CustomStringConvertible {
    case writeRejected(action: String)
    case invalidSQL(message: String)
    case noStatement
    case severalStatements(Int)

    public var description: String {
        switch self {
        case .writeRejected(let action):
            return "\(action) is not allowed: saltpan sql only reads (SELECT, WITH, EXPLAIN and PRAGMAs "
                + "that read); write to the database with saltpan ingest"
        case .invalidSQL(let message):
            return "the query is not valid SQL: \(message)"
        case .noStatement:
            return "the query is empty; give one SQL statement, such as 'SELECT count(*) FROM jobs'"
        case .severalStatements(let count):
            return "the query holds \(count) statements; give one statement per run"
        }
    }
}
