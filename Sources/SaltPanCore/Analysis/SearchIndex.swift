import CSQLite

/// Keeps the full-text index `search_text` up to date with the stored returns.
///
/// The index contains one document per return that has text, with the return's row id: every
/// string in the return value (command output, state comments and names, error messages),
/// one per line. Text that was not valid UTF-8 is decoded with U+FFFD in place of the invalid
/// bytes; bytes, numbers and map keys are left out. Returns are never rewritten after they are
/// stored, so the index only needs the rows added since its last update, which `meta` records.
public enum SearchIndex {
    /// The `meta` key holding the highest return row id already indexed.
    static let progressKey = "search_indexed_through_return_id"
    /// Returns indexed per transaction, so an interrupted update keeps its finished batches.
    static let batchSize = 5_000

    /// Adds the returns stored since the last update to the index; returns how many it read.
    ///
    /// `saltpan search` calls this before each search. Calling it at the end of an ingest
    /// moves the cost there instead.
    ///
    /// - Throws: `SearchIndexError` when returns are new and the connection is read-only,
    ///   `SQLiteError` when the database cannot be written, and `LosslessJSONError` when a
    ///   stored return is damaged.
    @discardableResult
    public static func updateSearchIndex(database: Database) throws -> Int {
        // An index that is up to date needs no write, so a user who can only read the file
        // can still search it.
        guard try hasUnindexedReturns(database) else { return 0 }
        guard sqlite3_db_readonly(database.handle, "main") != 1 else {
            throw SearchIndexError.readOnly(path: database.path)
        }

        var total = 0
        while true {
            let count = try database.inTransaction { try indexBatch(database: database) }
            total += count
            if count < batchSize { return total }
        }
    }

    /// Returns the highest return row id already indexed, 0 before the first update.
    private static func indexedThrough(_ database: Database) throws -> Int64 {
        let progress = try database.cachedStatement("SELECT value FROM meta WHERE key = ?")
        try progress.bind(progressKey, at: 1)
        defer { progress.reset() }
        return try progress.step() ? Int64(progress.string(at: 0) ?? "") ?? 0 : 0
    }

    private static func hasUnindexedReturns(_ database: Database) throws -> Bool {
        let query = try database.cachedStatement("SELECT EXISTS (SELECT 1 FROM returns WHERE id > ?)")
        try query.bind(try indexedThrough(database), at: 1)
        defer { query.reset() }
        return try query.step() && query.int64(at: 0) == 1
    }

    private static func indexBatch(database: Database) throws -> Int {
        let indexedThrough = try indexedThrough(database)

        let returns = try database.cachedStatement("SELECT id, return FROM returns WHERE id > ? ORDER BY id LIMIT ?")
        try returns.bind(indexedThrough, at: 1)
        try returns.bind(batchSize, at: 2)
        let insert = try database.cachedStatement("INSERT INTO search_text (rowid, text) VALUES (?, ?)")

        var count = 0
        var lastID = indexedThrough
        while try returns.step() {
            lastID = returns.int64(at: 0)
            count += 1
            guard let value = try StoredValue.decode(returns.string(at: 1)) else { continue }
            let text = searchableText(value)
            if text.isEmpty { continue }
            try insert.bind(lastID, at: 1)
            try insert.bind(text, at: 2)
            try insert.run()
        }
        returns.reset()

        let record = try database.cachedStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")
        try record.bind(progressKey, at: 1)
        try record.bind(String(lastID), at: 2)
        try record.run()
        return count
    }

    /// Returns every string in `value`, one per line, in the order of the value.
    static func searchableText(_ value: Value) -> String {
        var lines: [String] = []
        collectText(value, into: &lines)
        return lines.joined(separator: "\n")
    }

    private static func collectText(_ value: Value, into lines: inout [String]) {
        switch value {
        case .string(let text):
            if !text.isEmpty { lines.append(text) }
        case .invalidString(let bytes):
            lines.append(String(decoding: bytes, as: UTF8.self))
        case .array(let items):
            for item in items { collectText(item, into: &lines) }
        case .map(let entries):
            for entry in entries { collectText(entry.value, into: &lines) }
        case .null, .bool, .int, .unsigned, .double, .bytes, .datetime, .ext:
            break
        }
    }
}

/// A search index that cannot be brought up to date.
public enum SearchIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Returns were ingested since the last search, and this user cannot write the database.
    case readOnly(path: String)

    public var description: String {
        switch self {
        case .readOnly(let path):
            return "the search index of '\(path)' lacks the returns ingested since the last search, and this "
                + "user cannot write the file to add them; run 'saltpan search' once as a user who can write it"
        }
    }
}
