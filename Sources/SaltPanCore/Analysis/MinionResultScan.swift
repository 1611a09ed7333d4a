/// One minion's result in one job: a return, or an expected minion without one (`missing`).
///
/// Texts are ids of the scan's `TextInterner`, so a row holds no references and costs no
/// reference counting; `MinionResultScan.texts` turns an id back into text.
struct MinionResultRow {
    /// The job's position in the scan, counted from 0 in jid order.
    var jobIndex: Int
    var function: Int?
    /// True for runner and wheel jobs, whose only "minion" is the master (`<id>_master`).
    var isMaster: Bool
    var minion: Int
    var product: Int?
    var outcome: Outcome
    var retcode: Int64?
}

/// Reads every minion result of the jobs a filter selects, in jid order.
///
/// `failures` and `retcodes` read all results of a database, so this avoids a join with one
/// index search per row: three cursors walk `jobs_summary`, `returns_summary` and the primary key
/// of `expected_minion_rows`, all ordered by jid, and are merged here. An expected minion that
/// has no return in the same job becomes a `missing` result. A job whose expected minions are
/// its returned ones (`jobs.expected_are_returned`) has no rows there and no missing minion.
final class MinionResultScan {
    /// The texts of the ids in the rows.
    let texts = TextInterner()
    /// The jid of each job scanned, by `MinionResultRow.jobIndex`.
    private(set) var scannedJids: [String] = []

    private let database: Database
    private let filter: QueryFilter
    private let jids: JidRange
    private var products: MissingMinionProducts
    private var allowedProducts: [Int: Bool] = [:]

    /// Prepares a scan of the jobs `filter` selects within `jids`.
    init(database: Database, filter: QueryFilter, jids: JidRange = JidRange()) throws {
        self.database = database
        self.filter = filter
        self.jids = jids
        self.products = try MissingMinionProducts(database: database)
    }

    /// Calls `body` with each result that passes the filter; a job's results come together.
    func scan(_ body: (MinionResultRow) throws -> Void) throws {
        let jobCondition = SQLFragment.all([filter.jobCondition("job"), jids.condition("job.jid")])
        let jobs = try database.prepare(
            """
            SELECT jid, function, kind, source_id FROM jobs AS job INDEXED BY jobs_summary
            WHERE \(jobCondition.text) ORDER BY jid
            """
        )
        try jobs.bind(jobCondition.parameters)

        let minionCondition = filter.minionCondition("minion")
        let returns = try JidOrderedCursor(
            database: database,
            sql: """
                SELECT jid, minion, outcome, retcode, product FROM returns INDEXED BY returns_summary
                WHERE jid >= ? AND \(minionCondition.text) ORDER BY jid, minion
                """,
            parameters: minionCondition.parameters
        )
        let expected = try JidOrderedCursor(
            database: database,
            sql: """
                SELECT jid, minion FROM expected_minion_rows
                WHERE jid >= ? AND \(minionCondition.text) ORDER BY jid, minion
                """,
            parameters: minionCondition.parameters
        )

        var returnedMinions: [Int] = []
        var missingMinions: [Int] = []
        while try jobs.step() {
            let jid = jobs.string(at: 0) ?? ""
            let jobIndex = scannedJids.count
            scannedJids.append(jid)
            let function = texts.id(of: jobs, at: 1)
            let isMaster = jobs.withUTF8(at: 2) { kind in
                UTF8Order.compare(kind, JobKind.runner.rawValue) == 0
                    || UTF8Order.compare(kind, JobKind.wheel.rawValue) == 0
            }

            returnedMinions.removeAll(keepingCapacity: true)
            try returns.rows(of: jid) { statement in
                let row = MinionResultRow(
                    jobIndex: jobIndex,
                    function: function,
                    isMaster: isMaster,
                    minion: texts.id(of: statement, at: 1) ?? texts.id(""),
                    product: texts.id(of: statement, at: 4),
                    outcome: statement.withUTF8(at: 2, Outcome.init(utf8:)) ?? .unknown,
                    retcode: statement.optionalInt64(at: 3)
                )
                returnedMinions.append(row.minion)
                if passes(row) { try body(row) }
            }

            // Both cursors are sorted by minion within a job, so one pass finds the expected
            // minions without a return.
            missingMinions.removeAll(keepingCapacity: true)
            var returnedIndex = 0
            try expected.rows(of: jid) { statement in
                statement.withUTF8(at: 1) { minion in
                    var order = 1
                    while returnedIndex < returnedMinions.count {
                        order = texts.compare(returnedMinions[returnedIndex], minion)
                        if order >= 0 { break }
                        returnedIndex += 1
                    }
                    if order != 0 { missingMinions.append(texts.id(minion)) }
                }
            }

            for minion in missingMinions {
                let product = try products.product(sourceID: jobs.int64(at: 3), minion: texts.string(minion))
                let row = MinionResultRow(
                    jobIndex: jobIndex,
                    function: function,
                    isMaster: isMaster,
                    minion: minion,
                    product: product.map { texts.id($0) },
                    outcome: .missing,
                    retcode: nil
                )
                if passes(row) { try body(row) }
            }
        }
    }

