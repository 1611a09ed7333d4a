/// Writes large, realistic SaltStack inputs in the real formats, the same bytes for a seed: a
/// job cache folder, its `.tar.gz`, and the master's event log as JSON lines, plain or gzipped.
///
/// Memory stays flat with the input size: jobs are made one at a time and written at once. The
/// archive lists job folders bucket by bucket (the first two hexadecimal digits of the folder
/// name), as `tar` lists a folder it walks, which needs only each job's slot number in memory.
public struct InputGenerator {
    /// The files and folders to write.
    public struct Outputs: Sendable {
        /// The job cache tree as a folder, `jobs/` inside the output folder.
        public var cacheFolder = false
        /// `jobs.tar.gz`: the same tree as `tar czf jobs.tar.gz -C <cachedir> jobs` writes it.
        public var cacheArchive = false
        /// `events.jsonl`: the event log.
        public var events = false
        /// `events.jsonl.gz`: the event log, gzipped.
        public var compressedEvents = false

        public init() {}
    }

    public let options: GeneratorOptions
    let factory: JobFactory

    public init(options: GeneratorOptions) {
        self.options = options
        factory = JobFactory(options: options)
    }

    /// Writes the chosen outputs into `folder`, which must exist, and returns the counts of
    /// what they contain.
    ///
    /// Every output contains the same jobs.
    public func write(_ outputs: Outputs, into folder: String) throws -> GeneratedCounts {
        var counts: GeneratedCounts?
        if outputs.events || outputs.compressedEvents {
            counts = try writeEvents(
                plain: outputs.events ? folder + "/events.jsonl" : nil,
                compressed: outputs.compressedEvents ? folder + "/events.jsonl.gz" : nil
            )
        }
        if outputs.cacheFolder || outputs.cacheArchive {
            let cacheCounts = try writeCache(
                folder: outputs.cacheFolder ? folder : nil,
                archive: outputs.cacheArchive ? folder + "/jobs.tar.gz" : nil
            )
            if counts == nil {
                counts = cacheCounts
            }
        }
        return counts ?? GeneratedCounts()
    }

    /// Counts what the outputs would hold without writing anything.
    public func count() -> GeneratedCounts {
        var counts = GeneratedCounts()
        for slot in 0..<options.jobs {
            for job in factory.jobs(slot: slot) {
                counts.add(job)
            }
        }
        return counts
    }

    // MARK: - Event log

    private func writeEvents(plain: String?, compressed: String?) throws -> GeneratedCounts {
        var sinks: [any ByteSink] = []
        if let plain {
            sinks.append(try OutputFile(path: plain))
        }
        if let compressed {
            sinks.append(try GzipSink(destination: try OutputFile(path: compressed)))
        }

        var counts = GeneratedCounts()
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        for slot in 0..<options.jobs {
            for job in factory.jobs(slot: slot) {
                counts.add(job)
                counts.eventLines += EventLineWriter.appendLines(of: job, to: &buffer)
            }
            if buffer.count >= 1 << 20 {
                for sink in sinks { try sink.write(buffer) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        for sink in sinks {
            try sink.write(buffer)
            try sink.finish()
        }
        return counts
    }

    // MARK: - Job cache

    /// One job's place in the archive order.
    private struct JobLocation {
        var bucket: UInt8
        var slot: Int32
        var index: Int32
    }

    private func writeCache(folder: String?, archive: String?) throws -> GeneratedCounts {
        let tar = try archive.map { TarStreamWriter(destination: try GzipSink(destination: try OutputFile(path: $0))) }
        if let folder {
            try OutputFile.makeFolder(folder + "/jobs")
        }
        try tar?.addFolder("jobs", modificationTime: options.start.microseconds / 1_000_000)

        var counts = GeneratedCounts()
        var currentBucket = -1
        var plan: (slot: Int, plan: JobFactory.SlotPlan)?
        for location in jobLocations() {
            let slot = Int(location.slot)
            if plan?.slot != slot {
                plan = (slot, factory.plan(slot: slot))
            }
            guard let slotPlan = plan?.plan else { continue }
            let job = factory.job(slot: slot, index: Int(location.index), plan: slotPlan)
            counts.add(job)

            let cache = JobCacheEntries(job: job)
            let seconds = job.time.microseconds / 1_000_000
            if Int(location.bucket) != currentBucket {
                currentBucket = Int(location.bucket)
                let bucket = "jobs/" + cache.folder.prefix(2)
                try tar?.addFolder(bucket, modificationTime: seconds)
                if let folder {
                    try OutputFile.makeFolder(folder + "/" + bucket)
                }
            }
            try write(cache, folder: folder, tar: tar, modificationTime: seconds)
        }
        try tar?.finish()
        return counts
    }

    private func write(
        _ cache: JobCacheEntries,
        folder: String?,
        tar: TarStreamWriter?,
        modificationTime: Int64
    ) throws {
        for entry in cache.entries {
            switch entry {
            case .folder(let path):
                try tar?.addFolder(path, modificationTime: modificationTime)
                if let folder {
                    try OutputFile.makeFolder(folder + "/" + path)
                }
            case .file(let path, let bytes):
                try tar?.addFile(path, contents: bytes, modificationTime: modificationTime)
                if let folder {
                    try OutputFile.writeFile(folder + "/" + path, bytes: bytes)
                }
            }
        }
    }

    /// Returns every job's bucket, slot and index within the slot, sorted by bucket and then slot.
    private func jobLocations() -> [JobLocation] {
        var locations: [JobLocation] = []
        locations.reserveCapacity(options.jobs)
        for slot in 0..<options.jobs {
            for (index, time) in factory.plan(slot: slot).jobTimes.enumerated() {
                let jid = SaltTimeText.jid(time)
                let bucket = SHA256.hash(Array(jid.utf8)).first ?? 0
                locations.append(JobLocation(bucket: bucket, slot: Int32(slot), index: Int32(index)))
            }
        }
        locations.sort { ($0.bucket, $0.slot, $0.index) < ($1.bucket, $1.slot, $1.index) }
        return locations
    }
}
