/// One state with the time it took.
public struct StateDuration: Sendable, Equatable {
    public var jid: String
    public var minion: String
    public var sls: String?
    public var stateID: String
    public var function: String
    public var name: String
    /// true, false, or nil for a test run that would change something.
    public var result: Bool?
    /// Milliseconds, as Salt reports them.
    public var durationMilliseconds: Double
}

/// Finds the states that took longest.
public enum SlowestStateQuery {
    /// Lists the longest-running states in the runs `filter` selects, longest first.
    ///
    /// Ties go to the newest jid, then by minion and run order.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored return is damaged.
    public static func slowest(in store: Store, filter: QueryFilter, limit: Int?) throws -> [StateDuration] {
        var durations: [(state: StateDuration, order: Int)] = []
        try StateRunScan.scan(in: store.database, filter: filter, failedOnly: false) { run in
            for (state, _) in run.states {
                guard let duration = state.duration else { continue }
                let entry = StateDuration(
                    jid: run.jid,
                    minion: run.minion,
                    sls: state.sls,
                    stateID: state.id,
                    function: state.function,
                    name: state.name,
                    result: state.result,
                    durationMilliseconds: duration
                )
                durations.append((entry, durations.count))
            }
        }

        let sorted = durations.sorted { left, right in
            if left.state.durationMilliseconds != right.state.durationMilliseconds {
                return left.state.durationMilliseconds > right.state.durationMilliseconds
            }
            if left.state.jid != right.state.jid { return left.state.jid > right.state.jid }
            return left.order < right.order
        }
        let states = sorted.map(\.state)
        guard let limit else { return states }
        return Array(states.prefix(limit))
    }
}
