extension IngestWriter {
    /// The fields of a stored job that a merge compares with a record of the same jid.
    struct StoredLoadFields {
        var function: String?
        /// The arguments as stored JSON text, or nil when they are absent or not comparable (see
        /// `storedLoadFields(of:)`).
        var arguments: String?
        var detail: LoadDetail
    }

    /// Merges a record of a jid that is stored already, by the rules listed on `write(_:)`.
    func mergeJob(_ job: JobRecord) throws {
        if let stored = try storedLoadFields(of: job.jid) {
            if isCollision(job, with: stored) {
                try recordCollision(job)
            } else {
                try fillLoadFields(job, over: stored)
            }
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

    /// Reads the stored job's function, arguments and detail.
    ///
    /// Arguments stored without a load beside a batch state may be the batch state's `arg`, which
    /// Salt 3008 keeps apart from the keyword arguments that a load's `arg` carries, so they are
    /// not compared.
    private func storedLoadFields(of jid: String) throws -> StoredLoadFields? {
        let query = try database.cachedStatement(
            """
            SELECT function, CASE WHEN load IS NOT NULL OR batch IS NULL THEN arguments END, load IS NOT NULL, kind
            FROM jobs WHERE jid = ?
            """
        )
        try query.bind(jid, at: 1)
        defer { query.reset() }
        guard try query.step() else { return nil }
        return StoredLoadFields(
            function: query.string(at: 0),
            arguments: query.string(at: 1),
            detail: LoadDetail(hasLoad: query.int64(at: 2) != 0, kind: query.string(at: 3).flatMap(JobKind.init))
        )
    }

    /// Returns true when the record and the stored job both describe a job, and their functions
    /// or arguments differ.
    ///
    /// Only what both carry is compared, because a `new` event or a job listing has no `cmd` or
    /// `kwargs`, and a job made up for a return has no load at all. A batch event's arguments are
    /// not compared, for the reason given on `storedLoadFields(of:)`. Targets are not compared
    /// either: Salt 3008 batch runs publish each sub-batch under the same jid with its own target
    /// list.
    private func isCollision(_ job: JobRecord, with stored: StoredLoadFields) -> Bool {
        guard stored.detail >= .fields, LoadDetail(of: job) >= .fields else { return false }
        if let function = job.function, let storedFunction = stored.function, function != storedFunction {
            return true
        }

        let hasComparableArguments = job.load != nil || job.batch == nil
        guard hasComparableArguments, let arguments = job.arguments, let storedArguments = stored.arguments else {
            return false
        }
        encode(arguments)
        return !jsonBuffer.elementsEqual(storedArguments.utf8)
    }

    /// Keeps the record's load in `job_loads` and marks the job as a jid collision.
    private func recordCollision(_ job: JobRecord) throws {
        let keep = try database.cachedStatement(
            """
            INSERT OR REPLACE INTO job_loads (jid, source_id, function, arguments, target, target_type, user, load)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """
        )
        try keep.bind(job.jid, at: 1)
        try keep.bind(sourceID, at: 2)
        try bindLoadFields(of: job, to: keep, from: 3)
        try bindJSON(job.load, to: keep, at: 8)
        try keep.run()

        let mark = try database.cachedStatement("UPDATE jobs SET has_collision = 1 WHERE jid = ?")
        try mark.bind(job.jid, at: 1)
        try mark.run()
        counts.collisions += 1
    }

    /// Sets the load fields of the stored job from the record: every field the record has when
    /// it carries more detail than the stored job, otherwise only the fields the job lacks.
    ///
    /// Either order of two records then gives the same row. A row that would not change is not
    /// written, because the index `jobs_summary` is rewritten with every update of the row. The
    /// returns are judged again when the job's function becomes known, because the outcome rule
    /// depends on it.
    ///
    /// NOTE: between records of equal detail the first keeps its fields. So the order still
    /// decides between a job cache's load and a `publish` event's, which differ in `cmd`, `kwargs`
    /// and `_stamp`. It also decides between a batch event's whole target and a sub-batch's list.
    private func fillLoadFields(_ job: JobRecord, over stored: StoredLoadFields) throws {
        let fill = try database.cachedStatement(
            """
            UPDATE jobs SET function = CASE WHEN ?1 THEN coalesce(?2, function) ELSE coalesce(function, ?2) END,
                            arguments = CASE WHEN ?1 THEN coalesce(?3, arguments) ELSE coalesce(arguments, ?3) END,
                            target = CASE WHEN ?1 THEN coalesce(?4, target) ELSE coalesce(target, ?4) END,
                            target_type = CASE WHEN ?1 THEN coalesce(?5, target_type) ELSE coalesce(target_type, ?5) END,
                            user = CASE WHEN ?1 THEN coalesce(?6, user) ELSE coalesce(user, ?6) END,
                            metadata = CASE WHEN ?1 THEN coalesce(?7, metadata) ELSE coalesce(metadata, ?7) END,
                            schedule = CASE WHEN ?1 THEN coalesce(?8, schedule) ELSE coalesce(schedule, ?8) END,
                            returner = CASE WHEN ?1 THEN coalesce(?9, returner) ELSE coalesce(returner, ?9) END,
                            load = CASE WHEN ?1 THEN coalesce(?10, load) ELSE coalesce(load, ?10) END,
                            kind = CASE WHEN ?11 = 'unknown' THEN kind WHEN ?1 OR kind = 'unknown' THEN ?11
                                        ELSE kind END
            WHERE jid = ?12
              AND (?1 OR (function IS NULL AND ?2 IS NOT NULL) OR (arguments IS NULL AND ?3 IS NOT NULL)
                   OR (target IS NULL AND ?4 IS NOT NULL) OR (target_type IS NULL AND ?5 IS NOT NULL)
                   OR (user IS NULL AND ?6 IS NOT NULL) OR (metadata IS NULL AND ?7 IS NOT NULL)
                   OR (schedule IS NULL AND ?8 IS NOT NULL) OR (returner IS NULL AND ?9 IS NOT NULL)
                   OR (load IS NULL AND ?10 IS NOT NULL) OR (kind = 'unknown' AND ?11 != 'unknown'))
            """
        )
        try fill.bind(LoadDetail(of: job) > stored.detail, at: 1)
        try bindLoadFields(of: job, to: fill, from: 2)
        try bindJSON(job.metadata, to: fill, at: 7)
        try fill.bind(job.schedule, at: 8)
        try fill.bind(job.returner, at: 9)
        try bindJSON(job.load, to: fill, at: 10)
        try fill.bind(job.kind.rawValue, at: 11)
        try fill.bind(job.jid, at: 12)
        try fill.run()

        if stored.function == nil, job.function != nil {
            try OutcomeUpdater.update(jid: job.jid, in: database)
        }
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
        try update.bind(job.endTime, at: 1)
        try update.bind(job.nocache, at: 2)
        try update.bind(job.expectedMinions != nil, at: 3)
        try bindJSON(job.batch, to: update, at: 4)
        try update.bind(job.jid, at: 5)
        try update.bind(job.publishStamp, at: 6)
        try update.run()
    }
}
