/// One file or folder read from an input: a job cache folder, a tar archive or a gzip stream.
///
/// Every reader turns its input into a sequence of these, so the Salt layer never needs to know
/// whether a job came from a folder on disk or from the middle of a `.tar.gz`.
public struct ArchiveEntry: Sendable {
    public enum Kind: Sendable, Equatable {
        case file
        case directory
        /// Symbolic links, devices and other members that hold no file data.
        case other
    }

    /// The path inside the input, with `/` between components and no leading `./`.
    ///
    /// Kept as bytes because tar members and folder names need not be UTF-8.
    public var pathBytes: [UInt8]
    public var kind: Kind
    /// The file's contents; empty for folders and other members.
    public var data: [UInt8]
    /// Where the entry starts in the input (the tar header's offset in the uncompressed
    /// stream), or nil for a folder walk.
    public var offset: Int64?
    /// The target of a symbolic or hard link, as stored in the archive or read with `readlink`;
    /// nil for other entries.
    public var linkTargetBytes: [UInt8]?
    /// The kind of an `.other` entry; nil for files and folders.
    public var specialKind: SpecialFileKind?

    public init(
        pathBytes: [UInt8],
        kind: Kind,
        data: [UInt8],
        offset: Int64?,
        linkTargetBytes: [UInt8]? = nil,
        specialKind: SpecialFileKind? = nil
    ) {
        self.pathBytes = pathBytes
        self.kind = kind
        self.data = data
        self.offset = offset
        self.linkTargetBytes = linkTargetBytes
        self.specialKind = specialKind
    }

    /// The path as text for messages, with invalid UTF-8 replaced by U+FFFD.
    public var path: String {
        String(decoding: pathBytes, as: UTF8.self)
    }

    /// The link target as text for messages, with invalid UTF-8 replaced by U+FFFD.
    public var linkTarget: String? {
        linkTargetBytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The path split at `/`, without empty components.
    public var components: [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }
}

/// A source of archive entries read one at a time, so memory stays bounded by the largest entry.
public protocol ArchiveReader {
    /// Returns the next entry, or nil at the end of the input.
    ///
    /// - Throws: `ArchiveError`. When the error's `isRecoverable` is true, the reader has skipped
    ///   past the damaged entry and the caller may call `next()` again; otherwise the input
    ///   cannot be read further.
    mutating func next() throws -> ArchiveEntry?
}

/// A problem reading an input, with the place it happened.
public struct ArchiveError: Error, Sendable, CustomStringConvertible {
    /// The entry being read when the problem occurred, when known.
    public var entryPath: String?
    /// The byte offset in the (uncompressed) input where the problem was found, when known.
    public var offset: Int64?
    public var message: String
    /// True when the reader has moved past the damage and further entries can be read.
    public var isRecoverable: Bool

    public init(message: String, entryPath: String? = nil, offset: Int64? = nil, isRecoverable: Bool = false) {
        self.message = message
        self.entryPath = entryPath
        self.offset = offset
        self.isRecoverable = isRecoverable
    }

    public var description: String {
        var text = message
        if let entryPath {
            text += " (entry '\(entryPath)'"
            if let offset { text += " at byte \(offset)" }
            text += ")"
        } else if let offset {
            text += " (at byte \(offset))"
        }
        return text
    }
}
