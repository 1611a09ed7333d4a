/// The files of one job folder in a job cache, gathered from an archive or folder walk.
public struct JobFolder: Sendable {
    /// The folder's path inside the input, such as `jobs/c7/5871…5f`.
    public var path: String
    public var files: [File] = []
    /// True when the input ended in damage while this folder was being read, so files of it
    /// may be missing.
    public var isCutShort = false

    /// One file of the folder with its role.
    public struct File: Sendable {
        public var role: JobCachePath.Role
        public var entry: ArchiveEntry
    }

    public init(path: String) {
        self.path = path
    }

    /// The number of bytes in the folder's files.
    public var byteCount: Int {
        files.reduce(0) { $0 + $1.entry.data.count }
    }

    /// The contents of the `jid` file, trimmed of whitespace; nil when the folder has none.
    ///
    /// Salt writes the jid with no newline, but a copy edited by hand may have one.
    public var jid: String? {
        guard let file = files.first(where: { $0.role == .jid }) else { return nil }
        let text = String(decoding: file.entry.data, as: UTF8.self)
        return String(text.trimmingWhitespace())
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[start...last]
    }
}
