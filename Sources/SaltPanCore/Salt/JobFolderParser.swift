/// Turns the files of one job folder into a job record and its returns.
///
/// Each file is decoded on its own, so a damaged `.load.p` costs the load but keeps the returns,
/// and a damaged `return.p` costs that one return. Every such loss becomes an `IngestProblem`.
public struct JobFolderParser: Sendable {
    /// Seconds east of UTC of the master's clock, for reading times from jids and `endtime`.
    public var masterUTCOffset: Int

    public init(masterUTCOffset: Int = 0) {
        self.masterUTCOffset = masterUTCOffset
    }

    /// The contents of one job folder.
    public struct ParsedJob: Sendable {
        /// The job, or nil when the folder had no readable `jid` file.
        public var job: JobRecord?
        public var returns: [ReturnRecord] = []
        public var problems: [IngestProblem] = []
        /// An estimate of the memory of the values decoded from the folder's files, from their
        /// MessagePack bytes and the number of values in them.
        public var decodedMemorySize = 0
        /// The folder's path, kept so a folder without a `jid` file can be matched later.
        public var folderPath: String
    }

    /// Reads the folder's files.
    ///
    /// - Parameters:
    ///   - folder: The files of one job folder.
    ///   - knownJid: The jid when the caller matched a folder without a `jid` file to a stored
    ///     job; otherwise the `jid` file decides.
    /// - Returns: The job (nil without a readable jid), its returns and the problems found.
    public func parse(_ folder: JobFolder, jid knownJid: String? = nil) -> ParsedJob {
        var parsed = ParsedJob(folderPath: folder.path)
        let jid = knownJid ?? readJid(folder, problems: &parsed.problems)
        if folder.files.count == 1, jid != nil, knownJid == nil, !folder.isCutShort {
            let message = "job folder contains only its 'jid' file (the master may have stopped while writing it)"
            parsed.problems.append(IngestProblem(.warning, entry: folder.path, message: message))
        }

        var job = JobRecord(jid: jid ?? "", kind: .unknown)
        // Minion ids are kept as bytes, because Swift's sets and dictionaries merge canonically
        // equal ids (see `BytewiseString`).
        var outputters: [BytewiseString: String] = [:]
        var expected: Set<BytewiseString>?
        var returnFiles: [(String, ArchiveEntry)] = []

        for file in folder.files {
            let entry = file.entry
            switch file.role {
            case .jid:
                break
            case .load:
                if let load = decode(entry, what: "load", into: &parsed) {
                    LoadReader.apply(load, to: &job)
                    checkLoadJid(load, against: jid, entry: entry, problems: &parsed.problems)
                }
            case .minions:
                if let minions = decodeMinionList(entry, into: &parsed) {
                    expected = (expected ?? []).union(minions.map(BytewiseString.init))
                }
            case .batch:
                job.batch = decode(entry, what: "batch state", into: &parsed)
            case .endTime:
                job.endTime = readEndTime(entry, problems: &parsed.problems)
            case .noCache:
                job.nocache = true
            case .minionReturn(let minion):
                returnFiles.append((minion, entry))
            case .minionOutputter(let minion):
                if let name = decode(entry, what: "outputter", into: &parsed)?.stringValue {
                    outputters[BytewiseString(minion)] = name
                }
            case .unrecognized(let name):
                parsed.problems.append(
                    IngestProblem(
                        .warning,
                        entry: entry.path,
                        message: "unknown file '\(name)' in a job folder; ignored"
                    )
                )
            }
        }

        var replacedNamePaths: [BytewiseString: [UInt8]] = [:]
        for (minion, entry) in returnFiles {
            // Two folder names that are not UTF-8 can read as the same id once their invalid
            // bytes are replaced by U+FFFD (UTF-8 EF BF BD), so the second return would merge
            // into the first unseen. Only names with such a byte are looked up.
            if minion.utf8.withContiguousStorageIfAvailable({ $0.contains(0xEF) }) ?? true {
                if let first = replacedNamePaths[BytewiseString(minion)], first != entry.pathBytes {
                    let message =
                        "the minion folder name is not valid UTF-8 and reads as '\(minion)', as another "
                        + "folder of this job does; this return was skipped"
                    parsed.problems.append(IngestProblem(.warning, entry: entry.path, message: message))
                    continue
                }
                replacedNamePaths[BytewiseString(minion)] = entry.pathBytes
            }
            guard let value = decode(entry, what: "return", into: &parsed) else { continue }
            var record = ReturnReader.record(jid: job.jid, minion: minion, returnFile: value)
            record.outputter = outputters[BytewiseString(minion)]
            if let retcode = ReturnReader.unreadableRetcode(returnFile: value) {
                let message =
                    "retcode \(retcode) is not an integer; the return is stored without a retcode, so its "
                    + "success decides the outcome"
                parsed.problems.append(
                    IngestProblem(.warning, entry: entry.path, offset: entry.offset, message: message)
                )
            }
            parsed.returns.append(record)
        }

        if let expected {
            job.expectedMinions = expected.sorted(by: BytewiseString.precedes).map(\.text)
        }
        addRunnerMaster(to: &job)
        if let jid {
            job.startTime = Jid.startTime(of: jid, utcOffset: masterUTCOffset)
            job.startTimeBasis = .jid
            parsed.job = job
        }
        return parsed
    }

