/// An input ready to read: its identity and a reader over its entries.
struct OpenedInput {
    var identity: SourceIdentity
    var reader: OpenedArchive
}

/// Identifies an input by content and opens the matching reader.
///
/// The identity is known before any record is written, so an ingest sees at once that the same
/// input was stored before: a file's SHA-256 comes from a first pass over its bytes (far cheaper
/// than decoding them), a folder's fingerprint from its file list.
enum InputOpener {
    static func open(path: String) throws -> OpenedInput {
        let archive = try openArchive(path: path)
        let identity: SourceIdentity
        switch archive.kind {
        case .folder:
            let fingerprint = FolderFingerprint.compute(folder: path)
            identity = SourceIdentity(
                path: path,
                kind: "job-cache-folder",
                size: fingerprint.totalSize,
                sha256: fingerprint.sha256,
                fileCount: fingerprint.fileCount
            )
        default:
            let file = try FileByteStream(path: path)
            identity = SourceIdentity(
                path: path,
                kind: archive.kind == .tar ? "job-cache-tar" : "job-cache-tar-gz",
                size: file.fileSize,
                sha256: hexString(try file.drainForDigest())
            )
        }
        return OpenedInput(identity: identity, reader: archive)
    }
}
