extension IngestWriter {
    /// Writes a job and its expected minions; returns true when the job was not stored before.
    ///
    /// When the jid is stored already, the records merge:
    /// - the expected minions are the union of every source's list;
    /// - a stored job without a load takes this one's, and its returns are judged again;
    /// - a publish event's `_stamp` replaces a start time read from the jid, because `_stamp`
    ///   is UTC whatever the master's clock was;
    /// - a different load (another function or other arguments) under the same jid is a jid
    ///   collision: both loads are kept, this one in `job_loads`, and the job is marked;
    /// - the latest end time and every source are kept.
    ///
    /// `writeExpectedMinions(of:isNew:)` describes when expected minions are stored as rows.
    @discardableResult
    func write(_ job: JobRecord) throws -> Bool {
        try beginBatchIfNeeded()
        let isNew = try insertJob(job)
        if isNew {
            counts.newJobs += 1
        } else {
            counts.knownJobs += 1
            try mergeJob(job)
        }
        try writeExpectedMinions(of: job, isNew: isNew)
        try countRecord()
        return isNew
    }

    /// Inserts a job that is not stored yet, with `jobs.expected_are_returned` set when it has
    /// expected minions: they wait for their returns in memory.
    private func insertJob(_ job: JobRecord) throws -> Bool {
        let insert = try database.cachedStatement(
            """
            INSERT INTO jobs (jid, start_time, start_time_basis, function, arguments, target, target_type, user,
                              metadata, kind, schedule, returner, end_time, nocache, has_expected_minions, load,
                              batch, source_id, is_synthetic_jid, expected_are_returned)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (jid) DO NOTHING
            """
        )
        let (startTime, basis) = startTime(of: job)
        try insert.bind(job.jid, at: 1)
        try insert.bind(startTime?.iso8601(), at: 2)
        try insert.bind(basis?.rawValue, at: 3)
        try insert.bind(job.function, at: 4)
        try bindJSON(job.arguments, to: insert, at: 5)
        try bindJSON(job.target, to: insert, at: 6)
        try insert.bind(job.targetType, at: 7)
        try insert.bind(job.user, at: 8)
        try bindJSON(job.metadata, to: insert, at: 9)
        try insert.bind(job.kind.rawValue, at: 10)
        try insert.bind(job.schedule, at: 11)
        try insert.bind(job.returner, at: 12)
        try insert.bind(job.endTime?.iso8601(), at: 13)
        try insert.bind(job.nocache, at: 14)
        try insert.bind(job.expectedMinions != nil, at: 15)
        try bindJSON(job.load, to: insert, at: 16)
        try bindJSON(job.batch, to: insert, at: 17)
        try insert.bind(sourceID, at: 18)
        try insert.bind(job.isSyntheticJid, at: 19)
        try insert.bind(job.expectedMinions != nil, at: 20)
        try insert.run()
        return database.changes == 1
    }

    /// The publish event's `_stamp` when the record has one, otherwise the time read from the jid.
    private func startTime(of job: JobRecord) -> (Timestamp?, StartTimeBasis?) {
        if let stamp = job.publishStamp {
            return (stamp, .stamp)
        }
        return (job.startTime, job.startTime == nil ? nil : job.startTimeBasis ?? .jid)
    }

    private func mergeJob(_ job: JobRecord) throws {
        if job.load != nil {
            try fillMissingLoad(job)
            try checkCollision(job)
        }
        try updateTimesAndFlags(job)

        let provenance = try database.cachedStatement(
            """
            INSERT OR IGNORE INTO job_sources (jid, source_id)
            SELECT jid, ?1 FROM jobs WHERE jid = ?2 AND source_id != ?1
            """
        )
        try provenance.bind(sourceID, at: 1)
        try provenance.bind(job.jid, at: 2)
        try provenance.run()
    }

