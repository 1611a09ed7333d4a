/// The audit report: who ran what, the state of every minion's configuration runs, every
/// exception and every change, for a compliance reviewer.
public struct AuditReport: Sendable {
    public var header: ReportHeader
    public var totals: WindowTotals
    public var thresholds: ReportThresholds
    public var activity: [UserActivity]
    public var retcodes: RetcodeBreakdown
    public var stateRuns: [MinionStateRuns]
    /// Minions with a result in the database, whatever the window, and no state run in the
    /// window.
    public var minionsWithoutStateRun: [String]
    public var exceptions: [ResultException]
    public var changes: [StateChange]
    var timeline: ActivityTimeline?

    /// Reads everything the report shows for the request's window.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored value is damaged.
    public static func build(in store: Store, request: ReportRequest) throws -> AuditReport {
        let filter = request.filter
        let header = try ReportHeader.load(in: store, request: request)
        let totals = try WindowTotals.load(in: store, filter: filter)
        let stateRuns = try StateRunHistoryQuery.history(in: store, filter: filter)

        var everyWindow = filter
        everyWindow.since = nil
        everyWindow.until = nil
        let known = try FailureRateQuery.rates(in: store, by: .minion, filter: everyWindow)
        let withRuns = Set(stateRuns.map(\.minion))

        return AuditReport(
            header: header,
            totals: totals,
            thresholds: request.thresholds,
            activity: UserActivity.group(totals.jobs),
            retcodes: try RetcodeBreakdownQuery.breakdown(in: store, by: .product, filter: filter),
            stateRuns: stateRuns,
            minionsWithoutStateRun: known.filter { !$0.isMaster }.compactMap(\.key).filter { !withRuns.contains($0) }
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) },
            exceptions: try ResultExceptionQuery.exceptions(in: store, filter: filter),
            changes: try StateChangeQuery.changes(in: store, filter: filter, limit: nil),
            timeline: ActivityTimeline.chartSpan(of: header.coverage).map {
                ActivityTimeline(jobs: totals.jobs, span: $0)
            }
        )
    }

    /// The thresholds the window's totals exceed, one sentence each.
    public var crossings: [String] {
        thresholds.crossings(of: totals.results)
    }
}

/// The jobs one user ran with one function.
public struct UserActivity: Sendable, Equatable {
    /// The user in the job's load; nil when the load has none, which Salt's job listings
    /// (`salt.utils.jid.format_job_instance`) show as `root`.
    public var user: String?
    public var function: String?
    public var jobs = 0
    public var returned = 0
    public var failed = 0
    public var missing = 0

    /// Groups jobs by user and function, users in order with loads without a user last.
    static func group(_ jobs: [JobSummary]) -> [UserActivity] {
        var groups: [UserActivity] = []
        var positions: [UserFunction: Int] = [:]
        for job in jobs {
            let key = UserFunction(user: job.user, function: job.function)
            let index = positions[key] ?? groups.count
            if index == groups.count {
                positions[key] = index
                groups.append(UserActivity(user: job.user, function: job.function))
            }
            groups[index].jobs += 1
            groups[index].returned += job.returnedCount
            groups[index].failed += job.outcomeCounts[.failed] ?? 0
            groups[index].missing += job.missingCount ?? 0
        }
        return groups.sorted { left, right in
            if left.user != right.user { return GroupKey.precedes(left.user, right.user) }
            if left.jobs != right.jobs { return left.jobs > right.jobs }
            return GroupKey.precedes(left.function, right.function)
        }
    }
}

private struct UserFunction: Hashable {
    var user: String?
    var function: String?
}
