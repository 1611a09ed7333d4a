/// Reads one job with its minions and sources from the store.
///
/// Every statement comes from the connection's statement cache, so a command that loads thousands
/// of jobs prepares each statement once.
public enum JobDetailQuery {
    /// How much of a job `load(jid:from:mode:)` reads.
    public enum Mode: Sendable {
        /// Everything `saltpan job` shows.
        case full
        /// Everything but the return values, the per-source facts of returns the sources
        /// disagree on, and the verdicts of stored `salt-run jobs.exit_success` outputs. The job
        /// list shows none of these.
        ///
        /// In a detail loaded this way every minion's `value` and `recordedExitSuccess` are nil
        /// and its `sourceFacts` are empty. Its outcome, retcode and other fields are read as in
        /// `full`. Return values are often large, so skipping them saves copying and decoding.
        case light
    }

    /// Returns the job `jid`, or nil when no source has reported it.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored value is not valid JSON (the file was edited by hand or damaged).
    public static func load(jid: String, from store: Store, mode: Mode = .full) throws -> JobDetail? {
        let database = store.database
        guard let job = try jobRow(jid: jid, database: database) else { return nil }

        var detail = job.detail
        if job.hasCollision {
            detail.collidingLoads = try collidingLoads(jid: jid, database: database)
        }
        if job.hasExpectedMinions {
            detail.expectedMinions = try expectedMinions(jid: jid, database: database)
        }
        detail.minions = try returns(jid: jid, mode: mode, database: database)
        if mode == .full {
            try addSourceFacts(to: &detail, database: database)
        }
        addMissing(to: &detail)
        if mode == .full {
            try addRecordedExitSuccess(to: &detail, database: database)
        }
        detail.sources = try sources(jid: jid, database: database)
        return detail
    }

    /// Reads the job's row into a detail without minions or sources, with the flags that tell
    /// which other tables contain more about it.
    private static func jobRow(
        jid: String,
        database: Database
    ) throws -> (detail: JobDetail, hasExpectedMinions: Bool, hasCollision: Bool)? {
        let query = try database.cachedStatement(
            """
            SELECT kind, function, arguments, target, target_type, user, metadata, schedule, returner,
                   start_time, start_time_basis, end_time, nocache, has_expected_minions, load IS NOT NULL,
                   is_synthetic_jid, has_collision
            FROM jobs WHERE jid = ?
            """
        )
        // The jid is unique, so the statement is reset after its one row to end its read.
        defer { query.reset() }
        try query.bind(jid, at: 1)
        guard try query.step() else { return nil }

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
        detail.isSyntheticJid = query.int64(at: 15) != 0
        return (detail, hasExpectedMinions: query.int64(at: 13) != 0, hasCollision: query.int64(at: 16) != 0)
    }

    private static func expectedMinions(jid: String, database: Database) throws -> [String] {
        let query = try database.cachedStatement("SELECT minion FROM expected_minions WHERE jid = ? ORDER BY minion")
        try query.bind(jid, at: 1)
        var minions: [String] = []
        while try query.step() {
            minions.append(query.string(at: 0) ?? "")
        }
        return minions
    }

    private static func returns(jid: String, mode: Mode, database: Database) throws -> [MinionResult] {
        let query = try returnsStatement(mode: mode, database: database)
        try query.bind(jid, at: 1)
        var results: [MinionResult] = []
        while try query.step() {
            var result = MinionResult(
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
            result.conflictingJid = query.string(at: 10)
            result.inconsistency = query.string(at: 11)
            results.append(result)
        }
        return results
    }

    /// Returns the statement that reads a job's returns.
    ///
    /// In light mode it selects NULL in place of the return column, so no return text is copied
    /// out of SQLite or decoded, and both statements keep one column layout.
    private static func returnsStatement(mode: Mode, database: Database) throws -> Statement {
        switch mode {
        case .full:
            return try database.cachedStatement(
                """
                SELECT minion, outcome, cause, outcome_is_weak, retcode, success, return, outputter, product,
                       exit_success, conflicting_jid, inconsistency
                FROM returns WHERE jid = ? ORDER BY minion
                """
            )
        case .light:
            return try database.cachedStatement(
                """
                SELECT minion, outcome, cause, outcome_is_weak, retcode, success, NULL, outputter, product,
                       exit_success, conflicting_jid, inconsistency
                FROM returns WHERE jid = ? ORDER BY minion
                """
            )
        }
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
        let query = try database.cachedStatement(
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
                SourceSummary(
                    path: query.string(at: 0) ?? "",
                    kind: query.string(at: 1) ?? "",
                    sha256: query.string(at: 2) ?? ""
                )
            )
        }
        return sources
    }
}

extension JobDetailQuery {
    private static func collidingLoads(jid: String, database: Database) throws -> [CollidingLoad] {
        let query = try database.cachedStatement(
            """
            SELECT sources.path, function, arguments, target, user FROM job_loads
            JOIN sources ON sources.id = job_loads.source_id WHERE jid = ? ORDER BY source_id
            """
        )
        try query.bind(jid, at: 1)
        var loads: [CollidingLoad] = []
        while try query.step() {
            loads.append(
                CollidingLoad(
                    sourcePath: query.string(at: 0) ?? "",
                    function: query.string(at: 1),
                    arguments: try StoredValue.decode(query.string(at: 2)),
                    target: try StoredValue.decode(query.string(at: 3)),
                    user: query.string(at: 4)
                )
            )
        }
        return loads
    }

    private static func addSourceFacts(to detail: inout JobDetail, database: Database) throws {
        let query = try database.cachedStatement(
            """
            SELECT minion, sources.path, retcode, success, return IS NOT NULL FROM return_facts
            JOIN sources ON sources.id = return_facts.source_id WHERE jid = ? ORDER BY minion, source_id
            """
        )
        try query.bind(detail.jid, at: 1)
        while try query.step() {
            let minion = query.string(at: 0) ?? ""
            let fact = SourceFact(
                sourcePath: query.string(at: 1) ?? "",
                retcode: query.optionalInt64(at: 2),
                success: query.optionalInt64(at: 3).map { $0 != 0 },
                hasValue: query.int64(at: 4) != 0
            )
            if let index = detail.minions.firstIndex(where: { $0.minion == minion }) {
                detail.minions[index].sourceFacts.append(fact)
            }
        }
    }

    private static func addRecordedExitSuccess(to detail: inout JobDetail, database: Database) throws {
        let query = try database.cachedStatement(
            "SELECT minion, value FROM exit_success_verdicts WHERE jid = ? ORDER BY source_id"
        )
        try query.bind(detail.jid, at: 1)
        while try query.step() {
            let minion = query.string(at: 0) ?? ""
            let value = query.int64(at: 1) != 0
            // A verdict for a minion the job neither expected nor heard from stays in the table only.
            if let index = detail.minions.firstIndex(where: { $0.minion == minion }) {
                detail.minions[index].recordedExitSuccess = value
            }
        }
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
