/// Recomputes stored outcomes with the current outcome rule.
///
/// An outcome depends on the job's function, so returns stored before their job's load (from a
/// job folder split across an archive, or an export that lists returns first) are judged again
/// when the load arrives. A schema migration that changes the rule calls `updateAll`.
enum OutcomeUpdater {
    /// Recomputes the outcomes of the returns of `jid`.
    static func update(jid: String, in database: Database) throws {
        let function = try database.cachedStatement("SELECT function FROM jobs WHERE jid = ?")
        try function.bind(jid, at: 1)
        let name = try function.step() ? function.string(at: 0) : nil
        function.reset()

        let query = try database.prepare("SELECT id, retcode, success, return FROM returns WHERE jid = ?")
        try query.bind(jid, at: 1)
        try update(rows: query, function: { _ in name }, in: database)
    }

    /// Recomputes every stored outcome.
    static func updateAll(in database: Database) throws {
        let query = try database.prepare(
            """
            SELECT returns.id, returns.retcode, returns.success, returns.return, jobs.function
            FROM returns LEFT JOIN jobs ON jobs.jid = returns.jid
            """
        )
        try update(rows: query, function: { $0.string(at: 4) }, in: database)
    }

    /// Judges each row of `rows` (id, retcode, success, return, …) and stores the verdict.
    private static func update(
        rows: Statement,
        function: (Statement) -> String?,
        in database: Database
    ) throws {
        let store = try database.cachedStatement(
            """
            UPDATE returns SET outcome = ?, cause = ?, outcome_is_weak = ?, exit_success = ?, conflicting_jid = ?,
                               inconsistency = ?
            WHERE id = ?
            """
        )
        while try rows.step() {
            let value = try StoredValue.decode(rows.string(at: 3))
            let verdict = OutcomeRule.verdict(
                function: function(rows),
                retcode: rows.optionalInt64(at: 1),
                success: rows.optionalInt64(at: 2).map { $0 != 0 },
                value: value
            )
            try store.bind(verdict.outcome.rawValue, at: 1)
            try store.bind(verdict.cause, at: 2)
            try store.bind(verdict.isWeak, at: 3)
            try store.bind(OutcomeRule.exitSuccess(value), at: 4)
            try store.bind(verdict.conflictingJid, at: 5)
            try store.bind(verdict.inconsistency, at: 6)
            try store.bind(rows.int64(at: 0), at: 7)
            try store.run()
        }
    }
}
