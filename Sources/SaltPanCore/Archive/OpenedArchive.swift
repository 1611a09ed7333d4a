/// An input opened for reading as archive entries, whatever its kind.
///
/// Made by `openArchive(path:folderRoot:maxEntrySize:decompressedSizeLimit:)`. It forwards
/// `next()` to the reader for the input's kind and keeps the file stream beneath it, so that
/// after reading, the caller can take the input file's size and SHA-256 as its fingerprint.
public final class OpenedArchive: ArchiveReader {
    public let path: String
    public let kind: InputKind

    private let reader: any ArchiveReader & AnyObject
    private let file: FileByteStream?
    private let folder: FolderReader?

    fileprivate init(path: String, kind: InputKind, reader: any ArchiveReader & AnyObject, file: FileByteStream?) {
        self.path = path
        self.kind = kind
        self.reader = reader
        self.file = file
        self.folder = reader as? FolderReader
    }

    public func next() throws -> ArchiveEntry? {
        var reader = self.reader
        return try reader.next()
    }

    /// The input file's size in bytes when it was opened; nil for a folder.
    public var fileSize: Int64? {
        file?.fileSize
    }

    /// Reads the rest of the input file and returns the SHA-256 digest of all its bytes; nil for
    /// a folder.
    ///
    /// Call it after the last entry: bytes the reader left unread, after damage that ended the
    /// reading, are hashed here without being decompressed.
    public func finishDigest() throws -> [UInt8]? {
        try file?.drainForDigest()
    }

    /// For a folder, every regular file walked so far with its size; nil for a file input.
    public var folderFileList: [FolderReader.WalkedFile]? {
        folder?.fileList
    }
}

/// Opens the input at `path` as a stream of archive entries, choosing the reader by content.
///
/// A folder is walked with `FolderReader`, a tar file read with `TarReader`, and a gzip file with
/// a tar inside read with `TarReader` over `GzipByteStream`.
///
/// - Parameters:
///   - path: A folder, a tar file or a gzip-compressed tar file.
///   - folderRoot: For a folder, the folder that entry paths are relative to: the folder itself
///     (nil, the default) or one of its parents. Ignored for files.
///   - maxEntrySize: The largest file read into memory; larger ones are skipped and reported.
///   - decompressedSizeLimit: For gzip input, the most decompressed bytes to read, or nil for
///     no limit.
///   - computesDigest: Whether the file is hashed for `finishDigest()`; a caller that took the
///     digest in an earlier pass turns it off.
/// - Returns: The opened input, whose `next()` returns its entries.
/// - Throws: `ArchiveError` when the input cannot be opened, or contains JSON, non-tar gzip data or
///   unknown content.
public func openArchive(
    path: String,
    folderRoot: String? = nil,
    maxEntrySize: Int = TarReader.defaultMaxEntrySize,
    decompressedSizeLimit: Int64? = nil,
    computesDigest: Bool = true
) throws -> OpenedArchive {
    let kind = try InputDetector.detect(path: path)
    switch kind {
    case .folder:
        let reader = try FolderReader(folder: path, root: folderRoot, maxEntrySize: maxEntrySize)
        return OpenedArchive(path: path, kind: kind, reader: reader, file: nil)
    case .tar:
        let file = try FileByteStream(path: path, computesDigest: computesDigest)
        let reader = TarReader(stream: file, maxEntrySize: maxEntrySize)
        return OpenedArchive(path: path, kind: kind, reader: reader, file: file)
    case .gzipTar:
        let file = try FileByteStream(path: path, computesDigest: computesDigest)
        let gzip = GzipByteStream(source: file, decompressedSizeLimit: decompressedSizeLimit)
        let reader = TarReader(stream: gzip, maxEntrySize: maxEntrySize)
        return OpenedArchive(path: path, kind: kind, reader: reader, file: file)
    case .gzip, .json, .unsupported, .unknown:
        throw ArchiveError(
            message: "'\(path)' contains \(kind), not a tar archive or a folder. "
                + "Pass a job cache folder, or a .tar or .tar.gz of one."
        )
    }
}
