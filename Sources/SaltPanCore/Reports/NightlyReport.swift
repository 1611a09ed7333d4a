/// The nightly summary: how each product did in the window and what changed since the window
/// before it.
public struct NightlyReport: Sendable {
    /// The maximum number of rows of the top failing states and of the slowest runs.
    static let topCount = 10

    public var header: ReportHeader
    public var totals: WindowTotals
    public var thresholds: ReportThresholds
    public var activity: [ProductActivity]
    public var retcodes: RetcodeBreakdown
    public var changes: FailureChanges
    public var topFailingStates: [StateFailure]
    public var missingMinions: [MissingMinion]
    public var unusualRetcodes: [UnusualRetcode]
    public var slowestRuns: [StateRunDuration]
    public var schedules: [ScheduleSummary]
    var timeline: ActivityTimeline?

    /// Reads everything the report shows for the request's window.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored return is damaged.
    public static func build(in store: Store, request: ReportRequest) throws -> NightlyReport {
        let filter = request.filter
        let header = try ReportHeader.load(in: store, request: request)
        let totals = try WindowTotals.load(in: store, filter: filter)
        let retcodes = try RetcodeBreakdownQuery.breakdown(in: store, by: .product, filter: filter)
        let failures = try StateFailureQuery.failures(in: store, filter: filter)

        return NightlyReport(
            header: header,
            totals: totals,
            thresholds: request.thresholds,
            activity: try ProductActivityQuery.activity(in: store, filter: filter),
            retcodes: retcodes,
            changes: try FailureChanges.compare(
                in: store,
                filter: filter,
                header: header,
                current: (totals.minions, failures)
            ),
            topFailingStates: Array(failures.prefix(topCount)),
            missingMinions: try MissingMinionQuery.missing(in: store, filter: filter, rates: totals.minions),
            unusualRetcodes: try UnusualRetcodeQuery.unusual(in: store, filter: filter, seen: retcodes.retcodes),
            slowestRuns: try SlowestStateRunQuery.slowest(in: store, filter: filter, limit: topCount),
            schedules: try ScheduleSummaryQuery.schedules(in: store, filter: filter),
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
