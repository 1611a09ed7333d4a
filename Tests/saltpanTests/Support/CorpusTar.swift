import Foundation
import SaltPanCore

/// The real job cache archive, decompressed, with the byte range of every file in it, so a
/// test can damage one entry and know which jobs and returns must survive.
struct CorpusTar: Sendable {
    /// One regular file of the archive.
    struct Entry: Sendable {
        var path: String
        /// The offset of the entry's header.
        var start: Int
        var dataStart: Int
        var dataEnd: Int
        /// The offset just past the entry's padding, where the next header starts.
        var end: Int
        /// The job folder the file belongs to, such as `jobs/c7/5871…5f`.
        var folder: String
        var role: JobCachePath.Role

        var isPayload: Bool {
            path.hasSuffix(".p")
        }
    }

    /// The uncompressed tar archive.
    var bytes: [UInt8]
    /// The compressed archive as shipped.
    var compressed: [UInt8]
    /// Every file inside a job folder, in archive order.
    var entries: [Entry]
    /// The jid read from each folder's `jid` file.
    var jidByFolder: [String: String]
    /// The folders whose `.load.p` names the jid of their `jid` file.
    var foldersWithJidInLoad: Set<String>

    static let archivePath = Saltpan.fixture("salt-3008/jobs.tar.gz")

    /// Reads and decompresses the real archive and lists the files of its job folders.
    static func load() throws -> CorpusTar {
        let compressed = Array(try Data(contentsOf: URL(fileURLWithPath: archivePath)))
        let bytes = try decompress(compressed).bytes
        let reader = TarReader(stream: MemoryByteStream(bytes))

        var entries: [Entry] = []
        var jidByFolder: [String: String] = [:]
        var jidByLoadFolder: [String: String] = [:]
        while let entry = try reader.next() {
            guard entry.kind == .file, let location = JobCachePath(filePath: entry.path) else { continue }
            let end = Int(reader.offset)
            let dataStart = end - (entry.data.count + 511) / 512 * 512
            entries.append(
                Entry(
                    path: entry.path,
                    start: Int(entry.offset ?? 0),
                    dataStart: dataStart,
                    dataEnd: dataStart + entry.data.count,
                    end: end,
                    folder: location.folder,
                    role: location.role
                )
            )
            if location.role == .jid {
                jidByFolder[location.folder] = String(decoding: entry.data, as: UTF8.self)
            }
            if location.role == .load, let jid = try MessagePackDecoder().decode(entry.data).value["jid"] {
                jidByLoadFolder[location.folder] = jid.stringValue
            }
        }
        let foldersWithJidInLoad = Set(jidByLoadFolder.filter { jidByFolder[$0.key] == $0.value }.keys)
        return CorpusTar(
            bytes: bytes,
            compressed: compressed,
            entries: entries,
            jidByFolder: jidByFolder,
            foldersWithJidInLoad: foldersWithJidInLoad
        )
    }

    /// Decompresses gzip bytes as far as they go, and returns them with whether the stream ended
    /// cleanly.
    static func decompress(_ compressed: [UInt8]) throws -> (bytes: [UInt8], isComplete: Bool) {
        let gzip = GzipByteStream(source: MemoryByteStream(compressed))
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        do {
            while true {
                let count = try buffer.withUnsafeMutableBytes { try gzip.read(into: $0) }
                if count == 0 { return (output, true) }
                output.append(contentsOf: buffer[0..<count])
            }
        } catch is ArchiveError {
            return (output, false)
        }
    }

