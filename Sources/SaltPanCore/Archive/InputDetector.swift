/// Detects what an input path contains by reading its first bytes.
public enum InputDetector {
    /// How many bytes detection reads, decompressed when the input is gzip: one tar header.
    public static let peekSize = TarHeader.blockSize

    /// Returns the kind of input at `path`: a folder, or a file classified by its content.
    ///
    /// A gzip file is decompressed far enough to see whether a tar archive is inside. A gzip
    /// stream that fails to decompress within its first 512 bytes is reported as `.gzip`.
    ///
    /// - Throws: `ArchiveError` when `path` does not exist or cannot be read.
    public static func detect(path: String) throws -> InputKind {
        guard let info = SystemCalls.fileStatus(Array(path.utf8)) else {
            throw ArchiveError(
                message:
                    "Failed to read '\(path)': \(SystemCalls.errorDescription()). Check the path and its permissions."
            )
        }
        if SystemCalls.isDirectory(info) { return .folder }
        // A named pipe or a device can be read once only, and opening a drained pipe again
        // waits for a writer that never comes.
        guard SystemCalls.isRegularFile(info) else {
            throw ArchiveError(
                message: "Failed to read '\(path)': it is a named pipe or a device, not a regular file. saltpan "
                    + "reads each input more than once (to recognise it, to fingerprint it and to ingest it), "
                    + "so save the stream to a file first."
            )
        }

        let prefix = try readPrefix(of: FileByteStream(path: path))
        guard isGzip(prefix) else { return classify(prefix) }

        let decompressed: [UInt8]
        do {
            decompressed = try readPrefix(of: GzipByteStream(source: FileByteStream(path: path)))
        } catch is ArchiveError {
            return .gzip
        }
        return isTarHeader(decompressed) ? .gzipTar : .gzip
    }

    /// Classifies the first bytes of an uncompressed file: tar, JSON, a known kind saltpan does
    /// not read, or unknown.
    ///
    /// Gzip data is reported as `.gzip`, because telling `.gzipTar` apart needs decompression.
    /// Unknown content may still be an export that starts with text lines, such as a `salt`
    /// capture. An unsupported kind is never read as one, even where a stored zip member looks
    /// like one.
    public static func classify(_ prefix: [UInt8]) -> InputKind {
        if isGzip(prefix) { return .gzip }
        if isTarHeader(prefix) { return .tar }
        // Before JSON, because UTF-16LE text starts with `{` too.
        if let message = unsupportedKind(prefix) { return .unsupported(message) }
        if looksLikeJSON(prefix) { return .json }
        return .unknown(describe(prefix))
    }

    /// Returns true when `bytes` start with a tar header whose checksum is valid.
    ///
    /// The `ustar` magic is not required, because v7 archives have none.
    public static func isTarHeader(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= TarHeader.blockSize else { return false }
        return bytes.withUnsafeBytes { raw in
            let block = UnsafeRawBufferPointer(rebasing: raw[0..<TarHeader.blockSize])
            return !TarHeader.isZeroBlock(block) && TarHeader.checksumMatches(block)
        }
    }

    private static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0x1f, 0x8b])
    }

    /// Returns true when the first character after an optional byte order mark and whitespace
    /// is `{` or `[`.
    private static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
        var text = bytes[...]
        if text.starts(with: [0xef, 0xbb, 0xbf]) { text = text.dropFirst(3) }
        let whitespace: Set<UInt8> = [0x20, 0x09, 0x0a, 0x0d]
        guard let first = text.first(where: { !whitespace.contains($0) }) else { return false }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
    }

    /// Returns the message for an archive or compression format saltpan does not read, or for
    /// text that is not UTF-8; nil for other content.
    private static func unsupportedKind(_ bytes: [UInt8]) -> String? {
        for (magic, name) in knownFormats where bytes.starts(with: magic) {
            return "\(name), which is not supported; convert it to a .tar.gz or unpack it to a folder"
        }
        return UnicodeTextEncoding.nonUTF8Name(bytes).map { UnicodeTextEncoding.message(encoding: $0) }
    }

    /// Describes unrecognised content by its first bytes in hex and text.
    private static func describe(_ bytes: [UInt8]) -> String {
        if bytes.isEmpty { return "empty file" }

        let head = Array(bytes.prefix(16))
        let printable = head.map { (0x20..<0x7f).contains($0) ? Character(UnicodeScalar($0)) : "." }
        return "first bytes: \(hexString(head)) \"\(String(printable))\""
    }

    private static let knownFormats: [([UInt8], String)] = [
        ([0x50, 0x4b, 0x03, 0x04], "a zip archive"),
        ([0x42, 0x5a, 0x68], "bzip2-compressed data"),
        ([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], "xz-compressed data"),
        ([0x28, 0xb5, 0x2f, 0xfd], "zstd-compressed data"),
        ([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], "a 7-Zip archive"),
    ]

    /// Reads up to `peekSize` bytes from the start of `stream`.
    private static func readPrefix(of stream: any ByteStream) throws -> [UInt8] {
        var prefix = [UInt8](repeating: 0, count: peekSize)
        var count = 0
        try prefix.withUnsafeMutableBytes { buffer in
            while count < buffer.count {
                let read = try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...]))
                if read == 0 { break }
                count += read
            }
        }
        return Array(prefix[0..<count])
    }
}
