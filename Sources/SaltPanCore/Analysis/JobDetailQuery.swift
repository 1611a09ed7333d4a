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
                   start_time, start_time_basis, end_time, nocache, has_expected_minions, load IS NOT NULL,
                   is_synthetic_jid, has_collision
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

        detail.isSyntheticJid = query.int64(at: 15) != 0
        if query.int64(at: 16) != 0 {
            detail.collidingLoads = try collidingLoads(jid: jid, database: database)
        }
        if hasExpectedMinions {
            detail.expectedMinions = try expectedMinions(jid: jid, database: database)
        }
        detail.minions = try returns(jid: jid, database: database)
        try addSourceFacts(to: &detail, database: database)
        addMissing(to: &detail)
        try addRecordedExitSuccess(to: &detail, database: database)
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
            SELECT minion, outcome, cause, outcome_is_weak, retcode, success, return, outputter, product, exit_success,
                   conflicting_jid, inconsistency
            FROM returns WHERE jid = ? ORDER BY minion
            """
        )
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
        let query = try database.prepare(
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
        let query = try database.prepare(
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
        let query = try database.prepare(
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
