extension IngestWriter {
    /// Stores the expected minions of `job`, which was just inserted (`isNew`) or merged into
    /// a stored job.
    ///
    /// `expectedAreReturned` is the caller's promise that the returns it writes next are exactly
    /// one for each expected minion, as a job cache folder shows them. Under that promise no
    /// rows are stored. A new job was inserted with `jobs.expected_are_returned`. A stored job
    /// with the flag keeps it: its returned minions equal its expected ones, and so do the ones
    /// this record adds. The job stays open until its returns have come, and no batch is
    /// committed before then. Otherwise the minions are stored as rows of
    /// `expected_minion_rows`, after the flag of a stored job is turned into rows.
    func writeExpectedMinions(of job: JobRecord, isNew: Bool, expectedAreReturned: Bool) throws {
        guard let minions = job.expectedMinions else {
            if isNew { unflaggedJids.insert(job.jid) }
            return
        }

        if expectedAreReturned, try isNew || hasReturnedFlag(jid: job.jid) {
            openJob = (BytewiseString(job.jid), Set(minions.map(BytewiseString.init)))
            unflaggedJids.remove(job.jid)
            return
        }
        if isNew {
            unflaggedJids.insert(job.jid)
        } else {
            try storeExpectedRowsIfReturned(jid: job.jid)
        }
        try insertExpectedRows(minions, jid: job.jid)
    }

    /// Marks the return of `minion` as come when the open job expects it, and returns whether
    /// it did.
    ///
    /// Ids are compared as bytes, as SQLite compares them; see `BytewiseString`.
    func takePromisedReturn(jid: String, minion: String) -> Bool {
        guard let open = openJob, open.jid == BytewiseString(jid) else { return false }
        return openJob?.pending.remove(BytewiseString(minion)) != nil
    }

    /// Ends the promise of the open job.
    ///
    /// Minions whose returns did not come are expected all the same, so the job's expected
    /// minions are then stored as rows, and the flag cleared.
    func closeOpenJob() throws {
        guard let job = openJob else { return }
        openJob = nil
        guard !job.pending.isEmpty else { return }

        unflaggedJids.remove(job.jid.text)
        try storeExpectedRowsIfReturned(jid: job.jid.text)
        try insertExpectedRows(job.pending.sorted(by: BytewiseString.precedes).map(\.text), jid: job.jid.text)
    }

    /// Stores the expected minions of a job with `jobs.expected_are_returned` as rows (its
    /// returned minions) and clears the flag, so that a return of another minion or another
    /// expected-minion list can join the job.
    ///
    /// Each job is looked up once a batch: its jid is remembered in `unflaggedJids`.
    func storeExpectedRowsIfReturned(jid: String) throws {
        guard !unflaggedJids.contains(jid) else { return }
        let clear = try database.cachedStatement(
            "UPDATE jobs SET expected_are_returned = 0 WHERE jid = ? AND expected_are_returned"
        )
        try clear.bind(jid, at: 1)
        try clear.run()
        if database.changes == 1 {
            let store = try database.cachedStatement(
                "INSERT OR IGNORE INTO expected_minion_rows (jid, minion) SELECT jid, minion FROM returns WHERE jid = ?"
            )
            try store.bind(jid, at: 1)
            try store.run()
        }
        unflaggedJids.insert(jid)
    }

    private func hasReturnedFlag(jid: String) throws -> Bool {
        let query = try database.cachedStatement("SELECT expected_are_returned FROM jobs WHERE jid = ?")
        try query.bind(jid, at: 1)
        defer { query.reset() }
        return try query.step() && query.int64(at: 0) != 0
    }

    private func insertExpectedRows(_ minions: [String], jid: String) throws {
        let insert = try database.cachedStatement(
            "INSERT OR IGNORE INTO expected_minion_rows (jid, minion) VALUES (?, ?)"
        )
        for minion in minions {
            try insert.bind(jid, at: 1)
            try insert.bind(minion, at: 2)
            try insert.run()
        }
    }
}
