/// One minion's part of a state run, read from a stored return.
struct StateRunReturn {
    var jid: String
    var startTime: String?
    /// The minion, or the master's id for an orchestration.
    var minion: String
    /// The states in run order, with the raw map of each state for fields `StateResult` does
    /// not keep, such as `changes`.
    var states: [(result: StateResult, raw: Value)]
    /// The error lines of a run that did not compile (a render error, a missing SLS, a pillar
    /// error); empty when the run compiled.
    var compileErrors: [String]
    /// True when the compile errors come from the pillar rather than the states.
    var isPillarError: Bool
}

/// Reads the state runs among the returns a filter selects, in jid and minion order.
///
/// `state.*` functions return a map of state tags, or a list of error strings when the states
/// did not compile. An orchestration (`salt-run state.orchestrate`) nests the same map per
/// minion under `return.data`, with the master's id as the minion.
enum StateRunScan {
    /// Calls `body` for each state run.
    ///
    /// With `failedOnly`, it reads only returns whose outcome is `failed`. Every run with a
    /// failed state or a compile error has that outcome.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored return is damaged.
    static func scan(
        in database: Database,
        filter: QueryFilter,
        failedOnly: Bool,
        _ body: (StateRunReturn) throws -> Void
    ) throws {
        let jobCondition = filter.jobCondition("job")
        let returnCondition = filter.returnCondition("result")
        let outcome = failedOnly ? "AND result.outcome = 'failed'" : ""
        let query = try database.prepare(
            """
            SELECT job.jid, job.start_time, job.function, result.minion, result.return, result.cause
            FROM jobs AS job INDEXED BY jobs_summary JOIN returns AS result ON result.jid = job.jid
            WHERE (job.function GLOB 'state.*' OR job.function GLOB 'runner.state.orch*')
              AND \(jobCondition.text) AND \(returnCondition.text) \(outcome)
            ORDER BY job.jid, result.minion
            """
        )
        try query.bind(jobCondition.parameters + returnCondition.parameters)

        while try query.step() {
            guard let value = try StoredValue.decode(query.string(at: 4)) else { continue }
            let jid = query.string(at: 0) ?? ""
            let startTime = query.string(at: 1)
            let function = query.string(at: 2) ?? ""
            let minion = query.string(at: 3) ?? ""
            let cause = query.string(at: 5)

            if function.hasPrefix("runner.") {
                for (master, data) in orchestrationData(value) {
                    try body(run(jid: jid, startTime: startTime, minion: master, value: data, cause: "did not compile"))
                }
            } else {
                try body(run(jid: jid, startTime: startTime, minion: minion, value: value, cause: cause))
            }
        }
    }

    /// Returns the per-minion results of an orchestration: `{return: {data: {<master>: {tags…}}}}`.
    private static func orchestrationData(_ value: Value) -> [(String, Value)] {
        guard let entries = value["return"]?["data"]?.mapEntries else { return [] }
        return entries.compactMap { entry in entry.key.stringValue.map { ($0, entry.value) } }
    }

    /// Reads one minion's state run.
    ///
    /// A list of strings is a compile failure only when the outcome rule gave the cause `did not
    /// compile` or `pillar`, because other `state.*` functions, such as `state.running`, also
    /// return lists of strings.
    private static func run(
        jid: String,
        startTime: String?,
        minion: String,
        value: Value,
        cause: String?
    ) -> StateRunReturn {
        var run = StateRunReturn(
            jid: jid,
            startTime: startTime,
            minion: minion,
            states: [],
            compileErrors: [],
            isPillarError: false
        )
        if let items = value.arrayValue, cause == "did not compile" || cause == "pillar" {
            run.compileErrors = items.compactMap(\.stringValue)
            run.isPillarError = run.compileErrors.contains { $0.contains("Pillar failed to render") }
            return run
        }
        guard let results = StateResult.results(in: value), let entries = value.mapEntries else { return run }
        var rawStates: [String: Value] = [:]
        for entry in entries {
            if let tag = entry.key.stringValue { rawStates[tag] = entry.value }
        }
        run.states = results.map { result in (result, rawStates[result.tag] ?? .null) }
        return run
    }
}
