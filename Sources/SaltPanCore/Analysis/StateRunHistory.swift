/// One minion's state run in one job.
public struct StateRunEntry: Sendable, Equatable {
    public var jid: String
    public var startTime: String?
    public var function: String
    public var outcome: Outcome
    public var cause: String?
}

/// The newest state runs of one minion in one product.
public struct MinionStateRuns: Sendable, Equatable {
    public var minion: String
    public var product: String?
    /// The newest run that applied states: not `test=True` and not `state.test`.
    public var lastRun: StateRunEntry?
    /// The newest `test=True` run.
    public var lastTestRun: StateRunEntry?
    /// The number of states the newest test run predicted would change (`result: null`); nil
    /// without a test run or when it did not compile.
    public var wouldChange: Int?
}

/// Finds each minion's newest real and test state runs.
public enum StateRunHistoryQuery {
    /// The functions that run states on a minion.
    ///
    /// `state.running`, `state.show_*` and the like only report, so they are left out.
    public static let stateRunFunctions = [
        "state.apply", "state.highstate", "state.sls", "state.sls_id", "state.single", "state.top",
        "state.template", "state.template_str", "state.low", "state.high", "state.pkg", "state.test",
    ]

    /// Returns one entry per minion and product with a state run that `filter` selects, ordered
    /// by minion and product.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored value is damaged.
    public static func history(in store: Store, filter: QueryFilter) throws -> [MinionStateRuns] {
        let jobCondition = filter.jobCondition("job")
        let returnCondition = filter.returnCondition("result")
        let functions = SQLFragment.column("job.function", in: stateRunFunctions.map { .text($0) })
        let query = try store.database.prepare(
            """
            SELECT job.jid, job.start_time, job.function, job.arguments, result.minion, result.product,
                   result.outcome, result.cause
            FROM jobs AS job JOIN returns AS result ON result.jid = job.jid
            WHERE \(functions.text) AND \(jobCondition.text) AND \(returnCondition.text)
            ORDER BY job.jid, result.minion
            """
        )
        try query.bind(functions.parameters + jobCondition.parameters + returnCondition.parameters)

        var runs: [RunKey: MinionStateRuns] = [:]
        while try query.step() {
            let function = query.string(at: 2) ?? ""
            let key = RunKey(minion: query.string(at: 4) ?? "", product: query.string(at: 5))
            let entry = StateRunEntry(
                jid: query.string(at: 0) ?? "",
                startTime: query.string(at: 1),
                function: function,
                outcome: Outcome(rawValue: query.string(at: 6) ?? "") ?? .unknown,
                cause: query.string(at: 7)
            )
            let arguments = try StoredValue.decode(query.string(at: 3))
            let isTest = function == "state.test" || isTestRun(arguments)
            var record = runs[key] ?? MinionStateRuns(minion: key.minion, product: key.product)
            if isTest {
                record.lastTestRun = entry
            } else {
                record.lastRun = entry
            }
            runs[key] = record
        }

        for (key, record) in runs {
            guard let test = record.lastTestRun else { continue }
            runs[key]?.wouldChange = try wouldChange(in: store.database, jid: test.jid, minion: key.minion)
        }
        return runs.values.sorted { left, right in
            if left.minion != right.minion { return left.minion.utf8.lexicographicallyPrecedes(right.minion.utf8) }
            return GroupKey.precedes(left.product, right.product)
        }
    }

    /// Returns whether a job's arguments request a test run: a `test=True` keyword argument, which the
    /// load stores as `{"__kwarg__": true, "test": true}`, or the text `test=True` from older
    /// clients.
    static func isTestRun(_ arguments: Value?) -> Bool {
        for argument in arguments?.arrayValue ?? [] {
            if argument["__kwarg__"]?.boolValue == true, let test = argument["test"] {
                if test.boolValue == true { return true }
                if let text = test.stringValue, text.lowercased() == "true" { return true }
            }
            if let text = argument.stringValue, text.replacing(" ", with: "").lowercased() == "test=true" {
                return true
            }
        }
        return false
    }

    private static func wouldChange(in database: Database, jid: String, minion: String) throws -> Int? {
        let query = try database.prepare("SELECT return FROM returns WHERE jid = ? AND minion = ?")
        try query.bind(jid, at: 1)
        try query.bind(minion, at: 2)
        guard try query.step(), let value = try StoredValue.decode(query.string(at: 0)),
            let states = StateResult.results(in: value)
        else { return nil }
        return states.filter { $0.result == nil }.count
    }
}

private struct RunKey: Hashable {
    var minion: String
    var product: String?
}

extension MinionStateRuns {
    init(minion: String, product: String?) {
        self.init(minion: minion, product: product, lastRun: nil, lastTestRun: nil, wouldChange: nil)
    }
}
