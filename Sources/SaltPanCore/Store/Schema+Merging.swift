extension Schema {
    /// What merging several kinds of input needs: disagreements between sources, jid
    /// collisions, Salt's own exit_success verdicts, products and the master's clock offset.
    ///
    /// - `jobs.is_synthetic_jid`: the jid was made up for a `salt` capture that carried none.
    /// - `jobs.has_collision`: two records, of two sources or one, gave the same jid different
    ///   functions or arguments, as two masters or a master before and after a clock change do.
    ///   The other loads are in `job_loads`.
    /// - `sources.master_utc_offset`: seconds east of UTC of the master's clock, learned from
    ///   publish events (`_stamp` against the jid) or given with `--jid-tz`, and
    ///   `master_utc_offset_basis` saying which.
    /// - `returns.product_basis`: where the product came from (`data`, `option` or `map`), so a
    ///   product map can be applied again without overriding the data.
    /// - `returns.return_time`: when the return event was fired, for sources that carry it.
    /// - `returns.conflicting_jid`: for a `conflict` outcome, the jid that was already running.
    /// - `returns.inconsistency`: a note when the return contradicts itself, such as a non-zero
    ///   retcode while every state passed.
    /// - `problems.line`: the line of a problem in a line-based input such as an event log.
    /// - `return_facts`: what each source said about a return when the sources disagree.
    /// - `exit_success_verdicts`: the per-minion output of `salt-run jobs.exit_success`.
    /// - `product_map`: the last product map applied, in order.
    static let mergingVersion = """
        ALTER TABLE jobs ADD COLUMN is_synthetic_jid INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE jobs ADD COLUMN has_collision INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sources ADD COLUMN master_utc_offset INTEGER;
        ALTER TABLE sources ADD COLUMN master_utc_offset_basis TEXT;
        ALTER TABLE returns ADD COLUMN product_basis TEXT;
        ALTER TABLE returns ADD COLUMN return_time TEXT;
        ALTER TABLE returns ADD COLUMN conflicting_jid TEXT;
        ALTER TABLE returns ADD COLUMN inconsistency TEXT;
        ALTER TABLE problems ADD COLUMN line INTEGER;
        UPDATE returns SET product_basis = 'option' WHERE product IS NOT NULL;

        CREATE TABLE job_loads (
            jid TEXT NOT NULL,
            source_id INTEGER NOT NULL,
            function TEXT,
            arguments TEXT,
            target TEXT,
            target_type TEXT,
            user TEXT,
            load TEXT,
            PRIMARY KEY (jid, source_id)
        ) WITHOUT ROWID;

        CREATE TABLE return_facts (
            jid TEXT NOT NULL,
            minion TEXT NOT NULL,
            source_id INTEGER NOT NULL,
            retcode INTEGER,
            success INTEGER,
            return TEXT,
            PRIMARY KEY (jid, minion, source_id)
        ) WITHOUT ROWID;

        CREATE TABLE exit_success_verdicts (
            jid TEXT NOT NULL,
            minion TEXT NOT NULL,
            source_id INTEGER NOT NULL,
            value INTEGER NOT NULL,
            PRIMARY KEY (jid, minion, source_id)
        ) WITHOUT ROWID;

        CREATE TABLE product_map (
            position INTEGER PRIMARY KEY,
            pattern TEXT NOT NULL,
            product TEXT NOT NULL
        );
        """
}