    private func readJid(_ folder: JobFolder, problems: inout [IngestProblem]) -> String? {
        guard let jid = folder.jid else {
            return nil
        }
        guard Jid.isValid(jid) else {
            let entry = folder.path + "/jid"
            problems.append(
                IngestProblem(
                    .error,
                    entry: entry,
                    message: "'\(jid.prefix(60))' is not a Salt jid; job folder skipped"
                )
            )
            return nil
        }
        return jid
    }

    /// Expects the master to return for runner and wheel jobs.
    ///
    /// A runner job's `.minions.p` is empty, and its result is stored under the master's id, which
    /// the load names as `id`. Expecting the master keeps "returned" and "expected" in step.
    private func addRunnerMaster(to job: inout JobRecord) {
        guard job.kind == .runner || job.kind == .wheel, let master = job.load?["id"]?.stringValue else { return }
        if job.expectedMinions?.isEmpty ?? true {
            job.expectedMinions = [master]
        }
    }

    /// Warns when `.load.p` names another jid than the folder's `jid` file, which is then used.
    ///
    /// Salt writes the same jid into both, so a difference means a folder put together from two
    /// jobs, or a `jid` file edited or damaged.
    private func checkLoadJid(_ load: Value, against jid: String?, entry: ArchiveEntry, problems: inout [IngestProblem])
    {
        guard let jid, let loadJid = load["jid"]?.stringValue, loadJid != jid else { return }
        let message =
            "the load names jid \(loadJid.prefix(40)), but the folder's 'jid' file names \(jid); the job is "
            + "stored under \(jid). Check which of the two belongs to this folder"
        problems.append(IngestProblem(.warning, entry: entry.path, offset: entry.offset, message: message))
    }

    /// Decodes the file, adding its problems and the estimated memory of its value to `parsed`.
    private func decode(_ entry: ArchiveEntry, what: String, into parsed: inout ParsedJob) -> Value? {
        guard !entry.data.isEmpty else {
            let message =
                "cannot decode the \(what): the file is empty, but MessagePack writes at least 1 byte for any "
                + "value (0x90 for an empty list), so the write was cut short; the file was skipped. Restore it "
                + "from the master's job cache if it is still there"
            parsed.problems.append(IngestProblem(.error, entry: entry.path, offset: entry.offset, message: message))
            return nil
        }
        do {
            let result = try SaltPayload.decode(entry.data)
            parsed.decodedMemorySize += result.estimatedMemorySize
            if result.trailingBytes > 0 {
                parsed.problems.append(
                    IngestProblem(
                        .warning,
                        entry: entry.path,
                        message: "\(result.trailingBytes) bytes after the \(what) were ignored"
                    )
                )
            }
            return result.value
        } catch {
            parsed.problems.append(
                IngestProblem(
                    .error,
                    entry: entry.path,
                    offset: entry.offset,
                    message: "cannot decode the \(what): \(error)"
                )
            )
            return nil
        }
    }

    private func decodeMinionList(_ entry: ArchiveEntry, into parsed: inout ParsedJob) -> [String]? {
        guard let value = decode(entry, what: "minion list", into: &parsed) else { return nil }
        if value.isNull { return [] }
        guard let items = value.arrayValue else {
            parsed.problems.append(
                IngestProblem(.error, entry: entry.path, message: "the minion list is not an array; ignored")
            )
            return nil
        }
        let minions = items.compactMap(\.stringValue)
        if minions.count < items.count {
            let message =
                "\(items.count - minions.count) of \(items.count) entries of the minion list are not strings; ignored"
            parsed.problems.append(IngestProblem(.warning, entry: entry.path, message: message))
        }
        return minions
    }

    private func readEndTime(_ entry: ArchiveEntry, problems: inout [IngestProblem]) -> Timestamp? {
        let text = String(decoding: entry.data, as: UTF8.self).trimmingWhitespace()
        guard let time = Timestamp(saltTime: text, utcOffset: masterUTCOffset) else {
            problems.append(
                IngestProblem(
                    .warning,
                    entry: entry.path,
                    message: "cannot read end time '\(text.prefix(60))'; ignored"
                )
            )
            return nil
        }
        return time
    }
}
