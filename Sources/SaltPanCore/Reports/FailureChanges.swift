/// A window's failures compared with those of the window of the same length before it: what
/// fails now and did not before, and what failed before and ran cleanly since.
public struct FailureChanges: Sendable {
    /// The window compared against; nil when the window has an open end.
    public var previousWindow: TimeSpan?
    /// How much of the previous window the inputs cover: when they cover none, every failure
    /// counts as new only because nothing before was seen.
    public var previousCoverage: InputCoverage.Status?
    /// Minions with a failed return now and none before, with their current counts.
    public var newlyFailingMinions: [FailureRate]
    /// Minions with a failed return before and, now, returns that all succeeded, with their
    /// current counts.
    public var recoveredMinions: [FailureRate]
    /// States that fail now and did not before.
    public var newlyFailingStates: [StateFailure]
    /// States that failed before and now ran and passed without failing, as they failed before.
    public var recoveredStates: [StateFailure]

    /// Compares the current window's minion rates and failing states with the previous window's.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored return is damaged.
    static func compare(
        in store: Store,
        filter: QueryFilter,
        header: ReportHeader,
        current: (minions: [FailureRate], states: [StateFailure])
    ) throws -> FailureChanges {
        guard let since = filter.since, let until = filter.until, since < until else {
            return FailureChanges(
                previousWindow: nil,
                previousCoverage: nil,
                newlyFailingMinions: [],
                recoveredMinions: [],
                newlyFailingStates: [],
                recoveredStates: []
            )
        }
        let previous = TimeSpan(start: Timestamp(microseconds: 2 * since.microseconds - until.microseconds), end: since)
        var previousFilter = filter
        previousFilter.since = previous.start
        previousFilter.until = previous.end

        let previousMinions = try FailureRateQuery.rates(in: store, by: .minion, filter: previousFilter)
        let previousStates = try StateFailureQuery.failures(in: store, filter: previousFilter)
        let previousJobs = try JobListQuery.jobs(in: store, filter: previousFilter, limit: 1)
        let coverage = InputCoverage(
            window: previous,
            inputSpans: header.inputs.compactMap(\.span),
            hasJobs: !previousJobs.isEmpty
        )
        let passed = try passedStates(in: store, filter: filter)

        let failedBefore = Set(previousMinions.filter { $0.failed > 0 }.compactMap(\.key))
        let failingNow = Set(current.states.map(StateKey.init))
        let failingBefore = Set(previousStates.map(StateKey.init))
        return FailureChanges(
            previousWindow: previous,
            previousCoverage: coverage.status,
            newlyFailingMinions: current.minions.filter { rate in
                rate.failed > 0 && !failedBefore.contains(rate.key ?? "")
            },
            recoveredMinions: current.minions.filter { rate in
                failedBefore.contains(rate.key ?? "") && rate.failed == 0 && rate.succeeded > 0
            },
            newlyFailingStates: current.states.filter { !failingBefore.contains(StateKey($0)) },
            recoveredStates: previousStates.filter { state in
                !failingNow.contains(StateKey(state)) && state.failure.isRootCause && passed.contains(state)
            }
        )
    }

    /// Reads which states passed in the window: their SLS, state id and function, and the SLS
    /// files with a state that passed, for runs that did not compile before.
    private static func passedStates(in store: Store, filter: QueryFilter) throws -> PassedStates {
        var passed = PassedStates()
        try StateRunScan.scan(in: store.database, filter: filter, failedOnly: false) { run in
            for (state, _) in run.states where state.result == true {
                passed.states.insert(StateKey(sls: state.sls, stateID: state.id, function: state.function))
                if let sls = state.sls { passed.slsFiles.insert(sls) }
            }
        }
        return passed
    }
}

/// A state as the comparison identifies it: SLS, state id and function, and the failure kind
/// when it failed.
private struct StateKey: Hashable {
    var sls: String?
    var stateID: String?
    var function: String?
    var failure: StateFailureKind?

    init(sls: String?, stateID: String?, function: String?, failure: StateFailureKind? = nil) {
        self.sls = sls
        self.stateID = stateID
        self.function = function
        self.failure = failure
    }

    init(_ failure: StateFailure) {
        self.init(sls: failure.sls, stateID: failure.stateID, function: failure.function, failure: failure.failure)
    }
}

/// The states that passed in a window.
private struct PassedStates {
    var states: Set<StateKey> = []
    var slsFiles: Set<String> = []

    /// Returns whether the failing state ran and passed: the same state for a state that failed, any
    /// state of the SLS for an SLS that did not compile or a pillar that did not render.
    func contains(_ failure: StateFailure) -> Bool {
        guard failure.stateID != nil else {
            return failure.sls.map(slsFiles.contains) ?? false
        }
        return states.contains(StateKey(sls: failure.sls, stateID: failure.stateID, function: failure.function))
    }
}
