/// An input ready to read: its identity and how to read it.
struct OpenedInput {
    /// The kind of content, which decides the reader.
    enum Content {
        /// A job cache folder, tar or tar.gz, read entry by entry.
        case jobCache
        /// Exported job JSON in one format; `isCompressed` when it is gzip-compressed.
        case export(ExportFormat, isCompressed: Bool)
    }

    var identity: SourceIdentity
    var content: Content
}

/// Identifies an input by content and decides how to read it.
///
/// The identity is known before any record is written, so an ingest sees at once that the same
/// input was stored before: a file's SHA-256 comes from a first pass over its bytes (far cheaper
/// than decoding them), a folder's fingerprint from its file list.
enum InputOpener {
    /// Opens `path`; `format` overrides detection for exported JSON.
    ///
    /// `jidIsGiven` is true when the user gave `--jid`, so an error message does not request it again.
    ///
    /// - Throws: `ArchiveError` when the path cannot be read, and `InputError` when the content
    ///   is of no known kind or could be several export formats.
    static func open(path: String, format: ExportFormat?, jidIsGiven: Bool = false) throws -> OpenedInput {
        let kind = try InputDetector.detect(path: path)
        switch kind {
        case .folder:
            let fingerprint = try FolderFingerprint.compute(folder: path)
            let identity = SourceIdentity(
                path: path,
                kind: "job-cache-folder",
                size: fingerprint.totalSize,
                sha256: fingerprint.sha256,
                fileCount: fingerprint.fileCount
            )
            return OpenedInput(identity: identity, content: .jobCache)
        case .tar, .gzipTar:
            let identity = try fileIdentity(path, kind: kind == .tar ? "job-cache-tar" : "job-cache-tar-gz")
            return OpenedInput(identity: identity, content: .jobCache)
        case .unsupported(let message):
            throw InputError(path: path, message: message)
        case .gzip, .json, .unknown:
            let isCompressed = kind == .gzip
            let prefix = try readPrefix(
                of: stream(path: path, isCompressed: isCompressed),
                count: ExportDetector.prefixSize
            )
            // Checked before `format` too, since a forced format would read UTF-16 as broken JSON.
            if let encoding = UnicodeTextEncoding.nonUTF8Name(prefix) {
                throw InputError(path: path, message: UnicodeTextEncoding.message(encoding: encoding))
            }
            let format =
                try format
                ?? detectExport(prefix, path: path, isCompressed: isCompressed, jidIsGiven: jidIsGiven)
            let identity = try fileIdentity(path, kind: format.rawValue + (isCompressed ? "+gzip" : ""))
            return OpenedInput(identity: identity, content: .export(format, isCompressed: isCompressed))
        }
    }

    /// The most bytes a compressed export read as one document may decompress to.
    ///
    /// Such a document is held in memory whole, so without a limit a small gzip bomb could claim
    /// all of it. Event logs are read line by line and need no limit.
    static let documentSizeLimit: Int64 = 512 << 20

    /// Opens the bytes of a file, decompressing them when `isCompressed`, up to
    /// `decompressedSizeLimit` bytes when one is given.
    static func stream(path: String, isCompressed: Bool, decompressedSizeLimit: Int64? = nil) throws -> any ByteStream {
        let file = try FileByteStream(path: path, computesDigest: false)
        return isCompressed ? GzipByteStream(source: file, decompressedSizeLimit: decompressedSizeLimit) : file
    }

    private static func fileIdentity(_ path: String, kind: String) throws -> SourceIdentity {
        let file = try FileByteStream(path: path)
        let sha256 = hexString(try file.drainForDigest())
        return SourceIdentity(path: path, kind: kind, size: file.fileSize, sha256: sha256)
    }

    /// The largest prefix that detection reads when the first `ExportDetector.prefixSize` bytes
    /// match several formats.
    ///
    /// It is 64 MiB, 256 times the first prefix, reached in four reads that each grow the prefix
    /// 4 times. An input whose first document is larger still needs `--input-format`.
    static let maxDetectionPrefixSize = ExportDetector.prefixSize << 8

    /// Detects the export format from the first bytes of the (decompressed) content.
    ///
    /// While the prefix matches several formats and the input goes on, a prefix 4 times as long
    /// is read, up to `maxDetectionPrefixSize`. A `salt --out=json` capture whose first return is
    /// larger than the prefix reads as one object keyed by a minion id, as `salt --static` and
    /// `jobs.lookup_jid` print, and only its second document distinguishes it.
    private static func detectExport(
        _ prefix: [UInt8],
        path: String,
        isCompressed: Bool,
        jidIsGiven: Bool
    ) throws -> ExportFormat {
        var prefix = prefix
        var requested = ExportDetector.prefixSize
        var detection = ExportDetector.detect(prefix)
        while case .ambiguous = detection, prefix.count == requested, requested < maxDetectionPrefixSize {
            requested = min(requested * 4, maxDetectionPrefixSize)
            prefix = try readPrefix(of: stream(path: path, isCompressed: isCompressed), count: requested)
            detection = ExportDetector.detect(prefix)
        }

        let message = detection.message(jidIsGiven: jidIsGiven) ?? ""
        switch detection {
        case .format(let format):
            return format
        case .ambiguous:
            throw InputError(path: path, message: message)
        case .unknown:
            let inputKinds = "neither a Salt job cache (folder, .tar, .tar.gz) nor exported job JSON; "
            throw InputError(path: path, message: inputKinds + message)
        }
    }

    /// Reads a stream to its end into one buffer.
    ///
    /// With `expectedSize` (the file size of an uncompressed input) the buffer is allocated once,
    /// so a large document is never held twice while the buffer grows.
    static func readAll(_ stream: any ByteStream, expectedSize: Int64? = nil) throws -> [UInt8] {
        var bytes: [UInt8] = []
        if let expectedSize, expectedSize > 0, expectedSize < Int64(Int.max) {
            bytes.reserveCapacity(Int(expectedSize))
        }
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try stream.read(into: $0) }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// Reads up to `count` bytes from the start of `stream`.
    ///
    /// Damage after the first bytes ends the prefix without an error. Detection needs only the
    /// start, and reading the input then reports the damage after the records before it. A gzip
    /// event log cut off within its first 256 KiB was rejected whole before.
    private static func readPrefix(of stream: any ByteStream, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let read: Int
            do {
                read = try bytes.withUnsafeMutableBytes { buffer in
                    try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                }
            } catch {
                if filled > 0 { break }
                throw error
            }
            if read == 0 { break }
            filled += read
        }
        return Array(bytes[..<filled])
    }
}

/// An input whose content saltpan cannot read as it is.
struct InputError: Error, CustomStringConvertible {
    var path: String
    var message: String

    /// The message alone: callers print the input's path before it.
    var description: String {
        message
    }
}
