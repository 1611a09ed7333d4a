extension Schema {
    /// Drops `returns_by_job`, the unique index on `returns (jid, minion)`.
    ///
    /// A job cache archive lists its job folders in the order of their hashed names, so jids
    /// arrive in random order and every index keyed by jid takes a random insert per return.
    /// Once such an index outgrows SQLite's page cache, each insert reads and writes a page of
    /// its own: on one million returns the two indexes on `(jid, minion)` cost several seconds
    /// of system time. `returns_summary (jid, minion, outcome, retcode, product)` serves every
    /// lookup by jid and minion. The ingest enforces one return per minion and job itself, by
    /// looking the pair up before it inserts. Both steps run inside the write transaction, so
    /// no second writer can insert between them.
    static let ingestVersion = """
        DROP INDEX returns_by_job;
        """
}
