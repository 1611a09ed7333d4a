#if canImport(Glibc)
import Glibc
#endif

/// Writes jobs, returns and problems of one source into the store, in batched transactions.
///
/// Writing is idempotent: a job or return that is already stored keeps its row, and the source
/// is added to its provenance. How records of several sources merge is described on
/// `write(_:)` for jobs and `write(_:function:)` for returns. Work is committed every `batchSize`
/// records, so an interrupted ingest keeps whole batches and the next run of the same input
/// completes the rest.
final class IngestWriter {
    let database: Database
    let sourceID: Int64
    /// The product given with `--product` for the whole source.
    let product: String?
    private let batchSize: Int
    private var pendingRecords = 0
    private var inTransaction = false
    /// Reused for every value written, so encoding allocates only when a value is larger than
    /// any before it.
    var jsonBuffer: [UInt8] = []
    var counts = IngestCounts()
    /// Returns that this source contains more than once with different facts.
    var repeatedReturns = RepeatedReturns()
    /// The expected minions of this batch's jobs that wait in memory for their returns.
    ///
    /// Keyed by jid. See `writeExpectedMinions(of:isNew:)`.
    var awaitedJobs: [BytewiseString: AwaitedMinions] = [:]
    /// The number of pending minions in `awaitedJobs`.
    var awaitedMinionCount = 0
    /// The maximum number of pending minions in `awaitedJobs`.
    ///
    /// Past it they are all stored as rows, which keeps memory flat when returns never come (an
    /// estimated 100 bytes a minion).
    var awaitedMinionLimit = 100_000
    /// Jids of this batch known to be stored without `jobs.expected_are_returned`, so that
    /// `storeExpectedRowsIfReturned(jid:)` looks each job up once a batch.
    var unflaggedJids: Set<String> = []
    /// Records written by this writer, for `killAfterRecords`.
    private var recordsWritten = 0
    /// See `IngestOptions.testKillAfterRecords`.
    var killAfterRecords: Int?

    init(database: Database, sourceID: Int64, product: String?, batchSize: Int = 100_000) {
        self.database = database
        self.sourceID = sourceID
        self.product = product
        self.batchSize = batchSize
    }

    /// Records a problem of this source.
    func record(_ problem: IngestProblem, inputPath: String) throws {
        try beginBatchIfNeeded()
        let insert = try database.cachedStatement(
            """
            INSERT INTO problems (source_id, input_path, entry, offset, line, severity, message, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            """
        )
        try insert.bind(sourceID, at: 1)
        try insert.bind(inputPath, at: 2)
        try insert.bind(problem.entry, at: 3)
        try insert.bind(problem.offset, at: 4)
        try insert.bind(problem.line.map { Int64($0) }, at: 5)
        try insert.bind(problem.severity.rawValue, at: 6)
        try insert.bind(problem.message, at: 7)
        try insert.run()
        switch problem.severity {
        case .error: counts.errors += 1
        case .warning: counts.warnings += 1
        }
    }

    /// Records Salt's own verdict from `salt-run jobs.exit_success` for one minion.
    func writeExitSuccess(jid: String, minion: String, value: Bool) throws {
        try beginBatchIfNeeded()
        let insert = try database.cachedStatement(
            """
            INSERT INTO exit_success_verdicts (jid, minion, source_id, value) VALUES (?, ?, ?, ?)
            ON CONFLICT (jid, minion, source_id) DO UPDATE SET value = excluded.value
            """
        )
        try insert.bind(jid, at: 1)
        try insert.bind(minion, at: 2)
        try insert.bind(sourceID, at: 3)
        try insert.bind(value, at: 4)
        try insert.run()
        try countRecord()
    }

    /// Commits the open batch.
    func commit() throws {
        guard inTransaction else { return }
        try closeAwaitedJobs()
        try database.execute("COMMIT")
        inTransaction = false
        pendingRecords = 0
        unflaggedJids.removeAll(keepingCapacity: true)
    }

    /// Rolls back the open batch, for use when the ingest stops on an error.
    func rollback() {
        guard inTransaction else { return }
        // A failed ROLLBACK means SQLite already ended the transaction.
        try? database.execute("ROLLBACK")
        inTransaction = false
        pendingRecords = 0
        awaitedJobs.removeAll(keepingCapacity: true)
        awaitedMinionCount = 0
        unflaggedJids.removeAll(keepingCapacity: true)
    }

    func beginBatchIfNeeded() throws {
        guard !inTransaction else { return }
        try database.execute("BEGIN IMMEDIATE")
        inTransaction = true
    }

    func countRecord() throws {
        recordsWritten += 1
        if recordsWritten == killAfterRecords {
            kill(getpid(), SIGKILL)
        }
        pendingRecords += 1
        if pendingRecords >= batchSize {
            try commit()
        }
    }

    /// Encodes `value` in the store's lossless JSON dialect into `jsonBuffer`.
    func encode(_ value: Value) {
        jsonBuffer.removeAll(keepingCapacity: true)
        JSONWriter.lossless.write(value, to: &jsonBuffer)
    }

    /// Runs `statement` with the return value of `record` bound at `index` as lossless JSON text,
    /// or NULL when it has none.
    ///
    /// The text is bound in place (`Statement.run(bindingTextInPlace:at:)`).
    func run(_ statement: Statement, bindingValueOf record: ReturnRecord, at index: Int32) throws {
        if let encoded = record.encodedValue {
            try statement.run(bindingTextInPlace: encoded.text, at: index)
        } else if let value = record.value {
            encode(value)
            try statement.run(bindingTextInPlace: jsonBuffer, at: index)
        } else {
            try statement.bindNull(at: index)
            try statement.run()
        }
    }

    /// Binds `value` as lossless JSON text, or NULL when it is nil.
    func bindJSON(_ value: Value?, to statement: Statement, at index: Int32) throws {
        guard let value else {
            try statement.bindNull(at: index)
            return
        }
        encode(value)
        try statement.bindText(bytes: jsonBuffer, at: index)
    }
}

/// Counts of what an ingest stored and of what it found already stored.
public struct IngestCounts: Sendable, Equatable {
    public var newJobs = 0
    public var knownJobs = 0
    public var newReturns = 0
    public var knownReturns = 0
    /// Returns whose sources disagree on the retcode, success or value.
    public var disagreements = 0
    /// Jobs whose jid another source used for a different load.
    public var collisions = 0
    public var errors = 0
    public var warnings = 0

    public init() {}
}

extension JSONWriter {
    /// The writer for values the store keeps.
    static let lossless = JSONWriter(dialect: .lossless)
}

@available(*, unavailable)
extension IngestWriter: Sendable {}
