/// Moves runner returns stored under the placeholder master id to the master's real id.
///
/// Event logs do not name the master, so an event log ingested before any job cache stores its
/// runner returns under `EventInterpreter.masterPlaceholder`. A job cache names the master in
/// each runner job's load (`id`), and stores the same returns under that id. Once a job cache
/// is stored, the placeholder rows of its runner jobs are renamed, or dropped where the cache
/// already contains the same return, so the order of ingest does not change what is stored. An
/// event log adopts them as well when it ends, because it may have read no master id while
/// another process was still storing the cache.
enum MasterPlaceholder {
    /// Renames the placeholder returns and expected minions of the runner jobs that `sourceID`
    /// stored with a load.
    static func adopt(sourceID: Int64, in database: Database) throws {
        let placeholder = EventInterpreter.masterPlaceholder
        let runnerJobs = """
            SELECT jid, json_extract(load, '$.id') AS master FROM jobs
            WHERE kind IN ('runner', 'wheel') AND json_valid(load) AND json_extract(load, '$.id') IS NOT NULL
              AND (source_id = ?1 OR jid IN (SELECT jid FROM job_sources WHERE source_id = ?1))
            """
        // A job can hold the placeholder only as an expected minion, when the log had its
        // publish event but lost its return line.
        let query = try database.prepare(
            """
            SELECT j.jid, j.master FROM (\(runnerJobs)) j
            WHERE EXISTS (SELECT 1 FROM returns r WHERE r.jid = j.jid AND r.minion = ?2)
               OR EXISTS (SELECT 1 FROM expected_minion_rows e WHERE e.jid = j.jid AND e.minion = ?2)
            """
        )
        try query.bind(sourceID, at: 1)
        try query.bind(placeholder, at: 2)
        var moves: [(jid: String, master: String)] = []
        while try query.step() {
            if let jid = query.string(at: 0), let master = query.string(at: 1) {
                moves.append((jid, master))
            }
        }
        guard !moves.isEmpty else { return }

        try database.inTransaction {
            for move in moves {
                try rename(jid: move.jid, to: move.master, placeholder: placeholder, in: database)
            }
        }
    }

    private static func rename(jid: String, to master: String, placeholder: String, in database: Database) throws {
        // Where the real return exists, the placeholder's source joins its provenance and the
        // placeholder row goes; otherwise the row itself is renamed.
        let statements = [
            """
            INSERT OR IGNORE INTO return_sources (jid, minion, source_id)
            SELECT jid, ?2, source_id FROM returns
            WHERE jid = ?1 AND minion = ?3 AND EXISTS (SELECT 1 FROM returns WHERE jid = ?1 AND minion = ?2)
            """,
            """
            DELETE FROM returns
            WHERE jid = ?1 AND minion = ?3 AND EXISTS (SELECT 1 FROM returns WHERE jid = ?1 AND minion = ?2)
            """,
            "UPDATE returns SET minion = ?2 WHERE jid = ?1 AND minion = ?3",
            "UPDATE OR IGNORE return_sources SET minion = ?2 WHERE jid = ?1 AND minion = ?3",
            "DELETE FROM return_sources WHERE jid = ?1 AND minion = ?3",
            "UPDATE OR IGNORE expected_minion_rows SET minion = ?2 WHERE jid = ?1 AND minion = ?3",
            "DELETE FROM expected_minion_rows WHERE jid = ?1 AND minion = ?3",
        ]
        for sql in statements {
            let statement = try database.prepare(sql)
            try statement.bind(jid, at: 1)
            try statement.bind(master, at: 2)
            try statement.bind(placeholder, at: 3)
            try statement.run()
        }
    }
}
