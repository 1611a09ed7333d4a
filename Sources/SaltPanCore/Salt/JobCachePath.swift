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
        // Split as UTF-8 bytes: every file of an archive passes through here, and splitting by
        // characters took a fifth of a job cache ingest.
        let parts = filePath.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true)
        let count = parts.count
        if count >= 4, JobCachePath.isJobFolder(parts[count - 4], parts[count - 3]) {
            let minion = Substring(parts[count - 2])
            let name = Substring(parts[count - 1])
            folder = String(filePath[..<parts[count - 3].endIndex])
            switch name {
            case "return.p": role = .minionReturn(minion: String(minion))
            case "out.p": role = .minionOutputter(minion: String(minion))
            default: role = .unrecognized(name: minion + "/" + name)
            }
            return
        }
        guard count >= 3, JobCachePath.isJobFolder(parts[count - 3], parts[count - 2]) else {
            return nil
        }
        folder = String(filePath[..<parts[count - 2].endIndex])
        role = JobCachePath.role(ofFileNamed: String(Substring(parts[count - 1])))
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

    /// True for `<two hex digits>/<eight or more hex digits>`, the two levels of a job folder.
    static func isJobFolder(_ prefix: Substring.UTF8View, _ rest: Substring.UTF8View) -> Bool {
        prefix.count == 2 && isLowerHex(prefix) && rest.count >= 8 && isLowerHex(rest)
    }

    private static func isLowerHex(_ text: Substring.UTF8View) -> Bool {
        text.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
