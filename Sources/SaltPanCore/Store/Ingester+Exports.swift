extension Ingester {
    /// Reads exported job JSON and writes the jobs and returns it contains.
    ///
    /// An event log is read line by line from the stream. Every other format is one document
    /// (or a few, for `salt` captures), read into one buffer and parsed once. A document that is
    /// not valid JSON, or lacks what its format needs (such as `--jid`), is reported with its
    /// line and column, and the records written before it are kept.
    func readExport(
        _ input: OpenedInput,
        format: ExportFormat,
        isCompressed: Bool,
        into writer: IngestWriter,
        report: inout SourceReport
    ) throws {
        let exportOptions = ExportOptions(
            jid: options.jid,
            stampUTCOffset: options.stampUTCOffset,
            masterUTCOffset: options.masterUTCOffset,
            inputSHA256: input.identity.sha256,
            masterID: try options.masterID ?? storedMasterID()
        )
        var sink = ExportSink(writer: writer, database: store.database)
        let path = input.identity.path

        do {
            if format == .events {
                // Lines are parsed on a second thread while this one writes to SQLite.
                let pipeline = RecordPipeline<ExportRecord>(
                    byteLimit: Self.pipelineByteLimit,
                    size: Self.estimatedSize
                )
                let reading = try pipeline.run(
                    produce: { emit in
                        let stream = try InputOpener.stream(path: path, isCompressed: isCompressed)
                        var reader = EventLineReader(stream: stream, options: exportOptions)
                        // Maps kept as the line's text are left to the writer while it keeps up.
                        reader.resolvesSourceTextNow = { pipeline.consumerIsBehind }
                        do {
                            return EventLogReading(statistics: try reader.read(emit: emit), failure: nil)
                        } catch let cancelled as RecordPipeline<ExportRecord>.Cancelled {
                            throw cancelled
                        } catch {
                            return EventLogReading(statistics: reader.statisticsSoFar, failure: "\(error)")
                        }
                    },
                    consume: { record in
                        try take(record, sink: &sink, input: input, writer: writer, report: &report)
                    }
                )
                report.eventStatistics = reading.statistics
                if let failure = reading.failure {
                    try record(IngestProblem(.error, message: failure), of: input, writer: writer, report: &report)
                }
            } else {
                let stream = try InputOpener.stream(
                    path: path,
                    isCompressed: isCompressed,
                    decompressedSizeLimit: InputOpener.documentSizeLimit
                )
                let size = isCompressed ? nil : input.identity.size
                let bytes = try InputOpener.readAll(stream, expectedSize: size)
                try ExportReader.read(format, bytes: bytes, options: exportOptions) { record in
                    try take(record, sink: &sink, input: input, writer: writer, report: &report)
                }
            }
        } catch let error as SQLiteError {
            throw error
        } catch {
            try record(IngestProblem(.error, message: "\(error)"), of: input, writer: writer, report: &report)
        }

        try writer.commit()
        try settleMasterOffset(sink.offsets, sourceID: writer.sourceID, report: &report)
    }

    /// Returns the master's id from the runner jobs already stored, when they name exactly one.
    ///
    /// Event logs do not name the master, but a job cache stores runner results under its id.
    /// Using the same id makes a runner's return from the events and from the cache one return.
    private func storedMasterID() throws -> String? {
        let query = try store.database.prepare(
            """
            SELECT DISTINCT json_extract(load, '$.id') FROM jobs
            WHERE kind = 'runner' AND json_valid(load) AND json_extract(load, '$.id') IS NOT NULL LIMIT 2
            """
        )
        var ids: [String] = []
        while try query.step() {
            if let id = query.string(at: 0) { ids.append(id) }
        }
        return ids.count == 1 ? ids[0] : nil
    }

    /// Returns an estimate of the memory a record of an event log takes, for the pipeline's
    /// limit: a fixed share for its strings and small values, the bytes of a return value kept
    /// as text, and the size of the values it carries decoded.
    ///
    /// Most large values of an event log travel as text. The returns of runners and wheel
    /// functions, returns without `fun`, and scheduled returns (whose data becomes the job's
    /// load) are decoded. Counting only the text let an event log of 1,500 runner returns of
    /// 225 KB each take 294 MB instead of 62 MB.
    static func estimatedSize(of record: ExportRecord) -> Int {
        switch record {
        case .returned(let returned):
            return 256 + (returned.encodedValue?.text.count ?? 0) + (returned.value?.estimatedMemorySize ?? 0)
        case .job(let job):
            // The arguments and metadata are members of the load when there is one.
            let load = job.load ?? job.arguments
            return 512 + (load?.estimatedMemorySize ?? 0)
        default:
            return 512
        }
    }

    private func take(
        _ exported: ExportRecord,
        sink: inout ExportSink,
        input: OpenedInput,
        writer: IngestWriter,
        report: inout SourceReport
    ) throws {
        switch exported {
        case .job(let job):
            try sink.write(job)
            onProgress?(input.identity.path, writer.counts)
        case .returned(let returned):
            try sink.write(returned, masterUTCOffset: options.masterUTCOffset)
        case .exitSuccess(let jid, let minion, let value):
            try writer.writeExitSuccess(jid: jid, minion: minion, value: value)
        case .problem(let problem):
            try record(problem, of: input, writer: writer, report: &report)
        }
    }

    /// Records the master's clock offset for the source.
    ///
    /// The offset is the one the user gave, or else the one publish events show. When the events
    /// show an offset the user did not give, start times this source read from jids are read
    /// again in that offset.
    private func settleMasterOffset(_ offsets: [Int: Int], sourceID: Int64, report: inout SourceReport) throws {
        let learned = offsets.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
        report.learnedMasterUTCOffset = learned
        let database = store.database

        let offset = options.masterUTCOffsetIsGiven ? options.masterUTCOffset : learned
        guard let offset else { return }
        let basis = options.masterUTCOffsetIsGiven ? "option" : "stamp"
        try database.inTransaction {
            let update = try database.prepare(
                "UPDATE sources SET master_utc_offset = ?, master_utc_offset_basis = ? WHERE id = ?"
            )
            try update.bind(offset, at: 1)
            try update.bind(basis, at: 2)
            try update.bind(sourceID, at: 3)
            try update.run()
            if offset != options.masterUTCOffset {
                try Ingester.rereadJidTimes(sourceID: sourceID, utcOffset: offset, in: database)
            }
        }
    }

    /// Reads the start times of a source's jobs from their jids again, in `utcOffset`.
    static func rereadJidTimes(sourceID: Int64, utcOffset: Int, in database: Database) throws {
        let query = try database.prepare("SELECT jid FROM jobs WHERE source_id = ? AND start_time_basis = 'jid'")
        try query.bind(sourceID, at: 1)
        let update = try database.prepare("UPDATE jobs SET start_time = ? WHERE jid = ?")
        while try query.step() {
            guard let jid = query.string(at: 0), let time = Jid.startTime(of: jid, utcOffset: utcOffset) else {
                continue
            }
            try update.bind(time, at: 1)
            try update.bind(jid, at: 2)
            try update.run()
        }
    }
}

