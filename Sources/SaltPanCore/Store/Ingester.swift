/// Settings for one `saltpan ingest` run.
public struct IngestOptions: Sendable {
    /// The product every return of these inputs belongs to, when the data names none.
    public var product: String?
    /// Seconds east of UTC of the master's clock, for times read from jids and `endtime` files.
    public var masterUTCOffset = 0
    /// Records per committed transaction.
    ///
    /// A commit writes every page the batch changed to the write-ahead log, and inserts in
    /// random jid order spread over many index pages, so larger batches write each page fewer
    /// times. On one million small returns from a job cache archive, on two cores, batches of
    /// 2,000 or 20,000 records took about 13 s and batches of 100,000 about 11 s. Event logs,
    /// whose jids arrive in order, did not change. An interrupted ingest loses at most one
    /// batch, which the next run of the same input writes again.
    public var batchSize = 100_000
    /// Read an input again even when a source with the same content was ingested completely.
    public var reread = false
    /// The export format of every input, when detection by content cannot decide.
    public var inputFormat: ExportFormat?
    /// The jid of exports that hold one job's results without naming it.
    public var jid: String?
    /// Seconds east of UTC of saltshaker's local `YYYY-MM-DD hh:mm:ss` stamps.
    public var stampUTCOffset = 0
    /// True when `masterUTCOffset` was given by the user rather than left at its default, so an
    /// offset learned from publish events does not override it.
    public var masterUTCOffsetIsGiven = false
    /// The master's id, under which runner returns from event logs are stored.
    public var masterID: String?
    /// For crash tests only: the process kills itself with SIGKILL after writing this many
    /// records, so a test can stop an ingest at an exact point instead of after a sleep.
    public var testKillAfterRecords: Int?

    public init() {}
}

/// The result of ingesting one input: counts, problems and status.
public struct SourceReport: Sendable {
    public var path: String
    public var kind: String?
    public var counts = IngestCounts()
    public var problems: [IngestProblem] = []
    public var status: SourceStatus?
    /// True when the input had been ingested completely before and was not read again.
    public var skippedAsKnown = false
    /// When the earlier ingest of a skipped input happened.
    public var knownSince: String?
    /// For event logs: lines, events, corrupt lines and tags read.
    public var eventStatistics: EventStatistics?
    /// The master's clock offset learned from publish events (`_stamp` against the jid).
    public var learnedMasterUTCOffset: Int?
}

/// Reads inputs and stores what they hold, one input at a time.
///
/// Problems in an input never stop the run: they are recorded in the `problems` table and in the
/// report, and the rest of the input is still read. Only a failure of the database itself
/// (disk full, a lock held too long) is thrown.
public final class Ingester {
    let store: Store
    let options: IngestOptions
    let onProblem: (String, IngestProblem) -> Void
    /// Called after each job with the input path and the counts so far, for progress displays.
    public var onProgress: ((String, IngestCounts) -> Void)?

    /// The maximum estimated size of the records queued between the reader and the writer thread.
    ///
    /// The records each thread is working on come on top. A limit by record count alone let an
    /// event log of 230 KB state runs take 618 MB, and a job cache archive of them 1.3 GB.
    static let pipelineByteLimit = 16 << 20

    /// - Parameters:
    ///   - store: The database to write to.
    ///   - options: Settings for every input of the run.
    ///   - onProblem: Called with the input path and each problem as it is found, so a command
    ///     can print it at once.
    public init(
        store: Store,
        options: IngestOptions,
        onProblem: @escaping (String, IngestProblem) -> Void = { _, _ in }
    ) {
        self.store = store
        self.options = options
        self.onProblem = onProblem
    }

    /// Ingests the input at `path`.
    public func ingest(path: String) throws -> SourceReport {
        var report = SourceReport(path: path)
        let input: OpenedInput
        do {
            input = try InputOpener.open(path: path, format: options.inputFormat, jidIsGiven: options.jid != nil)
        } catch {
            report.problems.append(IngestProblem(.error, message: "\(error)"))
            onProblem(path, report.problems[0])
            return report
        }
        report.kind = input.identity.kind

        let database = store.database
        if !options.reread, let stored = try SourceRegistry.find(input.identity, in: database),
            stored.status == .complete
        {
            report.skippedAsKnown = true
            report.knownSince = stored.firstIngestedAt
            report.status = .complete
            return report
        }

        let sourceID = try SourceRegistry.begin(input.identity, product: options.product, in: database)
        let writer = IngestWriter(
            database: database,
            sourceID: sourceID,
            product: options.product,
            batchSize: options.batchSize
        )
        writer.killAfterRecords = options.testKillAfterRecords
        do {
            switch input.content {
            case .jobCache:
                try readJobCache(input, into: writer, report: &report)
            case .export(let format, let isCompressed):
                try readExport(input, format: format, isCompressed: isCompressed, into: writer, report: &report)
            }
            if let repeated = writer.repeatedReturns.problem {
                try record(repeated, of: input, writer: writer, report: &report)
            }
            try writer.commit()
        } catch {
            writer.rollback()
            throw error
        }

        // A job is written once per record that describes it: a `new` and a `publish` event, or
        // the parts of a job folder that an archive stores apart. Count each job of the source
        // once, from the rows that name it as a source.
        writer.counts.knownJobs = try jobCount(ofSource: sourceID) - writer.counts.newJobs
        report.counts = writer.counts
        report.status = report.problems.contains { $0.severity == .error } ? .damaged : .complete
        // An event log read while another process stored a job cache can write runner returns
        // under the placeholder after that cache adopted its own, so every input adopts them.
        try MasterPlaceholder.adopt(sourceID: sourceID, in: database)
        if case .jobCache = input.content {
            try recordGivenMasterOffset(sourceID: sourceID)
        }
        try database.inTransaction {
            try SourceRegistry.finish(sourceID, status: report.status ?? .damaged, in: database)
            try ProductMap.applyStoredRules(in: database, sourceID: sourceID)
        }
        return report
    }

    /// Counts the jobs `sourceID` reported: those it stored first and those it added to.
    private func jobCount(ofSource sourceID: Int64) throws -> Int {
        let query = try store.database.prepare(
            """
            SELECT (SELECT count(*) FROM jobs WHERE source_id = ?1)
                   + (SELECT count(*) FROM job_sources WHERE source_id = ?1)
            """
        )
        try query.bind(sourceID, at: 1)
        return try query.step() ? Int(query.int64(at: 0)) : 0
    }

    /// Records `problem` in the report, the database and through `onProblem`.
    func record(
        _ problem: IngestProblem,
        of input: OpenedInput,
        writer: IngestWriter,
        report: inout SourceReport
    ) throws {
        report.problems.append(problem)
        onProblem(input.identity.path, problem)
        try writer.record(problem, inputPath: input.identity.path)
    }
}

@available(*, unavailable)
extension Ingester: Sendable {}
