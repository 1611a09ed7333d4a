/// The identity of an input, known before any of its records is written.
public struct SourceIdentity: Sendable, Equatable {
    /// The path as the user gave it.
    public var path: String
    /// What kind of input it is, such as `job-cache-folder` or `job-cache-tar-gz`.
    public var kind: String
    /// Bytes of the file, or of all files of a folder.
    public var size: Int64
    /// The hex SHA-256 of the file, or of a folder's sorted list of file paths and sizes.
    public var sha256: String
    /// The number of files in a folder; nil for a file.
    public var fileCount: Int?

    public init(path: String, kind: String, size: Int64, sha256: String, fileCount: Int? = nil) {
        self.path = path
        self.kind = kind
        self.size = size
        self.sha256 = sha256
        self.fileCount = fileCount
    }
}

/// A stored source and how far its ingest got.
public struct StoredSource: Sendable, Equatable {
    public var id: Int64
    public var status: SourceStatus
    public var firstIngestedAt: String
}

/// How far the ingest of a source got.
public enum SourceStatus: String, Sendable {
    /// An ingest started and has not finished: it was interrupted, or is running now.
    case inProgress = "in-progress"
    /// Every record was read.
    case complete
    /// The input was read to the end or to damage that stopped it; problems name what was lost.
    case damaged
}

/// Reads and writes the `sources` table.
enum SourceRegistry {
    /// Finds the source with the same content and kind, or nil when this input is new.
    static func find(_ identity: SourceIdentity, in database: Database) throws -> StoredSource? {
        let query = try database.cachedStatement(
            "SELECT id, status, first_ingested_at FROM sources WHERE sha256 = ? AND kind = ?"
        )
        try query.bind(identity.sha256, at: 1)
        try query.bind(identity.kind, at: 2)
        guard try query.step() else { return nil }
        // A statement left on its row keeps a read transaction open, and SQLite then fails the
        // next BEGIN IMMEDIATE with "database is locked" at once instead of waiting.
        defer { query.reset() }
        return StoredSource(
            id: query.int64(at: 0),
            status: SourceStatus(rawValue: query.string(at: 1) ?? "") ?? .inProgress,
            firstIngestedAt: query.string(at: 2) ?? ""
        )
    }

    /// Records that an ingest of `identity` starts, and returns the source's id.
    ///
    /// A source seen before keeps its id, so the rows it wrote keep their provenance; its old
    /// problems are removed because this run reports them again.
    static func begin(_ identity: SourceIdentity, product: String?, in database: Database) throws -> Int64 {
        try database.inTransaction {
            if let stored = try find(identity, in: database) {
                let update = try database.cachedStatement(
                    """
                    UPDATE sources SET path = ?, status = 'in-progress', ingest_count = ingest_count + 1,
                                       last_ingested_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                    WHERE id = ?
                    """
                )
                try update.bind(identity.path, at: 1)
                try update.bind(stored.id, at: 2)
                try update.run()

                let clear = try database.cachedStatement("DELETE FROM problems WHERE source_id = ?")
                try clear.bind(stored.id, at: 1)
                try clear.run()
                return stored.id
            }

            let insert = try database.cachedStatement(
                """
                INSERT INTO sources (path, kind, size, sha256, file_count, product, status,
                                     first_ingested_at, last_ingested_at)
                VALUES (?, ?, ?, ?, ?, ?, 'in-progress', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
                        strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                """
            )
            try insert.bind(identity.path, at: 1)
            try insert.bind(identity.kind, at: 2)
            try insert.bind(identity.size, at: 3)
            try insert.bind(identity.sha256, at: 4)
            try insert.bind(identity.fileCount.map { Int64($0) }, at: 5)
            try insert.bind(product, at: 6)
            try insert.run()
            return database.lastInsertRowID
        }
    }

    /// Records how the ingest of a source ended.
    static func finish(_ sourceID: Int64, status: SourceStatus, in database: Database) throws {
        let update = try database.cachedStatement("UPDATE sources SET status = ? WHERE id = ?")
        try update.bind(status.rawValue, at: 1)
        try update.bind(sourceID, at: 2)
        try update.run()
    }
}
