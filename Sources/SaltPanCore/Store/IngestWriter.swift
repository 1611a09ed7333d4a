/// Writes jobs, returns and problems of one source into the store, in batched transactions.
///
/// Writing is idempotent: a job or return that is already stored keeps its row, and the source
/// is only added to its provenance. A job stored earlier without a load (from a folder holding
/// only a `jid` file, or returns seen before their job) takes the load when a source brings it.
/// Work is committed every `batchSize` records, so an interrupted ingest keeps whole batches and
/// the next run of the same input completes the rest.
final class IngestWriter {
    private let database: Database
    private let sourceID: Int64
    private let product: String?
    private let batchSize: Int
    private var pendingRecords = 0
    private var inTransaction = false
    private var jsonBuffer: [UInt8] = []
    private(set) var counts = IngestCounts()

    init(database: Database, sourceID: Int64, product: String?, batchSize: Int = 2_000) {
        self.database = database
        self.sourceID = sourceID
        self.product = product
        self.batchSize = batchSize
    }

    /// Writes a job and its expected minions; returns true when the job was not stored before.
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
        if let minions = job.expectedMinions {
            try writeExpectedMinions(minions, jid: job.jid)
        }
        try countRecord()
        return isNew
    }

    /// Writes a return of a job running `function`; returns true when it was not stored before.
    @discardableResult
    func write(_ record: ReturnRecord, function: String?) throws -> Bool {
        try beginBatchIfNeeded()
        let verdict = OutcomeRule.verdict(
            function: function,
            retcode: record.retcode,
            success: record.success,
            value: record.value
        )

        let insert = try database.cachedStatement(
            """
            INSERT INTO returns (jid, minion, product, retcode, success, return, return_form, outputter,
                                 outcome, cause, outcome_is_weak, exit_success, source_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (jid, minion) DO NOTHING
            """
        )
        try insert.bind(record.jid, at: 1)
        try insert.bind(record.minion, at: 2)
        try insert.bind(record.product ?? product, at: 3)
        try insert.bind(record.retcode, at: 4)
        try insert.bind(record.success, at: 5)
        if let value = record.value {
            jsonBuffer.removeAll(keepingCapacity: true)
            JSONWriter.lossless.write(value, to: &jsonBuffer)
            try insert.bindText(bytes: jsonBuffer, at: 6)
        } else {
            try insert.bindNull(at: 6)
        }
        try insert.bind(record.form.rawValue, at: 7)
        try insert.bind(record.outputter, at: 8)
        try insert.bind(verdict.outcome.rawValue, at: 9)
        try insert.bind(verdict.cause, at: 10)
        try insert.bind(verdict.isWeak, at: 11)
        try insert.bind(OutcomeRule.exitSuccess(record.value), at: 12)
        try insert.bind(sourceID, at: 13)
        try insert.run()

        let isNew = database.changes == 1
        if isNew {
            counts.newReturns += 1
        } else {
            counts.knownReturns += 1
            try addProvenance(jid: record.jid, minion: record.minion)
        }
        try countRecord()
        return isNew
    }

    /// Records a problem of this source.
    func record(_ problem: IngestProblem, inputPath: String) throws {
        try beginBatchIfNeeded()
        let insert = try database.cachedStatement(
            """
            INSERT INTO problems (source_id, input_path, entry, offset, severity, message, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            """
        )
        try insert.bind(sourceID, at: 1)
        try insert.bind(inputPath, at: 2)
        try insert.bind(problem.entry, at: 3)
        try insert.bind(problem.offset, at: 4)
        try insert.bind(problem.severity.rawValue, at: 5)
        try insert.bind(problem.message, at: 6)
        try insert.run()
        switch problem.severity {
        case .error: counts.errors += 1
        case .warning: counts.warnings += 1
        }
    }

    /// Commits the open batch.
    func commit() throws {
        guard inTransaction else { return }
        try database.execute("COMMIT")
        inTransaction = false
        pendingRecords = 0
    }

    /// Rolls back the open batch, for use when the ingest stops on an error.
    func rollback() {
        guard inTransaction else { return }
        try? database.execute("ROLLBACK")
        inTransaction = false
        pendingRecords = 0
    }

    // MARK: - Steps

    private func beginBatchIfNeeded() throws {
        guard !inTransaction else { return }
        try database.execute("BEGIN IMMEDIATE")
        inTransaction = true
    }

    private func countRecord() throws {
        pendingRecords += 1
        if pendingRecords >= batchSize {
            try commit()
        }
    }

    private func insertJob(_ job: JobRecord) throws -> Bool {
        let insert = try database.cachedStatement(
            """
            INSERT INTO jobs (jid, start_time, start_time_basis, function, arguments, target, target_type, user,
                              metadata, kind, schedule, returner, end_time, nocache, has_expected_minions, load,
                              batch, source_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (jid) DO NOTHING
            """
        )
        try insert.bind(job.jid, at: 1)
        try insert.bind(job.startTime?.iso8601(), at: 2)
        try insert.bind(job.startTimeBasis?.rawValue, at: 3)
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
        try insert.run()
        return database.changes == 1
    }

    /// Completes a stored job with what this source adds: the load when the stored row has
    /// none, a later end time, the expected-minion flag, and this source in its provenance.
    private func mergeJob(_ job: JobRecord) throws {
        if job.load != nil {
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

        let update = try database.cachedStatement(
            """
            UPDATE jobs SET end_time = CASE WHEN end_time IS NULL OR ?1 > end_time THEN ?1 ELSE end_time END,
                            nocache = nocache OR ?2,
                            has_expected_minions = has_expected_minions OR ?3,
                            batch = coalesce(batch, ?4)
            WHERE jid = ?5 AND ((?1 IS NOT NULL AND (end_time IS NULL OR ?1 > end_time))
                                OR (?2 AND NOT nocache) OR (?3 AND NOT has_expected_minions)
                                OR (batch IS NULL AND ?4 IS NOT NULL))
            """
        )
        try update.bind(job.endTime?.iso8601(), at: 1)
        try update.bind(job.nocache, at: 2)
        try update.bind(job.expectedMinions != nil, at: 3)
        try bindJSON(job.batch, to: update, at: 4)
        try update.bind(job.jid, at: 5)
        try update.run()

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

    private func writeExpectedMinions(_ minions: [String], jid: String) throws {
        let insert = try database.cachedStatement(
            "INSERT OR IGNORE INTO expected_minions (jid, minion) VALUES (?, ?)"
        )
        for minion in minions {
            try insert.bind(jid, at: 1)
            try insert.bind(minion, at: 2)
            try insert.run()
        }
    }

    private func addProvenance(jid: String, minion: String) throws {
        let insert = try database.cachedStatement(
            """
            INSERT OR IGNORE INTO return_sources (jid, minion, source_id)
            SELECT jid, minion, ?1 FROM returns WHERE jid = ?2 AND minion = ?3 AND source_id != ?1
            """
        )
        try insert.bind(sourceID, at: 1)
        try insert.bind(jid, at: 2)
        try insert.bind(minion, at: 3)
        try insert.run()
    }

    private func bindJSON(_ value: Value?, to statement: Statement, at index: Int32) throws {
        guard let value else {
            try statement.bindNull(at: index)
            return
        }
        jsonBuffer.removeAll(keepingCapacity: true)
        JSONWriter.lossless.write(value, to: &jsonBuffer)
        try statement.bindText(bytes: jsonBuffer, at: index)
    }
}

/// What an ingest stored, and what it found already stored.
public struct IngestCounts: Sendable, Equatable {
    public var newJobs = 0
    public var knownJobs = 0
    public var newReturns = 0
    public var knownReturns = 0
    public var errors = 0
    public var warnings = 0

    public init() {}

    public static func += (lhs: inout IngestCounts, rhs: IngestCounts) {
        lhs.newJobs += rhs.newJobs
        lhs.knownJobs += rhs.knownJobs
        lhs.newReturns += rhs.newReturns
        lhs.knownReturns += rhs.knownReturns
        lhs.errors += rhs.errors
        lhs.warnings += rhs.warnings
    }
}

extension JSONWriter {
    /// The writer for values the store keeps.
    static let lossless = JSONWriter(dialect: .lossless)
}

@available(*, unavailable)
extension IngestWriter: Sendable {}
