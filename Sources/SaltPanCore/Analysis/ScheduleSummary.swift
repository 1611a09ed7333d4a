/// The runs of one minion schedule (`schedule:` in a minion's config), which the minion starts
/// itself and the master stores without a publishing user.
public struct ScheduleSummary: Sendable, Equatable {
    public var schedule: String
    /// The functions the schedule ran, sorted.
    public var functions: [String]
    /// The minions that ran it, sorted.
    public var minions: [String]
    /// Counts of the schedule's returns; scheduled jobs have no expected minions, so none is
    /// missing.
    public var outcomes: FailureRate
    /// Jobs the schedule started.
    public var runs: Int
    public var lastJid: String
    public var lastStartTime: String?
    /// The outcome of the newest run's return, the worst one when several minions returned.
    public var lastOutcome: Outcome
}

/// Groups minion-scheduled jobs by schedule name.
public enum ScheduleSummaryQuery {
    /// Summarises the scheduled jobs and returns `filter` selects, ordered by schedule name.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read.
    public static func schedules(in store: Store, filter: QueryFilter) throws -> [ScheduleSummary] {
        let jobCondition = filter.jobCondition("job")
        let returnCondition = filter.returnCondition("result")
        let query = try store.database.prepare(
            """
            SELECT job.schedule, job.jid, job.start_time, job.function, result.minion, result.outcome
            FROM jobs AS job JOIN returns AS result ON result.jid = job.jid
            WHERE job.kind = 'scheduled' AND job.schedule IS NOT NULL
              AND \(jobCondition.text) AND \(returnCondition.text)
            ORDER BY job.schedule, job.jid, result.minion
            """
        )
        try query.bind(jobCondition.parameters + returnCondition.parameters)

        var summaries: [ScheduleSummary] = []
        var functions: Set<String> = []
        var minions: Set<String> = []
        while try query.step() {
            let schedule = query.string(at: 0) ?? ""
            let jid = query.string(at: 1) ?? ""
            let outcome = Outcome(rawValue: query.string(at: 5) ?? "") ?? .unknown
            if summaries.last?.schedule != schedule {
                functions = []
                minions = []
                summaries.append(
                    ScheduleSummary(
                        schedule: schedule,
                        functions: [],
                        minions: [],
                        outcomes: FailureRate(key: schedule),
                        runs: 0,
                        lastJid: "",
                        lastStartTime: nil,
                        lastOutcome: outcome
                    )
                )
            }
            query.string(at: 3).map { _ = functions.insert($0) }
            minions.insert(query.string(at: 4) ?? "")
            update(&summaries[summaries.count - 1], jid: jid, startTime: query.string(at: 2), outcome: outcome)
            summaries[summaries.count - 1].functions = functions.sorted()
            summaries[summaries.count - 1].minions = minions.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
        return summaries
    }

    /// Adds one return; rows arrive in jid order within a schedule.
    private static func update(_ summary: inout ScheduleSummary, jid: String, startTime: String?, outcome: Outcome) {
        if jid != summary.lastJid {
            summary.runs += 1
            summary.lastJid = jid
            summary.lastStartTime = startTime
            summary.lastOutcome = outcome
        } else {
            summary.lastOutcome = min(summary.lastOutcome, outcome)
        }
        summary.outcomes.targeted += 1
        summary.outcomes.returned += 1
        switch outcome {
        case .succeeded: summary.outcomes.succeeded += 1
        case .failed: summary.outcomes.failed += 1
        case .conflict: summary.outcomes.conflict += 1
        case .unknown: summary.outcomes.unknown += 1
        case .missing: summary.outcomes.missing += 1
        }
    }
}
