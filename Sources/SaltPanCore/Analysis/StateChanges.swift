/// One state that changed something on a minion.
public struct StateChange: Sendable, Equatable {
    public var jid: String
    public var startTime: String?
    public var minion: String
    public var sls: String?
    public var stateID: String
    public var function: String
    public var name: String
    /// The state's result: a state can change something and still fail, as `cmd.run` does.
    public var result: Bool
    /// The `changes` map as the state reported it.
    public var changes: Value
}

/// Lists what state runs changed where.
public enum StateChangeQuery {
    /// Lists the states with changes in the runs `filter` selects, newest job first, then by minion
    /// and run order.
    ///
    /// States of test runs (`result: null`) only predict changes and are left out.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored return is damaged.
    public static func changes(in store: Store, filter: QueryFilter, limit: Int?) throws -> [StateChange] {
        var changes: [(change: StateChange, order: Int)] = []
        try StateRunScan.scan(in: store.database, filter: filter, failedOnly: false) { run in
            for (state, raw) in run.states {
                guard state.hasChanges, let result = state.result else { continue }
                let change = StateChange(
                    jid: run.jid,
                    startTime: run.startTime,
                    minion: run.minion,
                    sls: state.sls,
                    stateID: state.id,
                    function: state.function,
                    name: state.name,
                    result: result,
                    changes: raw["changes"] ?? .null
                )
                changes.append((change, changes.count))
            }
        }

        // Runs arrive by jid, then minion and run order; newest first keeps the rest of that order.
        let ordered = changes.sorted { left, right in
            if left.change.jid != right.change.jid { return left.change.jid > right.change.jid }
            return left.order < right.order
        }.map(\.change)
        guard let limit else { return ordered }
        return Array(ordered.prefix(limit))
    }
}
