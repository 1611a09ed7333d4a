/// Groups the entries of a job cache input into job folders, one folder at a time.
///
/// Tar and folder walks list a folder's files together (depth first), so a folder is complete
/// when an entry from another folder arrives, and memory holds one folder at a time. When an
/// archive lists a folder in two separate places (for example files appended later with
/// `tar -r`), the folder is handed over twice; the part without a `jid` file is resolved by the
/// ingest against jobs already stored.
public struct JobCacheReader {
    private var reader: any ArchiveReader
    private var current: JobFolder?
    public private(set) var statistics = Statistics()

    /// Counts that describe what the input held.
    public struct Statistics: Sendable, Equatable {
        public var entries = 0
        public var jobFolders = 0
        /// Files, links, pipes and devices outside any job folder, which are not part of a job
        /// cache.
        public var ignoredFiles = 0
        public var firstIgnoredFile: String?
    }

    public init(reader: any ArchiveReader) {
        self.reader = reader
    }

    /// Calls `body` with each job folder in input order.
    ///
    /// Damage that the archive reader can step over is passed to `problem` and reading goes on;
    /// damage that ends the input is passed to `problem` too, after the folder being gathered
    /// has been handed over, so every entry read before it is kept.
    public mutating func forEachFolder(
        _ body: (JobFolder) throws -> Void,
        problem: (IngestProblem) throws -> Void
    ) throws {
        while true {
            let entry: ArchiveEntry?
            do {
                entry = try reader.next()
            } catch let error as ArchiveError {
                try problem(IngestProblem(.error, entry: error.entryPath, offset: error.offset, message: error.message))
                if error.isRecoverable { continue }
                current?.isCutShort = true
                break
            }
            guard let entry else { break }
            try add(entry, body: body, problem: problem)
        }
        if let folder = current {
            current = nil
            try body(folder)
        }
    }

    private mutating func add(
        _ entry: ArchiveEntry,
        body: (JobFolder) throws -> Void,
        problem: (IngestProblem) throws -> Void
    ) throws {
        statistics.entries += 1
        if entry.kind == .directory {
            // Most folders are minion folders, and classifying their paths as well took 5% of
            // the reader thread of an archive. Only a folder named as Salt names its files needs it.
            if JobCachePath.mayNameSaltFile(entry.pathBytes), let location = JobCachePath(pathBytes: entry.pathBytes),
                UnreadEntry.isFolderInPlaceOfFile(location.role)
            {
                try problem(UnreadEntry.problem(for: entry, role: location.role))
            }
            return
        }

        guard let location = JobCachePath(pathBytes: entry.pathBytes) else {
            statistics.ignoredFiles += 1
            if statistics.firstIgnoredFile == nil { statistics.firstIgnoredFile = entry.path }
            return
        }
        guard entry.kind == .file else {
            try problem(UnreadEntry.problem(for: entry, role: location.role))
            return
        }

        if current?.path != location.folder {
            if let finished = current { try body(finished) }
            current = JobFolder(path: location.folder)
            statistics.jobFolders += 1
        }
        current?.files.append(JobFolder.File(role: location.role, entry: entry))
    }
}
