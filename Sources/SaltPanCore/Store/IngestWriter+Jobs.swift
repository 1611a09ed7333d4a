extension IngestWriter {
    /// Writes a job and its expected minions; returns true when the job was not stored before.
    ///
    /// When the jid is stored already, the records merge, so that their order does not change
    /// the row:
    /// - the expected minions are the union of every source's list;
    /// - the load fields (function, arguments, target, user, kind, load, …) come from the record
    ///   with the most `LoadDetail`, and a field it lacks comes from the others. Between records
    ///   of equal detail the first stays. When the job's function becomes known, its returns are
    ///   judged again;
    /// - a publish event's `_stamp` replaces a start time read from the jid, because `_stamp`
    ///   is UTC whatever the master's clock was;
    /// - a different job (another function or other arguments) under the same jid, from another
    ///   source or the same one, is a jid collision: the stored fields stay, this record's go to
    ///   `job_loads`, and the job is marked;
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
        try insert.bind(startTime, at: 2)
        try insert.bind(basis?.rawValue, at: 3)
        try bindLoadFields(of: job, to: insert, from: 4)
        try bindJSON(job.metadata, to: insert, at: 9)
        try insert.bind(job.kind.rawValue, at: 10)
        try insert.bind(job.schedule, at: 11)
        try insert.bind(job.returner, at: 12)
        try insert.bind(job.endTime, at: 13)
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

    /// Binds the job's function, arguments, target, target type and user, the fields that
    /// `job_loads` keeps for each source, to the five parameters from `first` on, in that order.
    func bindLoadFields(of job: JobRecord, to statement: Statement, from first: Int32) throws {
        try statement.bind(job.function, at: first)
        try bindJSON(job.arguments, to: statement, at: first + 1)
        try bindJSON(job.target, to: statement, at: first + 2)
        try statement.bind(job.targetType, at: first + 3)
        try statement.bind(job.user, at: first + 4)
    }
}
