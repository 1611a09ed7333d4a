/// One line of the job list: the job's load and how many minions returned and how.
public struct JobSummary: Sendable, Equatable {
    public var jid: String
    /// UTC start time as ISO-8601 text.
    public var startTime: String?
    public var function: String?
    public var arguments: Value?
    public var target: Value?
    public var targetType: String?
    public var user: String?
    public var kind: JobKind
    /// Nil when no source stored the expected-minion list.
    public var expectedCount: Int?
    public var returnedCount: Int
    /// Nil when no source stored the expected-minion list, so missing is unknown.
    public var missingCount: Int?
    /// Returns per outcome, with `missing` from `missingCount`; every outcome has an entry.
    public var outcomeCounts: [Outcome: Int]
}

/// Lists jobs newest first.
public enum JobListQuery {
    /// Lists the jobs `filter` selects, newest start time first (jid breaks ties, jobs without
    /// a start time come last), at most `limit` of them when it is given.
    ///
    /// With result conditions (minion, product, outcome, retcode) a job is listed when one of
    /// its minion results meets all of them. The counts still cover every minion of the job.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored value is damaged.
    public static func jobs(in store: Store, filter: QueryFilter, limit: Int?) throws -> [JobSummary] {
        var summaries: [JobSummary] = []
        try forEachJob(in: store, filter: filter, limit: limit) { summaries.append($0) }
        return summaries
    }

    /// Calls `body` with each job `jobs(in:filter:limit:)` lists, in its order, reading one job
    /// at a time, so a caller can stream a list of any length.
    ///
    /// - Throws: The errors of `jobs(in:filter:limit:)`, and what `body` throws.
    public static func forEachJob(
        in store: Store,
        filter: QueryFilter,
        limit: Int?,
        _ body: (JobSummary) throws -> Void
    ) throws {
        let overview = try store.database.cachedStatement(
            """
            SELECT jid, start_time, function, arguments, target, target_type, user, kind, expected_count,
                   returned_count, missing_count, succeeded_count, failed_count, conflict_count, unknown_count
            FROM job_overview WHERE jid = ?
            """
        )
        try forEachJid(in: store, filter: filter, limit: limit) { jid in
            if let job = try summary(of: jid, from: overview) {
                try body(job)
            }
        }
    }

    /// Reads the overview row of `jid`, or nil when there is none.
    ///
    /// The statement is reset after its one row, so its read has ended when the caller runs
    /// other statements.
    private static func summary(of jid: String, from overview: Statement) throws -> JobSummary? {
        defer { overview.reset() }
        try overview.bind(jid, at: 1)
        guard try overview.step() else { return nil }
        return try summary(from: overview)
    }

    /// Calls `body` with the jid of each job `filter` selects, in the order and up to the
    /// `limit` of `jobs(in:filter:limit:)`.
    ///
    /// The jids are read while `body` runs, one row at a time, so a caller can stream a list of
    /// any length. `body` may run other statements on the store's connection, but must not
    /// write to it.
    ///
    /// The jids are read from the `jobs_summary` index, so the wide job rows are read only for
    /// target or metadata conditions.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and what `body` throws.
    public static func forEachJid(
        in store: Store,
        filter: QueryFilter,
        limit: Int?,
        _ body: (_ jid: String) throws -> Void
    ) throws {
        try forEachRow(in: store, filter: filter, limit: limit, columns: "jid") { row in
            try body(row.string(at: 0) ?? "")
        }
    }

    /// Calls `body` with the row of each job `filter` selects, up to `limit`, holding `columns`
    /// of `jobs` (a select list, such as `"jid, end_time"`), read as `forEachJid` reads the jids.
    ///
    /// `order` is an SQL ordering term; the default is the order of `jobs(in:filter:limit:)`.
    /// Columns outside the `jobs_summary` index cost one read of the job's row each, and an
    /// order by start time sorts the selected rows first, where `jid DESC` reads them in the
    /// index's order.
    static func forEachRow(
        in store: Store,
        filter: QueryFilter,
        limit: Int?,
        columns: String,
        order: String = "start_time DESC, jid DESC",
        _ body: (_ row: Statement) throws -> Void
    ) throws {
        var conditions = [filter.jobCondition("job")]
        if filter.hasResultConditions {
            conditions.append(resultCondition(filter))
        }
        let condition = SQLFragment.all(conditions)
        let query = try store.database.prepare(
            """
            SELECT \(columns) FROM jobs AS job INDEXED BY jobs_summary
            WHERE \(condition.text)
            ORDER BY \(order)
            \(limit == nil ? "" : "LIMIT ?")
            """
        )
        try query.bind(condition.parameters)
        if let limit {
            try query.bind(limit, at: Int32(condition.parameters.count + 1))
        }

        while try query.step() {
            try body(query)
        }
    }

    /// A job qualifies through a return, or an expected minion without one, that meets every
    /// result condition.
    private static func resultCondition(_ filter: QueryFilter) -> SQLFragment {
        let returned = filter.returnCondition("result")
        let missingProduct = """
            coalesce((SELECT source.product FROM sources AS source WHERE source.id = job.source_id),
                     (SELECT rule.product FROM product_map AS rule WHERE expected.minion GLOB rule.pattern
                      ORDER BY rule.position LIMIT 1))
            """
        let missing = filter.missingCondition(minion: "expected.minion", product: missingProduct)
        return .any([
            SQLFragment(
                "EXISTS (SELECT 1 FROM returns AS result WHERE result.jid = job.jid AND \(returned.text))",
                returned.parameters
            ),
            SQLFragment(
                """
                EXISTS (SELECT 1 FROM expected_minion_rows AS expected
                        WHERE expected.jid = job.jid
                          AND NOT EXISTS (SELECT 1 FROM returns AS other
                                          WHERE other.jid = expected.jid AND other.minion = expected.minion)
                          AND \(missing.text))
                """,
                missing.parameters
            ),
        ])
    }

    private static func summary(from query: Statement) throws -> JobSummary {
        let missingCount = query.optionalInt64(at: 10).map { Int($0) }
        return JobSummary(
            jid: query.string(at: 0) ?? "",
            startTime: query.string(at: 1),
            function: query.string(at: 2),
            arguments: try StoredValue.decode(query.string(at: 3)),
            target: try StoredValue.decode(query.string(at: 4)),
            targetType: query.string(at: 5),
            user: query.string(at: 6),
            kind: JobKind(rawValue: query.string(at: 7) ?? "") ?? .unknown,
            expectedCount: query.optionalInt64(at: 8).map { Int($0) },
            returnedCount: Int(query.int64(at: 9)),
            missingCount: missingCount,
            outcomeCounts: [
                .succeeded: Int(query.int64(at: 11)),
                .failed: Int(query.int64(at: 12)),
                .conflict: Int(query.int64(at: 13)),
                .unknown: Int(query.int64(at: 14)),
                .missing: missingCount ?? 0,
            ]
        )
    }
}
