/// One minion's state run with the time its states took together.
public struct StateRunDuration: Sendable, Equatable {
    public var jid: String
    public var startTime: String?
    /// The minion, or the master's id for an orchestration.
    public var minion: String
    public var stateCount: Int
    public var failedCount: Int
    /// The sum of the states' durations in milliseconds, as Salt reports them.
    ///
    /// Salt runs the states of one run one after another unless `parallel: True` is set, so
    /// this is close to the run's wall time.
    public var durationMilliseconds: Double
}

/// Finds the state runs whose states took longest in total.
public enum SlowestStateRunQuery {
    /// Lists the state runs `filter` selects, longest first, at most `limit` of them.
    ///
    /// Ties go to the newest jid, then by minion. Runs that did not compile have no states and
    /// are left out.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored return is damaged.
    public static func slowest(in store: Store, filter: QueryFilter, limit: Int) throws -> [StateRunDuration] {
        var runs: [StateRunDuration] = []
        try StateRunScan.scan(in: store.database, filter: filter, failedOnly: false) { run in
            let durations = run.states.compactMap(\.result.duration)
            guard !durations.isEmpty else { return }
            runs.append(
                StateRunDuration(
                    jid: run.jid,
                    startTime: run.startTime,
                    minion: run.minion,
                    stateCount: run.states.count,
                    failedCount: run.states.filter { $0.result.result == false }.count,
                    durationMilliseconds: durations.reduce(0, +)
                )
            )
        }
        let sorted = runs.sorted { left, right in
            if left.durationMilliseconds != right.durationMilliseconds {
                return left.durationMilliseconds > right.durationMilliseconds
            }
            if left.jid != right.jid { return left.jid > right.jid }
            return left.minion.utf8.lexicographicallyPrecedes(right.minion.utf8)
        }
        return Array(sorted.prefix(limit))
    }
}
