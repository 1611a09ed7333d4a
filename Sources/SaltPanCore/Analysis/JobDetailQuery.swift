/// Reads one job with its minions and sources from the store.
public enum JobDetailQuery {
    /// Returns the job `jid`, or nil when no source has reported it.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `StoredValueError` when a
    ///   stored value is not valid JSON (the file was edited by hand or damaged).
    public static func load(jid: String, from store: Store) throws -> JobDetail? {
        let database = store.database
        let query = try database.prepare(
            """
            SELECT kind, function, arguments, target, target_type, user, metadata, schedule, returner,
                   start_time, start_time_basis, end_time, nocache, has_expected_minions, load IS NOT NULL
            FROM jobs WHERE jid = ?
            """
        )
        try query.bind(jid, at: 1)
        guard try query.step() else { return nil }

        let hasExpectedMinions = query.int64(at: 13) != 0
        var detail = JobDetail(
            jid: jid,
            kind: JobKind(rawValue: query.string(at: 0) ?? "") ?? .unknown,
            function: query.string(at: 1),
            arguments: try StoredValue.decode(query.string(at: 2)),
            target: try StoredValue.decode(query.string(at: 3)),
            targetType: query.string(at: 4),
            user: query.string(at: 5),
            metadata: try StoredValue.decode(query.string(at: 6)),
            schedule: query.string(at: 7),
            returner: query.string(at: 8),
            startTime: query.string(at: 9),
            startTimeBasis: query.string(at: 10).flatMap(StartTimeBasis.init(rawValue:)),
            endTime: query.string(at: 11),
            nocache: query.int64(at: 12) != 0,
            hasLoad: query.int64(at: 14) != 0,
            expectedMinions: nil,
            minions: [],
            sources: []
        )

        if hasExpectedMinions {
            detail.expectedMinions = try expectedMinions(jid: jid, database: database)
        }
        detail.minions = try returns(jid: jid, database: database)
        addMissing(to: &detail)
        detail.sources = try sources(jid: jid, database: database)
        return detail
    }

    private static func expectedMinions(jid: String, database: Database) throws -> [String] {
        let query = try database.prepare("SELECT minion FROM expected_minions WHERE jid = ? ORDER BY minion")
        try query.bind(jid, at: 1)
        var minions: [String] = []
        while try query.step() {
            minions.append(query.string(at: 0) ?? "")
        }
        return minions
    }

    private static func returns(jid: String, database: Database) throws -> [MinionResult] {
        let query = try database.prepare(
            """
            SELECT minion, outcome, cause, outcome_is_weak, retcode, success, return, outputter, product, exit_success
            FROM returns WHERE jid = ? ORDER BY minion
            """
        )
        try query.bind(jid, at: 1)
        var results: [MinionResult] = []
        while try query.step() {
            results.append(
                MinionResult(
                    minion: query.string(at: 0) ?? "",
                    outcome: Outcome(rawValue: query.string(at: 1) ?? "") ?? .unknown,
                    cause: query.string(at: 2),
                    isWeak: query.int64(at: 3) != 0,
                    retcode: query.optionalInt64(at: 4),
                    success: query.optionalInt64(at: 5).map { $0 != 0 },
                    value: try StoredValue.decode(query.string(at: 6)),
                    outputter: query.string(at: 7),
                    product: query.string(at: 8),
                    exitSuccess: query.int64(at: 9) != 0
                )
            )
        }
        return results
    }

    /// Adds a `missing` entry for each expected minion without a return, then orders minions
    /// worst outcome first and by name within an outcome.
    private static func addMissing(to detail: inout JobDetail) {
        let returned = Set(detail.minions.map(\.minion))
        for minion in detail.expectedMinions ?? [] where !returned.contains(minion) {
            detail.minions.append(
                MinionResult(
                    minion: minion,
                    outcome: .missing,
                    cause: "expected, no return in any source",
                    isWeak: false,
                    exitSuccess: false
                )
            )
        }
        detail.minions.sort { ($0.outcome, $0.minion) < ($1.outcome, $1.minion) }
    }

    private static func sources(jid: String, database: Database) throws -> [SourceSummary] {
        let query = try database.prepare(
            """
            SELECT path, kind, sha256 FROM sources
            WHERE id IN (SELECT source_id FROM jobs WHERE jid = ?1
                         UNION SELECT source_id FROM job_sources WHERE jid = ?1
                         UNION SELECT source_id FROM returns WHERE jid = ?1
                         UNION SELECT source_id FROM return_sources WHERE jid = ?1)
            ORDER BY id
            """
        )
        try query.bind(jid, at: 1)
        var sources: [SourceSummary] = []
        while try query.step() {
            sources.append(
                SourceSummary(path: query.string(at: 0) ?? "", kind: query.string(at: 1) ?? "", sha256: query.string(at: 2) ?? "")
            )
        }
        return sources
    }
}

extension MinionResult {
    init(minion: String, outcome: Outcome, cause: String?, isWeak: Bool, exitSuccess: Bool) {
        self.init(
            minion: minion,
            outcome: outcome,
            cause: cause,
            isWeak: isWeak,
            retcode: nil,
            success: nil,
            value: nil,
            outputter: nil,
            product: nil,
            exitSuccess: exitSuccess
        )
    }
}
