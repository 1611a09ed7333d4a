/// Where a path sits in a Salt master's job cache, `<cachedir>/jobs/<h[:2]>/<h[2:]>/…`.
///
/// `h` is the hex digest of the jid under the master's `hash_type` (sha256 by default, md5 on
/// masters up to 2015.8, anything hashlib offers when configured), so a job folder is recognised
/// by its shape, two hex digits then at least eight more, and never by a particular length. The
/// jid itself is read from the folder's `jid` file. Whatever comes before the two hex folders
/// (`jobs/`, `var/cache/salt/master/jobs/`, nothing) does not matter.
public struct JobCachePath: Sendable, Equatable {
    /// The job folder's path inside the input, such as `jobs/c7/5871…5f`; it keys the folder.
    public var folder: String
    public var role: Role

    /// The kind of a file in a job folder.
    public enum Role: Sendable, Equatable {
        /// `jid`: the job id as text.
        case jid
        /// `.load.p`: the job's load.
        case load
        /// `.minions.p` (syndic nil) or `.minions.<syndic id>.p`: the expected minions.
        case minions(syndic: String?)
        /// `.batch.p`: Salt 3008's batch state.
        case batch
        /// `endtime`: when the last return was stored.
        case endTime
        /// `nocache`: an empty marker saying the master dropped the job's returns.
        case noCache
        /// `<minion>/return.p`.
        case minionReturn(minion: String)
        /// `<minion>/out.p`: the outputter the minion named.
        case minionOutputter(minion: String)
        /// Any other file in a job folder, such as a temporary file left by a copy taken while
        /// the master was writing.
        case unrecognized(name: String)
    }

    /// Classifies the path of a file; nil when the file is not inside a job folder.
    public init?(filePath: String) {
        var path = filePath
        guard let parsed = path.withUTF8(JobCachePath.parse) else { return nil }
        self = parsed
    }

    /// Classifies the path of an archive entry from its bytes; nil when the file is not inside
    /// a job folder.
    public init?(pathBytes: [UInt8]) {
        guard let parsed = pathBytes.withUnsafeBufferPointer(JobCachePath.parse) else { return nil }
        self = parsed
    }

    private init(folder: String, role: Role) {
        self.folder = folder
        self.role = role
    }

    /// Classifies a path from its UTF-8 bytes.
    ///
    /// Every file of an archive passes through here, so only the last four components are
    /// found, by offsets, and only the strings kept are made. Splitting the whole path into
    /// substrings took a sixth of the reader thread of a job cache archive.
    private static func parse(_ path: UnsafeBufferPointer<UInt8>) -> JobCachePath? {
        let parts = lastComponents(of: path, count: 4)
        let count = parts.count
        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: path[range]), as: UTF8.self)
        }

        if count == 4, isJobFolder(path, parts[0], parts[1]) {
            let folder = text(0..<parts[1].upperBound)
            let minion = text(parts[2])
            switch text(parts[3]) {
            case "return.p": return JobCachePath(folder: folder, role: .minionReturn(minion: minion))
            case "out.p": return JobCachePath(folder: folder, role: .minionOutputter(minion: minion))
            case let name: return JobCachePath(folder: folder, role: .unrecognized(name: minion + "/" + name))
            }
        }
        guard count >= 3, isJobFolder(path, parts[count - 3], parts[count - 2]) else { return nil }
        return JobCachePath(
            folder: text(0..<parts[count - 2].upperBound),
            role: role(ofFileNamed: text(parts[count - 1]))
        )
    }

    /// Returns the ranges of the last `count` non-empty components of a slash-separated path,
    /// in path order; fewer when the path has fewer.
    private static func lastComponents(of path: UnsafeBufferPointer<UInt8>, count: Int) -> [Range<Int>] {
        var components: [Range<Int>] = []
        components.reserveCapacity(count)
        var end = path.count
        while components.count < count, end > 0 {
            var start = end
            while start > 0, path[start - 1] != UInt8(ascii: "/") {
                start -= 1
            }
            if start < end { components.append(start..<end) }
            end = start - 1
        }
        components.reverse()
        return components
    }

    private static func role(ofFileNamed name: String) -> Role {
        switch name {
        case "jid": return .jid
        case ".load.p": return .load
        case ".minions.p": return .minions(syndic: nil)
        case ".batch.p": return .batch
        case "endtime": return .endTime
        case "nocache": return .noCache
        default:
            if name.hasPrefix(".minions."), name.hasSuffix(".p"), name.count > ".minions..p".count {
                return .minions(syndic: String(name.dropFirst(".minions.".count).dropLast(2)))
            }
            return .unrecognized(name: name)
        }
    }

    /// Returns true when the last component of `pathBytes` may be a name Salt gives a file in a
    /// job folder: one that starts with `.`, or `jid`, `endtime`, `nocache`, `return.p`, `out.p`.
    ///
    /// A true result only sends the path to `init(pathBytes:)`, so other names may pass too.
    static func mayNameSaltFile(_ pathBytes: [UInt8]) -> Bool {
        let start = (pathBytes.lastIndex(of: UInt8(ascii: "/")) ?? -1) + 1
        let name = pathBytes[start...]
        guard name.first != UInt8(ascii: ".") else { return true }
        return saltFileNames.contains { name.elementsEqual($0) }
    }

    private static let saltFileNames = ["jid", "endtime", "nocache", "return.p", "out.p"].map { Array($0.utf8) }

    /// True for `<two hex digits>/<eight or more hex digits>`, the two levels of a job folder.
    static func isJobFolder(_ path: UnsafeBufferPointer<UInt8>, _ prefix: Range<Int>, _ rest: Range<Int>) -> Bool {
        prefix.count == 2 && rest.count >= 8 && isLowerHex(path[prefix]) && isLowerHex(path[rest])
    }

    private static func isLowerHex(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        text.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
