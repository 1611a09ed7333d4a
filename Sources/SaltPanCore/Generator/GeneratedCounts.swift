/// The contents of a generated input, counted while it was written, so an ingest can be
/// checked against them.
public struct GeneratedCounts: Sendable, Equatable {
    /// Jobs, each with its own jid: published jobs plus one per scheduled return.
    public var jobs = 0
    public var scheduledJobs = 0
    /// Minion returns, one per returning minion and job.
    public var returns = 0
    /// Entries of all `.minions.p` lists (the minions each job expected), summed over jobs.
    public var expectedMinions = 0
    /// Expected minions that never returned, summed over jobs.
    public var missingMinions = 0
    /// Returns with a retcode other than 0.
    public var nonzeroRetcodes = 0
    /// Returns of `state.apply` whose run has a failed state or did not render.
    public var failedStateRuns = 0
    /// Lines of the event log, when one was written.
    public var eventLines = 0
    /// Bytes of all return values as compact JSON text, the size of what a loader stores.
    public var returnJSONBytes: Int64 = 0

    public init() {}

    mutating func add(_ job: SyntheticJob) {
        jobs += 1
        if case .scheduled = job.origin { scheduledJobs += 1 }
        returns += job.returns.count
        expectedMinions += job.expectedMinions.count
        missingMinions += job.missingMinionCount
        for returned in job.returns {
            if returned.retcode != 0 { nonzeroRetcodes += 1 }
            if job.function == "state.apply", returned.retcode != 0 { failedStateRuns += 1 }
            returnJSONBytes += Int64(JSONWriter.compact.encode(returned.value).count)
        }
    }

    /// The counts as a JSON object with snake_case keys.
    public var jsonValue: Value {
        .object([
            "jobs": .int(Int64(jobs)),
            "scheduled_jobs": .int(Int64(scheduledJobs)),
            "returns": .int(Int64(returns)),
            "expected_minions": .int(Int64(expectedMinions)),
            "missing_minions": .int(Int64(missingMinions)),
            "nonzero_retcodes": .int(Int64(nonzeroRetcodes)),
            "failed_state_runs": .int(Int64(failedStateRuns)),
            "event_lines": .int(Int64(eventLines)),
            "return_json_bytes": .int(returnJSONBytes),
        ])
    }
}

extension JSONWriter {
    /// Compact JSON in the dialect users see, for sizing return values.
    fileprivate static let compact = JSONWriter(dialect: .output)
}
