import SaltPanCore

/// Every row of every table of a saltpan database, without the bookkeeping columns, so two
/// databases that hold the same data compare equal however their ingests ran.
///
/// Bookkeeping columns are times (`*_at`), input paths (`path`, `input_path`), how often a
/// source was ingested (`ingest_count`) and problem row ids, which a repeated ingest renumbers.
/// The shadow tables of the full-text index are left out, because their blobs depend on how
/// many transactions wrote the index. The index table itself is compared. The view
/// `expected_minions` is kept as if it were a table, because a job's expected minions are rows or
/// the flag `jobs.expected_are_returned` depending on where the batches of its ingest ended.
struct DatabaseSnapshot: Equatable {
    /// The sorted rows of each table, by table name.
    ///
    /// A row is its values as text, column by column, with bytes that are not UTF-8 in hex.
    var tables: [String: [String]]

    static let bookkeepingColumns: Set<String> = ["path", "input_path", "ingest_count"]

    init(path: String) throws {
        let database = try Database(path: path, mode: .readOnly)
        var tables: [String: [String]] = [:]
        for table in try Self.tableNames(database) + ["expected_minions"] {
            tables[table] = try Self.rows(of: table, in: database)
        }
        self.tables = tables
    }

    /// Row counts by table, for messages.
    var counts: [String: Int] {
        tables.mapValues(\.count)
    }

    /// The tables whose rows differ from `other`, with the first differing row of each side.
    func differences(from other: DatabaseSnapshot) -> [String] {
        let names = Set(tables.keys).union(other.tables.keys).sorted()
        return names.compactMap { name in
            let mine = tables[name] ?? []
            let theirs = other.tables[name] ?? []
            guard mine != theirs else { return nil }
            let onlyMine = Set(mine).subtracting(theirs).sorted().first ?? "-"
            let onlyTheirs = Set(theirs).subtracting(mine).sorted().first ?? "-"
            return
                "\(name): \(mine.count) rows against \(theirs.count); only here: \(onlyMine); only there: \(onlyTheirs)"
        }
    }

    /// Runs `PRAGMA integrity_check` and returns its lines: `["ok"]` for a sound file.
    static func integrityCheck(path: String) throws -> [String] {
        let database = try Database(path: path, mode: .readOnly)
        let check = try database.prepare("PRAGMA integrity_check")
        var lines: [String] = []
        while try check.step() {
            lines.append(check.string(at: 0) ?? "")
        }
        return lines
    }

    private static func tableNames(_ database: Database) throws -> [String] {
        let query = try database.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
        var names: [String] = []
        var virtualTables: [String] = []
        while try query.step() {
            guard let name = query.string(at: 0) else { continue }
            names.append(name)
            if query.string(at: 1)?.uppercased().hasPrefix("CREATE VIRTUAL TABLE") == true {
                virtualTables.append(name)
            }
        }
        return names.filter { name in
            !virtualTables.contains { name.hasPrefix($0 + "_") }
        }
    }

    private static func rows(of table: String, in database: Database) throws -> [String] {
        let query = try database.prepare("SELECT * FROM \"\(table)\"")
        let kept = (0..<query.columnCount).filter { column in
            let name = query.columnName(at: column)
            let isProblemID = table == "problems" && name == "id"
            return !(bookkeepingColumns.contains(name) || name.hasSuffix("_at") || isProblemID)
        }

        var rows: [String] = []
        while try query.step() {
            let values = kept.map { column in
                let name = query.columnName(at: column)
                guard !query.isNull(at: column) else { return "\(name)=NULL" }
                let bytes = query.bytes(at: column) ?? []
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    return "\(name)=x'\(bytes.map { String($0, radix: 16) }.joined(separator: " "))'"
                }
                return "\(name)=\(text)"
            }
            rows.append(values.joined(separator: " | "))
        }
        return rows.sorted()
    }
}
