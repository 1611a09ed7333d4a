/// The jobs and minion results of a report's window, counted as `saltpan jobs` and `saltpan
/// failures` count them.
public struct WindowTotals: Sendable {
    /// Jobs the filter selects, as `saltpan jobs --limit 0` lists them.
    public var jobs: [JobSummary]
    /// Outcome counts per product, worst first, from `saltpan failures --by product`.
    public var products: [FailureRate]
    /// Outcome counts per minion, worst first, from `saltpan failures --by minion`.
    public var minions: [FailureRate]
    /// The counts of every product added up: every minion result has exactly one product group,
    /// the nil product included.
    public var results: FailureRate

    static func load(in store: Store, filter: QueryFilter) throws -> WindowTotals {
        let products = try FailureRateQuery.rates(in: store, by: .product, filter: filter)
        var results = FailureRate(key: nil)
        for rate in products {
            results.targeted += rate.targeted
            results.returned += rate.returned
            results.succeeded += rate.succeeded
            results.failed += rate.failed
            results.missing += rate.missing
            results.conflict += rate.conflict
            results.unknown += rate.unknown
        }
        return WindowTotals(
            jobs: try JobListQuery.jobs(in: store, filter: filter, limit: nil),
            products: products,
            minions: try FailureRateQuery.rates(in: store, by: .minion, filter: filter),
            results: results
        )
    }

    /// Minions targeted, the master's id (runner and wheel jobs) left out.
    public var minionCount: Int {
        minions.filter { !$0.isMaster }.count
    }

    /// Returns the totals as facts, the first block of every report's summary.
    func facts() -> [ReportFact] {
        [
            ReportFact("jobs", "jobs", .count(jobs.count)),
            ReportFact("minions", "minions targeted", .count(minionCount)),
            ReportFact("targeted", "minion results (returns plus missing)", .count(results.targeted)),
            ReportFact("returned", "returns", .count(results.returned)),
            ReportFact("succeeded", "succeeded", .count(results.succeeded)),
            ReportFact("failed", "failed", .count(results.failed)),
            ReportFact("missing", "missing", .count(results.missing)),
            ReportFact("conflict", "conflict", .count(results.conflict)),
            ReportFact("unknown", "unknown", .count(results.unknown)),
            ReportFact("failure_rate", "failure rate (failed ÷ returned)", .optionalFraction(results.failureRate)),
            ReportFact("missing_rate", "missing rate (missing ÷ targeted)", .optionalFraction(results.missingRate)),
        ]
    }

    /// Returns the sentence that replaces the summary's zeros when the window contains no job.
    static func emptyText(coverage: InputCoverage) -> String {
        switch coverage.status {
        case .covered:
            return "No jobs in this window, and the inputs cover all of it: the fleet was quiet. The counts "
                + "below are zero and the rates empty because nothing ran, not because everything succeeded."
        case .partial:
            return "No jobs in this window, but the inputs cover only part of it, so this is partly quiet and "
                + "partly blind. The counts below are zero because nothing was seen, not because all was well."
        case .blind:
            return "No jobs in this window, and no input covers it: saltpan is blind here. The counts below are "
                + "zero because nothing was seen, not because all was well."
        }
    }
}
