extension IngestWriter {
    /// Stores the expected minions of `job`, which was just inserted (`isNew`) or merged into
    /// a stored job.
    ///
    /// A new job was inserted with `jobs.expected_are_returned`, and its expected minions wait in
    /// memory (`awaitedJobs`): a job cache folder contains the returns right after its load, and
    /// an event log a moment after the publish event. When all of them have come and no other, the
    /// job keeps the flag and no rows are stored. Before a batch commits, the minions of every
    /// job still waiting are stored as rows of `expected_minion_rows`, with the returned ones, and
    /// the flag cleared (`closeAwaitedJobs()`), so a committed flag is always true.
    ///
    /// A stored job with the flag waits in the same way for those of the minions that have not
    /// returned yet. Reading a source again, or a later copy of a cache, therefore keeps the flag
    /// of a job whose minions all returned. The minions of a stored job without the flag are
    /// stored as rows.
    func writeExpectedMinions(of job: JobRecord, isNew: Bool) throws {
        guard let minions = job.expectedMinions else {
            if isNew { unflaggedJids.insert(job.jid) }
            return
        }

        if isNew {
            try awaitReturns(of: minions, jid: job.jid)
        } else if try hasReturnedFlag(jid: job.jid) {
            let returned = Set(try returnedMinions(jid: job.jid).map(BytewiseString.init))
            try awaitReturns(of: minions.filter { !returned.contains(BytewiseString($0)) }, jid: job.jid)
        } else {
            try storeExpectedRowsIfReturned(jid: job.jid)
            try insertExpectedRows(minions, jid: job.jid)
        }
    }

    /// Marks the return of `minion` as come when an awaited job expects it, and returns whether
    /// it did.
    ///
    /// An awaited minion has no stored return: its return is stored through here, once. A job
    /// whose returns have all come is forgotten, with its flag true. Ids are compared as bytes,
    /// as SQLite compares them (`BytewiseString`).
    func takeAwaitedReturn(jid: String, minion: String) -> Bool {
        // Changed in place through the index: a copy of the set would copy every minion.
        guard let index = awaitedJobs.index(forKey: BytewiseString(jid)),
            awaitedJobs.values[index].remove(BytewiseString(minion))
        else {
            return false
        }
        awaitedMinionCount -= 1
        if awaitedJobs.values[index].isEmpty {
            awaitedJobs.remove(at: index)
        }
        return true
    }

    /// Stores the expected minions of every job still waiting for returns as rows, and clears
    /// their flags.
    ///
    /// Minions whose returns did not come are expected all the same. Called before every commit.
    func closeAwaitedJobs() throws {
        for jid in awaitedJobs.keys.sorted(by: BytewiseString.precedes) {
            try storeExpectedRowsIfReturned(jid: jid.text)
        }
    }

    /// Stores the expected minions of a job with `jobs.expected_are_returned` as rows and clears
    /// the flag, so that a return of another minion or another expected-minion list can join
    /// the job.
    ///
    /// The rows are the returned minions and, for an awaited job, the minions whose returns have
    /// not come. The job is then no longer awaited. Each job is looked up once a batch: its jid
    /// is remembered in `unflaggedJids`.
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
        if let pending = awaitedJobs.removeValue(forKey: BytewiseString(jid)) {
            awaitedMinionCount -= pending.count
            try insertExpectedRows(pending.minions.sorted(by: BytewiseString.precedes).map(\.text), jid: jid)
        }
        unflaggedJids.insert(jid)
    }

    /// Adds `minions`, none of which has a stored return, to the minions `jid` awaits.
    private func awaitReturns(of minions: [String], jid: String) throws {
        let key = BytewiseString(jid)
        unflaggedJids.remove(jid)
        // Taken out of the dictionary, so that adding to the set does not copy it.
        var pending = awaitedJobs.removeValue(forKey: key) ?? AwaitedMinions()
        let before = pending.count
        for minion in minions {
            pending.insert(BytewiseString(minion))
        }
        awaitedMinionCount += pending.count - before
        if !pending.isEmpty {
            awaitedJobs[key] = pending
        }

        if awaitedMinionCount > awaitedMinionLimit {
            try closeAwaitedJobs()
        }
    }

    /// Returns whether the stored job has `jobs.expected_are_returned`, as every awaited job has.
    private func hasReturnedFlag(jid: String) throws -> Bool {
        if awaitedJobs[BytewiseString(jid)] != nil { return true }
        let query = try database.cachedStatement("SELECT expected_are_returned FROM jobs WHERE jid = ?")
        try query.bind(jid, at: 1)
        defer { query.reset() }
        return try query.step() && query.int64(at: 0) != 0
    }

    private func returnedMinions(jid: String) throws -> [String] {
        let query = try database.cachedStatement("SELECT minion FROM returns WHERE jid = ?")
        try query.bind(jid, at: 1)
        defer { query.reset() }
        var minions: [String] = []
        while try query.step() {
            minions.append(query.string(at: 0) ?? "")
        }
        return minions
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
