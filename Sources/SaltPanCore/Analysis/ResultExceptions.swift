/// A minion result that was not a success: a failed return, a conflict or a missing minion.
public struct ResultException: Sendable, Equatable {
    public var jid: String
    public var startTime: String?
    public var function: String?
    public var minion: String
    public var product: String?
    public var outcome: Outcome
    public var cause: String?
    public var retcode: Int64?
    /// The state ids whose result was false, in run order; empty for other functions.
    public var failedStates: [String]
    /// The minion's messages: each failed state's comment, the compile errors, or the first line
    /// of the output.
    public var comments: [String]
}

/// Lists every failed, conflict and missing result.
public enum ResultExceptionQuery {
    /// The maximum length of a comment or output line; longer text is cut and ends in `…`.
    static let maximumCommentLength = 240

    /// Lists the exceptions among the results `filter` selects, by jid and then minion.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored return is damaged.
    public static func exceptions(in store: Store, filter: QueryFilter) throws -> [ResultException] {
        let jobCondition = filter.jobCondition("job")
        let returnCondition = filter.returnCondition("result")
        let missingProduct = """
            coalesce((SELECT source.product FROM sources AS source WHERE source.id = job.source_id),
                     (SELECT rule.product FROM product_map AS rule WHERE expected.minion GLOB rule.pattern
                      ORDER BY rule.position LIMIT 1))
            """
        let missingCondition = filter.missingCondition(minion: "expected.minion", product: missingProduct)
        let query = try store.database.prepare(
            """
            SELECT job.jid, job.start_time, job.function, result.minion, result.product, result.outcome,
                   result.cause, result.retcode, result.return
            FROM jobs AS job JOIN returns AS result ON result.jid = job.jid
            WHERE result.outcome IN ('failed', 'conflict') AND \(jobCondition.text) AND \(returnCondition.text)
            UNION ALL
            SELECT job.jid, job.start_time, job.function, expected.minion, \(missingProduct), 'missing',
                   'expected, no return in any source', NULL, NULL
            FROM jobs AS job JOIN expected_minion_rows AS expected ON expected.jid = job.jid
            WHERE job.has_expected_minions AND \(jobCondition.text) AND \(missingCondition.text)
              AND NOT EXISTS (SELECT 1 FROM returns AS other
                              WHERE other.jid = expected.jid AND other.minion = expected.minion)
            ORDER BY 1, 4
            """
        )
        try query.bind(
            jobCondition.parameters + returnCondition.parameters + jobCondition.parameters
                + missingCondition.parameters
        )

        var exceptions: [ResultException] = []
        while try query.step() {
            let function = query.string(at: 2)
            let value = try StoredValue.decode(query.string(at: 8))
            let details = details(of: value, function: function)
            exceptions.append(
                ResultException(
                    jid: query.string(at: 0) ?? "",
                    startTime: query.string(at: 1),
                    function: function,
                    minion: query.string(at: 3) ?? "",
                    product: query.string(at: 4),
                    outcome: Outcome(rawValue: query.string(at: 5) ?? "") ?? .unknown,
                    cause: query.string(at: 6),
                    retcode: query.optionalInt64(at: 7),
                    failedStates: details.states,
                    comments: details.comments
                )
            )
        }
        return exceptions
    }

    /// Returns the failed states and their comments for a state run, the error lines of a run
    /// that did not compile, or the first line of any other output.
    private static func details(of value: Value?, function: String?) -> (states: [String], comments: [String]) {
        guard let value else { return ([], []) }
        if function?.hasPrefix("state.") == true {
            if let states = StateResult.results(in: value) {
                let failed = states.filter { $0.result == false }
                return (failed.map(\.id), failed.map { shortened("\($0.id): \($0.comment)") })
            }
            if let lines = value.arrayValue?.compactMap(\.stringValue), !lines.isEmpty {
                return ([], lines.map(shortened))
            }
        }
        if let output = commandOutput(value) {
            return ([], [shortened(output)])
        }
        let preview = ReturnPreview.line(value, function: function)
        return ([], preview.isEmpty ? [] : [preview])
    }

    /// The first line of `stderr`, else of `stdout`, of a `cmd.run_all` or `cmd.script` return.
    private static func commandOutput(_ value: Value) -> String? {
        for key in ["stderr", "stdout"] {
            let lines = value[key]?.stringValue?.split(whereSeparator: \.isNewline) ?? []
            if let line = lines.first(where: { !$0.allSatisfy(\.isWhitespace) }) {
                return "\(key): \(line)"
            }
        }
        return nil
    }

    private static func shortened(_ text: String) -> String {
        let line = ControlPictures.line(text)
        guard line.count > maximumCommentLength else { return line }
        return String(line.prefix(maximumCommentLength - 1)) + "…"
    }
}