    /// Returns `tar` as a gzip member of stored (level 0) deflate blocks that ends with the
    /// shipped archive's trailer, the CRC-32 and length of the intact tar.
    ///
    /// Stored blocks keep the tar's bytes as they are, so a `tar` changed by one byte gives what
    /// a byte flipped on disk in a level 0 `.tar.gz` gives: a member whose CRC-32 check fails.
    func storedGzip(_ tar: [UInt8]) -> [UInt8] {
        // Magic, deflate, no flags, no time, no extra flags, unknown system.
        var member: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]
        let blockSize = 65_535
        for start in stride(from: 0, to: tar.count, by: blockSize) {
            let end = min(start + blockSize, tar.count)
            let length = UInt16(end - start)
            // BFINAL on the last block, BTYPE 00 (stored), then LEN and its complement NLEN.
            member.append(end == tar.count ? 1 : 0)
            member += [UInt8(length & 0xff), UInt8(length >> 8), UInt8(~length & 0xff), UInt8(~length >> 8)]
            member += tar[start..<end]
        }
        return member + compressed.suffix(8)
    }

    /// Returns the entry whose header or data contains `offset`, or nil past the last entry.
    func entry(containing offset: Int) -> Entry? {
        entries.first { $0.start <= offset && offset < $0.end }
    }

    /// Returns the path an error at `offset` can name: the entry's path, or `@LongLink` inside the GNU
    /// long-name header that precedes a path longer than 100 bytes, which names the entry only
    /// in its data.
    ///
    /// Returns nil in the first 100 bytes of a header, where the name field may be cut off.
    func expectedName(at offset: Int) -> String? {
        guard let entry = entry(containing: offset), offset >= entry.start + 100 else { return nil }
        let hasLongNameHeader = entry.dataStart - entry.start > 512
        if hasLongNameHeader && offset < entry.dataStart - 512 {
            return "@LongLink"
        }
        return entry.path
    }

    /// Returns `count` entries spread evenly over the archive that satisfy `condition`.
    func sample(_ count: Int, where condition: (Entry) -> Bool = { _ in true }) -> [Entry] {
        let matching = entries.filter(condition)
        guard matching.count > count else { return matching }
        return (0..<count).map { matching[$0 * matching.count / count] }
    }

    /// The jobs and returns an ingest must store when every entry for which `isIntact` is true
    /// was read and every other entry was lost.
    ///
    /// A job needs its folder's `jid` file or a `.load.p` that names the jid, because saltpan
    /// never derives a jid from the folder name alone: it takes the load's jid only when that
    /// hashes to the folder name. A return needs its own file and its folder's jid.
    func expectedRecords(isIntact: (Entry) -> Bool) -> (jobs: Set<String>, returns: Set<String>) {
        var intactJidFolders = Set<String>()
        for entry in entries where isIntact(entry) {
            if entry.role == .jid || (entry.role == .load && foldersWithJidInLoad.contains(entry.folder)) {
                intactJidFolders.insert(entry.folder)
            }
        }

        var jobs = Set<String>()
        var returns = Set<String>()
        for folder in intactJidFolders {
            if let jid = jidByFolder[folder] { jobs.insert(jid) }
        }
        for entry in entries where isIntact(entry) && intactJidFolders.contains(entry.folder) {
            guard case .minionReturn(let minion) = entry.role, let jid = jidByFolder[entry.folder] else { continue }
            returns.insert("\(jid) \(minion)")
        }
        return (jobs, returns)
    }

    /// Returns the jobs and returns stored in the database at `path`, in the form
    /// `expectedRecords` uses.
    static func storedRecords(in path: String) throws -> (jobs: Set<String>, returns: Set<String>) {
        let database = try Database(path: path, mode: .readOnly)
        var jobs = Set<String>()
        let jobQuery = try database.prepare("SELECT jid FROM jobs")
        while try jobQuery.step() {
            jobs.insert(jobQuery.string(at: 0) ?? "")
        }
        var returns = Set<String>()
        let returnQuery = try database.prepare("SELECT jid, minion FROM returns")
        while try returnQuery.step() {
            returns.insert("\(returnQuery.string(at: 0) ?? "") \(returnQuery.string(at: 1) ?? "")")
        }
        return (jobs, returns)
    }
}