    /// Applies the product, outcome and retcode conditions; the minion globs are applied in SQL.
    private func passes(_ row: MinionResultRow) -> Bool {
        if !filter.outcomes.isEmpty, !filter.outcomes.contains(row.outcome) { return false }
        if !filter.retcodes.isEmpty {
            guard let retcode = row.retcode, filter.retcodes.contains(retcode) else { return false }
        }
        if !filter.products.isEmpty {
            guard let product = row.product else { return false }
            if let allowed = allowedProducts[product] { return allowed }
            let allowed = filter.products.contains(texts.string(product))
            allowedProducts[product] = allowed
            return allowed
        }
        return true
    }
}

/// The jids from `lower` (included) up to `upper` (left out); nil leaves a side open.
struct JidRange: Sendable {
    var lower: String?
    var upper: String?

    func condition(_ column: String) -> SQLFragment {
        var conditions: [SQLFragment] = []
        if let lower { conditions.append(SQLFragment("\(column) >= ?", [.text(lower)])) }
        if let upper { conditions.append(SQLFragment("\(column) < ?", [.text(upper)])) }
        return .all(conditions)
    }
}

/// A statement over rows ordered by jid that is read one job at a time, in increasing jid order.
///
/// The statement's first parameter is the lowest jid to read. Between jobs far apart it seeks
/// again instead of stepping over the rows in between, so a filter that selects a few jobs of
/// a large database does not read every row.
final class JidOrderedCursor {
    /// Rows stepped over before the cursor seeks instead; a seek costs about as much as
    /// stepping over a few dozen rows.
    static let stepsBeforeSeek = 64

    private let statement: Statement
    private let parameters: [SQLFragment.Parameter]
    private var hasRow = false
    private var hasStarted = false

    init(database: Database, sql: String, parameters: [SQLFragment.Parameter]) throws {
        self.statement = try database.prepare(sql)
        self.parameters = parameters
    }

    /// Calls `body` with the statement on each row of `jid`, skipping rows of smaller jids.
    func rows(of jid: String, _ body: (Statement) throws -> Void) throws {
        var jid = jid
        try jid.withUTF8 { target in
            var order = try move(to: target)
            while order == 0 {
                try body(statement)
                try advance()
                order = hasRow ? compareCurrent(to: target) : 1
            }
        }
    }

    private func compareCurrent(to target: UnsafeBufferPointer<UInt8>) -> Int {
        statement.withUTF8(at: 0) { UTF8Order.compare($0, target) }
    }

    /// Moves to the first row of `target` or after; returns how that row compares with it, or
    /// 1 when no row is left.
    private func move(to target: UnsafeBufferPointer<UInt8>) throws -> Int {
        if !hasStarted {
            try seek(to: target)
        }
        var steps = 0
        while hasRow {
            let order = compareCurrent(to: target)
            if order >= 0 { return order }
            if steps == Self.stepsBeforeSeek {
                try seek(to: target)
                steps = 0
                continue
            }
            try advance()
            steps += 1
        }
        return 1
    }

    private func seek(to target: UnsafeBufferPointer<UInt8>) throws {
        hasStarted = true
        statement.reset()
        try statement.bind(String(decoding: target, as: UTF8.self), at: 1)
        try statement.bind(parameters, startingAt: 2)
        try advance()
    }

    private func advance() throws {
        hasRow = try statement.step()
    }
}

/// The product of an expected minion without a return: the product the source's `--product`
/// gave, else the first product map rule whose glob matches the minion, as for returns.
struct MissingMinionProducts {
    private var sourceProducts: [Int64: String] = [:]
    private var mappedProducts: [String: String?] = [:]
    private let mapQuery: Statement

    init(database: Database) throws {
        let sources = try database.prepare("SELECT id, product FROM sources WHERE product IS NOT NULL")
        while try sources.step() {
            sourceProducts[sources.int64(at: 0)] = sources.string(at: 1)
        }
        mapQuery = try database.prepare(
            "SELECT product FROM product_map WHERE ? GLOB pattern ORDER BY position LIMIT 1"
        )
    }

    mutating func product(sourceID: Int64, minion: String) throws -> String? {
        if let product = sourceProducts[sourceID] { return product }
        if let product = mappedProducts[minion] { return product }

        mapQuery.reset()
        try mapQuery.bind(minion, at: 1)
        let product = try mapQuery.step() ? mapQuery.string(at: 0) : nil
        mappedProducts[minion] = product
        return product
    }
}

extension Outcome {
    /// Reads an outcome name from UTF-8 bytes without making a string.
    init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        for outcome in Outcome.allCases where UTF8Order.compare(bytes, outcome.rawValue) == 0 {
            self = outcome
            return
        }
        return nil
    }
}

@available(*, unavailable)
extension JidOrderedCursor: Sendable {}

@available(*, unavailable)
extension MinionResultScan: Sendable {}
