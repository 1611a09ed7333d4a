extension Schema {
    /// Stores no expected-minion rows for a job whose expected minions are the minions that
    /// returned, the usual case.
    ///
    /// A job cache archive lists jids in the random order of its hashed folder names, so each
    /// job's expected minions were a random insert into a B-tree about as large as
    /// `returns_summary`, which outgrows SQLite's page cache. Most jobs' folders contain a return for
    /// every expected minion, and for those the rows repeated the minions of the returns.
    ///
    /// - `jobs.expected_are_returned`: 1 when the job's expected minions are exactly the minions
    ///   of its returns, and are not stored as rows. The ingest keeps it for a job when a return
    ///   of each expected minion, and of no other, comes in the same batch as the job: from its
    ///   cache folder, or from the events after its publish event. Otherwise, and before a return
    ///   of another minion or another expected-minion list joins such a job, the ingest stores
    ///   the rows and clears the flag, so a committed flag is always true.
    /// - `expected_minion_rows`: the table formerly named `expected_minions`, with the expected
    ///   minions of every other job.
    /// - `expected_minions`: a view of both, with the columns of the former table.
    /// - `job_overview` counts both, and `minion_results` reads missing minions from the rows,
    ///   because a job whose expected minions all returned has none missing. Both views are
    ///   written out in full again, because a published migration never changes.
    static let expectedMinionsVersion = """
        ALTER TABLE jobs ADD COLUMN expected_are_returned INTEGER NOT NULL DEFAULT 0;

        DROP VIEW job_overview;
        DROP VIEW minion_results;
        ALTER TABLE expected_minions RENAME TO expected_minion_rows;

        CREATE VIEW expected_minions AS
        SELECT jid, minion FROM expected_minion_rows
        UNION ALL
        SELECT r.jid, r.minion FROM jobs j JOIN returns r ON r.jid = j.jid WHERE j.expected_are_returned;

        CREATE VIEW job_overview AS
        SELECT j.jid, j.start_time, j.function, j.arguments, j.target, j.target_type, j.user, j.metadata, j.kind,
               j.schedule, j.returner, j.end_time, j.source_id,
               (coalesce(j.function, '') IN ('saltutil.find_job', 'saltutil.running')
                OR coalesce(j.function, '') GLOB 'runner.jobs.*') AS is_internal,
               CASE WHEN j.expected_are_returned
                    THEN (SELECT count(*) FROM returns r WHERE r.jid = j.jid)
                    WHEN j.has_expected_minions
                    THEN (SELECT count(*) FROM expected_minion_rows e WHERE e.jid = j.jid) END AS expected_count,
               (SELECT count(*) FROM returns r WHERE r.jid = j.jid) AS returned_count,
               CASE WHEN j.has_expected_minions
                    THEN (SELECT count(*) FROM expected_minion_rows e
                          WHERE e.jid = j.jid
                            AND NOT EXISTS (SELECT 1 FROM returns r WHERE r.jid = e.jid AND r.minion = e.minion))
               END AS missing_count,
               (SELECT count(*) FROM returns r WHERE r.jid = j.jid AND r.outcome = 'succeeded') AS succeeded_count,
               (SELECT count(*) FROM returns r WHERE r.jid = j.jid AND r.outcome = 'failed') AS failed_count,
               (SELECT count(*) FROM returns r WHERE r.jid = j.jid AND r.outcome = 'conflict') AS conflict_count,
               (SELECT count(*) FROM returns r WHERE r.jid = j.jid AND r.outcome = 'unknown') AS unknown_count
        FROM jobs j;

        CREATE VIEW minion_results AS
        SELECT r.jid, j.start_time, j.function, j.kind, r.minion,
               coalesce(j.kind IN ('runner', 'wheel'), 0) AS is_master,
               (coalesce(j.function, '') IN ('saltutil.find_job', 'saltutil.running')
                OR coalesce(j.function, '') GLOB 'runner.jobs.*') AS is_internal,
               r.product, r.outcome, r.cause, r.outcome_is_weak, r.retcode, r.success, r.exit_success,
               1 AS returned
        FROM returns r LEFT JOIN jobs j ON j.jid = r.jid
        UNION ALL
        SELECT e.jid, j.start_time, j.function, j.kind, e.minion,
               j.kind IN ('runner', 'wheel'),
               (coalesce(j.function, '') IN ('saltutil.find_job', 'saltutil.running')
                OR coalesce(j.function, '') GLOB 'runner.jobs.*'),
               coalesce((SELECT s.product FROM sources s WHERE s.id = j.source_id),
                        (SELECT m.product FROM product_map m WHERE e.minion GLOB m.pattern
                         ORDER BY m.position LIMIT 1)),
               'missing', 'expected, no return in any source', 0, NULL, NULL, 0,
               0
        FROM expected_minion_rows e JOIN jobs j ON j.jid = e.jid
        WHERE NOT EXISTS (SELECT 1 FROM returns r WHERE r.jid = e.jid AND r.minion = e.minion);
        """
}
