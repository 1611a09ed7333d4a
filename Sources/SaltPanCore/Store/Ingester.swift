/// Settings for one `saltpan ingest` run.
public struct IngestOptions: Sendable {
    /// The product every return of these inputs belongs to, when the data names none.
    public var product: String?
    /// Seconds east of UTC of the master's clock, for times read from jids and `endtime` files.
    public var masterUTCOffset = 0
    /// Records per committed transaction.
    public var batchSize = 2_000
    /// Read an input again even when a source with the same content was ingested completely.
    public var reread = false
    /// For crash tests only: the process kills itself with SIGKILL after writing this many
    /// records, so a test can stop an ingest at an exact point instead of after a sleep.
    public var testKillAfterRecords: Int?

    public init() {}
}

/// What the ingest of one input did.
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
}

/// Reads inputs and stores what they hold, one input at a time.
///
/// Problems in an input never stop the run: they are recorded in the `problems` table and in the
/// report, and the rest of the input is still read. Only a failure of the database itself
/// (disk full, a lock held too long) is thrown.
public final class Ingester {
    private let store: Store
    private let options: IngestOptions
    private let onProblem: (String, IngestProblem) -> Void
    /// Called after each job with the input path and the counts so far, for progress displays.
    public var onProgress: ((String, IngestCounts) -> Void)?

    /// - Parameter onProblem: called with the input path and each problem as it is found, so a
    ///   command can print it at once.
    public init(store: Store, options: IngestOptions, onProblem: @escaping (String, IngestProblem) -> Void = { _, _ in }) {
        self.store = store
        self.options = options
        self.onProblem = onProblem
    }

    /// Ingests the input at `path`.
    public func ingest(path: String) throws -> SourceReport {
        var report = SourceReport(path: path)
        let input: OpenedInput
        do {
            input = try InputOpener.open(path: path)
        } catch {
            report.problems.append(IngestProblem(.error, message: "\(error)"))
            onProblem(path, report.problems[0])
            return report
        }
        report.kind = input.identity.kind

        let database = store.database
        if !options.reread, let stored = try SourceRegistry.find(input.identity, in: database), stored.status == .complete {
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
            try readJobCache(input, into: writer, report: &report)
            try writer.commit()
        } catch {
            writer.rollback()
            throw error
        }

        report.counts = writer.counts
        report.status = report.problems.contains { $0.severity == .error } ? .damaged : .complete
        try database.inTransaction {
            try SourceRegistry.finish(sourceID, status: report.status ?? .damaged, in: database)
            try ProductMap.applyStoredRules(in: database, sourceID: sourceID)
        }
        return report
    }

    private func readJobCache(_ input: OpenedInput, into writer: IngestWriter, report: inout SourceReport) throws {
        let parser = JobFolderParser(masterUTCOffset: options.masterUTCOffset)
        var reader = JobCacheReader(reader: input.reader)
        var orphans: [JobFolder] = []

        func record(_ problem: IngestProblem) throws {
            report.problems.append(problem)
            onProblem(input.identity.path, problem)
            try writer.record(problem, inputPath: input.identity.path)
        }

        try reader.forEachFolder(
            { folder in
                if !folder.files.contains(where: { $0.role == .jid }) {
                    orphans.append(folder)
                    return
                }
                try write(parser.parse(folder), to: writer, record: record)
                onProgress?(input.identity.path, writer.counts)
            },
            problem: record
        )

        try resolve(orphans, parser: parser, writer: writer, record: record)
        try reportStatistics(reader.statistics, input: input, record: record)
    }

    private func write(
        _ parsed: JobFolderParser.ParsedJob,
        to writer: IngestWriter,
        record: (IngestProblem) throws -> Void
    ) throws {
        for problem in parsed.problems {
            try record(problem)
        }
        guard let job = parsed.job else { return }
        try writer.write(job)
        for returned in parsed.returns {
            try writer.write(returned, function: job.function)
        }
    }

    /// Matches job folders that came without their `jid` file to jobs already stored.
    ///
    /// The folder name is the hex digest of the jid, so each stored jid is hashed (sha256, the
    /// default `hash_type`, and md5, the default up to Salt 2015.8) and compared; the jid is
    /// never derived from the folder name. A folder that matches no stored job is reported.
    private func resolve(
        _ orphans: [JobFolder],
        parser: JobFolderParser,
        writer: IngestWriter,
        record: (IngestProblem) throws -> Void
    ) throws {
        guard !orphans.isEmpty else { return }
        try writer.commit()
        let digests = Set(orphans.map { Ingester.folderDigest($0.path) })
        let matches = try storedJids(matching: digests)

        for folder in orphans {
            let digest = Ingester.folderDigest(folder.path)
            guard let (jid, function) = matches[digest] else {
                let message = "job folder has no 'jid' file and matches no stored job; its "
                    + "\(folder.files.count) files were skipped (ingest the archive that holds the whole folder)"
                try record(IngestProblem(.error, entry: folder.path, message: message))
                continue
            }
            var parsed = parser.parse(folder, jid: jid)
            if parsed.job?.function == nil {
                parsed.job?.function = function
            }
            try write(parsed, to: writer, record: record)
        }
    }

    private func storedJids(matching digests: Set<String>) throws -> [String: (String, String?)] {
        var matches: [String: (String, String?)] = [:]
        let query = try store.database.prepare("SELECT jid, function FROM jobs")
        while try query.step() {
            guard let jid = query.string(at: 0) else { continue }
            let bytes = Array(jid.utf8)
            for digest in [hexString(SHA256.hash(bytes)), hexString(MD5.hash(bytes))] where digests.contains(digest) {
                matches[digest] = (jid, query.string(at: 1))
            }
        }
        return matches
    }

    /// `jobs/c7/5871…` → `c75871…`: the two folder levels joined back into the digest.
    static func folderDigest(_ path: String) -> String {
        path.split(separator: "/").suffix(2).joined()
    }

    private func reportStatistics(
        _ statistics: JobCacheReader.Statistics,
        input: OpenedInput,
        record: (IngestProblem) throws -> Void
    ) throws {
        if statistics.jobFolders == 0 {
            let message = "no Salt job cache found: expected job folders such as jobs/<2 hex digits>/<hex digest>/ "
                + "holding a 'jid' file (read \(statistics.entries) entries)"
            try record(IngestProblem(.error, message: message))
        }
        if statistics.ignoredFiles > 0 {
            let first = statistics.firstIgnoredFile ?? ""
            let message = "\(statistics.ignoredFiles) files outside job folders were ignored (first: '\(first)')"
            try record(IngestProblem(.warning, message: message))
        }
    }
}

@available(*, unavailable)
extension Ingester: Sendable {}