    private func fillMissingLoad(_ job: JobRecord) throws {
        let fill = try database.cachedStatement(
            """
            UPDATE jobs SET function = ?, arguments = ?, target = ?, target_type = ?, user = ?, metadata = ?,
                            kind = ?, schedule = ?, returner = ?, load = ?
            WHERE jid = ? AND load IS NULL
            """
        )
        try fill.bind(job.function, at: 1)
        try bindJSON(job.arguments, to: fill, at: 2)
        try bindJSON(job.target, to: fill, at: 3)
        try fill.bind(job.targetType, at: 4)
        try fill.bind(job.user, at: 5)
        try bindJSON(job.metadata, to: fill, at: 6)
        try fill.bind(job.kind.rawValue, at: 7)
        try fill.bind(job.schedule, at: 8)
        try fill.bind(job.returner, at: 9)
        try bindJSON(job.load, to: fill, at: 10)
        try fill.bind(job.jid, at: 11)
        try fill.run()
        if database.changes == 1 {
            try OutcomeUpdater.update(jid: job.jid, in: database)
        }
    }

    /// Marks a jid collision when this load runs another function or other arguments.
    ///
    /// Targets are not compared: Salt 3008 batch runs publish each sub-batch under the same jid
    /// with its own target list.
    private func checkCollision(_ job: JobRecord) throws {
        let stored = try database.cachedStatement(
            "SELECT function, arguments, source_id FROM jobs WHERE jid = ? AND load IS NOT NULL"
        )
        try stored.bind(job.jid, at: 1)
        guard try stored.step() else { return }
        let storedFunction = stored.string(at: 0)
        let storedArguments = stored.string(at: 1)
        let storedSource = stored.int64(at: 2)
        stored.reset()

        encode(job.arguments ?? .null)
        let arguments = job.arguments == nil ? nil : String(decoding: jsonBuffer, as: UTF8.self)
        let sameArguments = arguments == nil || storedArguments == nil || arguments == storedArguments
        guard storedSource != sourceID, storedFunction != job.function || !sameArguments else { return }

        let keep = try database.cachedStatement(
            """
            INSERT OR REPLACE INTO job_loads (jid, source_id, function, arguments, target, target_type, user, load)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """
        )
        try keep.bind(job.jid, at: 1)
        try keep.bind(sourceID, at: 2)
        try keep.bind(job.function, at: 3)
        try bindJSON(job.arguments, to: keep, at: 4)
        try bindJSON(job.target, to: keep, at: 5)
        try keep.bind(job.targetType, at: 6)
        try keep.bind(job.user, at: 7)
        try bindJSON(job.load, to: keep, at: 8)
        try keep.run()

        let mark = try database.cachedStatement("UPDATE jobs SET has_collision = 1 WHERE jid = ?")
        try mark.bind(job.jid, at: 1)
        try mark.run()
        counts.collisions += 1
    }

    private func updateTimesAndFlags(_ job: JobRecord) throws {
        let update = try database.cachedStatement(
            """
            UPDATE jobs SET end_time = CASE WHEN end_time IS NULL OR ?1 > end_time THEN ?1 ELSE end_time END,
                            nocache = nocache OR ?2,
                            has_expected_minions = has_expected_minions OR ?3,
                            batch = coalesce(batch, ?4),
                            start_time = CASE WHEN ?6 IS NOT NULL AND start_time_basis IS NOT 'stamp' THEN ?6
                                              ELSE start_time END,
                            start_time_basis = CASE WHEN ?6 IS NOT NULL THEN 'stamp' ELSE start_time_basis END
            WHERE jid = ?5 AND ((?1 IS NOT NULL AND (end_time IS NULL OR ?1 > end_time))
                                OR (?2 AND NOT nocache) OR (?3 AND NOT has_expected_minions)
                                OR (batch IS NULL AND ?4 IS NOT NULL)
                                OR (?6 IS NOT NULL AND start_time_basis IS NOT 'stamp'))
            """
        )
        try update.bind(job.endTime?.iso8601(), at: 1)
        try update.bind(job.nocache, at: 2)
        try update.bind(job.expectedMinions != nil, at: 3)
        try bindJSON(job.batch, to: update, at: 4)
        try update.bind(job.jid, at: 5)
        try update.bind(job.publishStamp?.iso8601(), at: 6)
        try update.run()
    }
}
