/// An item the reader thread of a job cache ingest hands to the writer.
enum JobCacheItem: Sendable {
    case parsed(JobFolderParser.ParsedJob)
    /// A folder that came without its `jid` file, to match to a stored job at the end.
    case orphan(JobFolder)
    case problem(IngestProblem)
}

extension JobCacheItem {
    /// An estimate of the memory the item takes, for the pipeline's limit.
    var size: Int {
        switch self {
        case .parsed(let parsed): parsed.estimatedMemorySize
        case .orphan(let folder): folder.byteCount
        case .problem: 256
        }
    }
}

extension JobFolderParser.ParsedJob {
    /// An estimate of the memory the job takes, for the pipeline's limit: a share for each
    /// record, and the decoded values counted by the MessagePack decoder.
    ///
    /// The folder's bytes alone are a poor guide. A state run decodes to about 1.7 times its
    /// bytes, but a list of small integers to 24 times. An archive of 400 such lists of 100 KB
    /// peaked at 292 MB when twice the bytes were counted.
    var estimatedMemorySize: Int {
        256 * (returns.count + 1) + decodedMemorySize
    }
}

extension Ingester {
    /// Records the master's clock offset given with `--jid-tz` for a job cache source.
    ///
    /// A cache contains nothing to learn the offset from, so only a given one is recorded. The
    /// jids and `endtime` files were read in that offset, and code that writes their times back
    /// in the master's clock (Salt's `EndTime` in `saltpan jobs --format salt`) reads it here.
    func recordGivenMasterOffset(sourceID: Int64) throws {
        guard options.masterUTCOffsetIsGiven else { return }
        let update = try store.database.prepare(
            "UPDATE sources SET master_utc_offset = ?, master_utc_offset_basis = 'option' WHERE id = ?"
        )
        try update.bind(options.masterUTCOffset, at: 1)
        try update.bind(sourceID, at: 2)
        try update.run()
    }

    /// Reads a job cache input folder by folder.
    ///
    /// The archive is read and each folder decoded on a second thread while this one writes to
    /// SQLite, so both cores work. Folders arrive in archive order.
    func readJobCache(_ input: OpenedInput, into writer: IngestWriter, report: inout SourceReport) throws {
        let parser = JobFolderParser(masterUTCOffset: options.masterUTCOffset)
        let path = input.identity.path
        var orphans: [JobFolder] = []

        func record(_ problem: IngestProblem) throws {
            try self.record(problem, of: input, writer: writer, report: &report)
        }

        let pipeline = RecordPipeline<JobCacheItem>(
            capacity: 4,
            chunkSize: 64,
            byteLimit: Self.pipelineByteLimit,
            size: \.size
        )
        let statistics = try pipeline.run(
            produce: { emit in
                var reader = JobCacheReader(reader: try openArchive(path: path, computesDigest: false))
                try reader.forEachFolder(
                    { folder in
                        let hasJid = folder.files.contains { $0.role == .jid }
                        try emit(hasJid ? .parsed(parser.parse(folder)) : .orphan(folder))
                    },
                    problem: { try emit(.problem($0)) }
                )
                return reader.statistics
            },
            consume: { item in
                switch item {
                case .parsed(let parsed):
                    try write(parsed, to: writer, record: record)
                    onProgress?(path, writer.counts)
                case .orphan(let folder):
                    orphans.append(folder)
                case .problem(let problem):
                    try record(problem)
                }
            }
        )

        try resolve(orphans, parser: parser, writer: writer, record: record)
        try reportStatistics(statistics, input: input, record: record)
    }

    func write(
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

    /// Matches job folders that came without their `jid` file to a jid.
    ///
    /// The folder name is the hex digest of the jid, so candidate jids are hashed (sha256, the
    /// default `hash_type`, and md5, the default up to Salt 2015.8) and compared. The candidates
    /// are the stored jids, then the jid in the folder's own `.load.p`. The jid is never derived
    /// from the folder name, and a folder that matches no candidate is reported.
    func resolve(
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
            if let (jid, function) = matches[digest] {
                var parsed = parser.parse(folder, jid: jid)
                if parsed.job?.function == nil {
                    parsed.job?.function = function
                }
                try write(parsed, to: writer, record: record)
            } else if let jid = Ingester.loadJid(of: folder, digest: digest) {
                let message =
                    "job folder has no 'jid' file; its jid \(jid) was taken from .load.p, "
                    + "whose jid hashes to the folder name"
                try record(IngestProblem(.warning, entry: folder.path, message: message))
                try write(parser.parse(folder, jid: jid), to: writer, record: record)
            } else {
                let message =
                    "job folder has no 'jid' file and matches no stored job; its "
                    + "\(folder.files.count) files were skipped (ingest the archive that holds the whole folder)"
                try record(IngestProblem(.error, entry: folder.path, message: message))
            }
        }
    }

    /// Returns the jid inside the folder's `.load.p` when it hashes (sha256 or md5) to the folder
    /// name, so a folder whose `jid` file was lost is still read under its own jid.
    static func loadJid(of folder: JobFolder, digest: String) -> String? {
        guard let load = folder.files.first(where: { $0.role == .load }),
            let value = try? MessagePackDecoder().decode(load.entry.data).value,
            let jid = value["jid"]?.stringValue, Jid.isValid(jid)
        else { return nil }
        let bytes = Array(jid.utf8)
        let candidates = [hexString(SHA256.hash(bytes)), hexString(MD5.hash(bytes))]
        return candidates.contains(digest) ? jid : nil
    }

    func storedJids(matching digests: Set<String>) throws -> [String: (String, String?)] {
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

    func reportStatistics(
        _ statistics: JobCacheReader.Statistics,
        input: OpenedInput,
        record: (IngestProblem) throws -> Void
    ) throws {
        if statistics.jobFolders == 0 {
            let message =
                "no Salt job cache found: expected job folders such as jobs/<2 hex digits>/<hex digest>/ "
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