/// Writes the records of one export, remembering what it needs across records.
///
/// Returns name their function only in some formats, so the function of each job is kept to
/// judge its returns. A return whose job the source never described gets a job row made from the
/// return itself, so every return belongs to a listed job.
struct ExportSink {
    let writer: IngestWriter
    let database: Database
    /// The functions of the jobs written most recently, by jid.
    ///
    /// Returns follow their job closely in every export, so the map is emptied when it reaches
    /// `recentJobLimit` entries, which keeps memory flat on logs of any length. A return of an
    /// older job looks its function up in the database.
    private var functions: [String: String?] = [:]
    /// The jid of the last return written and its entry in `functions`.
    ///
    /// The next return nearly always has the same jid, and comparing its bytes costs less than
    /// hashing it again.
    private var lastReturn: (jid: String, jobFunction: String?)?
    private static let recentJobLimit = 65_536
    /// How many publish events showed each master clock offset (seconds east of UTC, rounded to
    /// 15 minutes): the jid is the master's clock, `_stamp` is UTC.
    private(set) var offsets: [Int: Int] = [:]

    init(writer: IngestWriter, database: Database) {
        self.writer = writer
        self.database = database
    }

    mutating func write(_ job: JobRecord) throws {
        try writer.write(job)
        lastReturn = nil
        if functions.count >= Self.recentJobLimit {
            functions.removeAll(keepingCapacity: true)
        }
        if functions[job.jid] == nil || job.function != nil {
            functions[job.jid] = job.function
        }
        if let stamp = job.publishStamp, let jidTime = Jid.startTime(of: job.jid) {
            let seconds = Int((jidTime.microseconds - stamp.microseconds) / 1_000_000)
            let rounded = Int((Double(seconds) / 900).rounded()) * 900
            offsets[rounded, default: 0] += 1
        }
    }

    mutating func write(_ record: ReturnRecord, masterUTCOffset: Int) throws {
        let jobFunction: String?
        if let lastReturn, BytewiseString.haveSameBytes(lastReturn.jid, record.jid) {
            jobFunction = lastReturn.jobFunction
        } else if let knownFunction = functions[record.jid] {
            jobFunction = knownFunction
            lastReturn = (record.jid, jobFunction)
        } else {
            var job = JobRecord(jid: record.jid, kind: .unknown)
            job.function = record.function
            job.startTime = Jid.startTime(of: record.jid, utcOffset: masterUTCOffset)
            job.startTimeBasis = .jid
            try write(job)
            jobFunction = record.function
            lastReturn = (record.jid, jobFunction)
        }
        let function = record.function ?? jobFunction
        try writer.write(record, function: function ?? storedFunction(record.jid))
    }

    private func storedFunction(_ jid: String) throws -> String? {
        let query = try database.cachedStatement("SELECT function FROM jobs WHERE jid = ?")
        try query.bind(jid, at: 1)
        defer { query.reset() }
        return try query.step() ? query.string(at: 0) : nil
    }
}

/// The result of reading an event log: the counts of the lines read, and the error that ended
/// the reading early, such as a gzip member cut off.
///
/// The counts of a damaged log are shown as those of a whole one, so the error travels beside
/// them instead of being thrown past them.
private struct EventLogReading: Sendable {
    var statistics: EventStatistics
    /// The error's description, as the problem recorded for the input gives it.
    var failure: String?
}
