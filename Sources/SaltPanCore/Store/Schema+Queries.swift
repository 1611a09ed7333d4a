extension Schema {
    /// Indexes, views and the search index for the query commands (`jobs`, `failures`,
    /// `retcodes`, `states`, `search`, `sql`).
    ///
    /// Two covering indexes let `failures` and `retcodes` read every minion result in jid order
    /// without touching the wide rows, which hold loads and returns of a kilobyte or more:
    ///
    /// - `jobs_summary` contains the job columns the filters read most.
    /// - `returns_summary` contains a return's outcome, retcode and product.
    ///
    /// Both cost ingest time, because jobs arrive in the random order of the cache's hashed
    /// folder names. An estimate from a Python script that inserted one million returns of
    /// 200,000 jobs in that order, with a commit every 2,000 records: about 0.7 s more CPU time
    /// than without the two indexes, on a shared two-core virtual machine. No index on
    /// `start_time` is kept: a scan of `jobs_summary` with SQLite's top-N sort serves
    /// `ORDER BY start_time DESC LIMIT n` at about the same cost.
    ///
    /// The full-text index `search_text` is not kept up to date by triggers, which would make
    /// every ingest tokenize every output. `SearchIndex.updateSearchIndex(database:)` adds the
    /// returns stored since its last run instead; `saltpan search` calls it before it searches.
    /// The index stores its own copy of the text, because the text is extracted from the return
    /// in Swift (invalid UTF-8 decoded, state comments gathered) and FTS5 needs the text it
    /// indexed to build snippets.
    ///
    /// The views give sqlite3 and Datasette users the same figures the commands print:
    /// `job_overview` (one row per job with counts), `minion_results` (one row per returned or
    /// missing minion) and `state_results` (one row per state in a state run's return).
    static let queriesVersion = """
        CREATE INDEX jobs_summary ON jobs (jid, start_time, function, kind, user, source_id);
        CREATE INDEX returns_summary ON returns (jid, minion, outcome, retcode, product);

        CREATE VIRTUAL TABLE search_text USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');

        CREATE VIEW job_overview AS
        SELECT j.jid, j.start_time, j.function, j.arguments, j.target, j.target_type, j.user, j.metadata, j.kind,
               j.schedule, j.returner, j.end_time, j.source_id,
               (coalesce(j.function, '') IN ('saltutil.find_job', 'saltutil.running')
                OR coalesce(j.function, '') GLOB 'runner.jobs.*') AS is_internal,
               CASE WHEN j.has_expected_minions
                    THEN (SELECT count(*) FROM expected_minions e WHERE e.jid = j.jid) END AS expected_count,
               (SELECT count(*) FROM returns r WHERE r.jid = j.jid) AS returned_count,
               CASE WHEN j.has_expected_minions
                    THEN (SELECT count(*) FROM expected_minions e
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
        FROM expected_minions e JOIN jobs j ON j.jid = e.jid
        WHERE NOT EXISTS (SELECT 1 FROM returns r WHERE r.jid = e.jid AND r.minion = e.minion);

        CREATE VIEW state_results AS
        SELECT r.jid, r.minion, s.key AS tag,
               json_extract(s.value, '$.__sls__') AS sls,
               coalesce(json_extract(s.value, '$.__id__'),
                        substr(substr(s.key, instr(s.key, '_|-') + 3), 1,
                               instr(substr(s.key, instr(s.key, '_|-') + 3), '_|-') - 1)) AS state_id,
               substr(s.key, 1, instr(s.key, '_|-') - 1) || '.'
                   || replace(replace(s.key, '_|-', char(1)),
                              rtrim(replace(s.key, '_|-', char(1)),
                                    replace(replace(s.key, '_|-', char(1)), char(1), '')),
                              '') AS function,
               json_extract(s.value, '$.name') AS name,
               json_extract(s.value, '$.result') AS result,
               CASE json_type(s.value, '$.comment')
                   WHEN 'array' THEN (SELECT group_concat(c.value, char(10))
                                      FROM json_each(s.value, '$.comment') c)
                   ELSE json_extract(s.value, '$.comment')
               END AS comment,
               json_extract(s.value, '$.duration') AS duration_ms,
               json_extract(s.value, '$.__run_num__') AS run_number,
               coalesce(json_extract(s.value, '$.__state_ran__'), 1) AS state_ran,
               json_extract(s.value, '$.changes') AS changes
        FROM returns r
        JOIN jobs j ON j.jid = r.jid
        JOIN json_each(r.return) s
        WHERE j.function GLOB 'state.*' AND json_type(r.return) = 'object' AND s.key GLOB '*_|-*_|-*_|-*';
        """
}

/// The jobs Salt runs for its own bookkeeping, which the query commands hide unless asked.
///
/// `saltutil.find_job` is what the master publishes to ask whether a minion still runs a job,
/// `saltutil.running` lists running jobs, and every `salt-run jobs.*` call is stored as a job
/// of the master itself.
public enum InternalJobs {
    /// The functions matched exactly.
    public static let functions = ["saltutil.find_job", "saltutil.running"]
    /// The glob for runner functions that are job queries.
    public static let runnerPattern = "runner.jobs.*"

    /// An SQL expression, 1 for an internal job, for the function in column `function`.
    ///
    /// A job without a stored load (a NULL function) is not internal. The views of
    /// `queriesVersion` spell the same expression out, because a published migration never
    /// changes; a test checks that the two agree.
    static func predicate(function: String) -> String {
        let names = functions.map { "'\($0)'" }.joined(separator: ", ")
        return "(coalesce(\(function), '') IN (\(names)) OR coalesce(\(function), '') GLOB '\(runnerPattern)')"
    }
}
