/// Limits that make `saltpan report` exit with status 3, so a cron job can tell a bad night
/// from a good one without reading the report.
public struct ReportThresholds: Sendable, Equatable {
    /// The maximum number of failed returns allowed in the window.
    public var maximumFailed: Int?
    /// The maximum number of missing minion results allowed in the window.
    public var maximumMissing: Int?
    /// The maximum failure rate (failed ÷ returned, from 0 to 1) allowed in the window.
    public var maximumFailureRate: Double?

    public init(maximumFailed: Int? = nil, maximumMissing: Int? = nil, maximumFailureRate: Double? = nil) {
        self.maximumFailed = maximumFailed
        self.maximumMissing = maximumMissing
        self.maximumFailureRate = maximumFailureRate
    }

    public var isEmpty: Bool {
        maximumFailed == nil && maximumMissing == nil && maximumFailureRate == nil
    }

    /// Returns one sentence per threshold the totals exceed; empty when none is exceeded.
    ///
    /// A value equal to its limit is allowed. A window where nothing returned has no failure
    /// rate, so it never exceeds `maximumFailureRate`.
    public func crossings(of totals: FailureRate) -> [String] {
        var crossings: [String] = []
        if let maximumFailed, totals.failed > maximumFailed {
            crossings.append("\(totals.failed) failed returns, more than --max-failed \(maximumFailed)")
        }
        if let maximumMissing, totals.missing > maximumMissing {
            crossings.append("\(totals.missing) missing minion results, more than --max-missing \(maximumMissing)")
        }
        if let maximumFailureRate, let rate = totals.failureRate, rate > maximumFailureRate {
            let limit = ReportRenderer.percentage(maximumFailureRate)
            crossings.append(
                "a failure rate of \(ReportRenderer.percentage(rate)), above --max-failure-rate \(limit)"
            )
        }
        return crossings
    }

    /// Returns the thresholds as facts, each null when not set.
    func facts() -> [ReportFact] {
        [
            ReportFact("max_failed", "--max-failed", .optional(maximumFailed)),
            ReportFact("max_missing", "--max-missing", .optional(maximumMissing)),
            ReportFact("max_failure_rate", "--max-failure-rate", .optionalFraction(maximumFailureRate)),
        ]
    }
}
