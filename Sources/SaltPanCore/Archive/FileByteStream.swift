/// A byte stream that reads a file with POSIX `read` and, unless told not to, hashes every byte it
/// returns.
///
/// The SHA-256 of the whole file identifies an input, so a caller that stops reading early
/// (a tar reader stopped by damage, say) calls `drainForDigest()` to hash the rest.
/// A caller that took the digest in an earlier pass turns hashing off, so the bytes are not hashed
/// twice.
public final class FileByteStream: ByteStream {
    public let path: String
    /// The file's size in bytes when it was opened, from `fstat`.
    public let fileSize: Int64
    /// The number of bytes returned by `read(into:)` and `drainForDigest()` so far.
    public private(set) var bytesRead: Int64 = 0
    private let descriptor: Int32
    /// Nil when the stream was opened with `computesDigest: false`.
    private var digest: SHA256?

    /// Opens the file at `path` for reading.
    ///
    /// - Parameters:
    ///   - path: The file to read.
    ///   - computesDigest: Whether to hash the bytes for `drainForDigest()`.
    /// - Throws: `ArchiveError` naming the path and the system's reason when the file cannot be
    ///   opened, or when `path` is a folder.
    public init(path: String, computesDigest: Bool = true) throws {
        let descriptor = SystemCalls.openForReading(Array(path.utf8))
        guard descriptor >= 0 else {
            throw ArchiveError(
                message:
                    "Failed to open '\(path)': \(SystemCalls.errorDescription()). Check the path and its permissions."
            )
        }

        guard let info = SystemCalls.fileStatus(descriptor: descriptor) else {
            let reason = SystemCalls.errorDescription()
            SystemCalls.close(descriptor)
            throw ArchiveError(message: "Failed to read the status of '\(path)': \(reason).")
        }
        guard !SystemCalls.isDirectory(info) else {
            SystemCalls.close(descriptor)
            throw ArchiveError(message: "'\(path)' is a folder, not a file; read it with FolderReader.")
        }

        self.path = path
        self.descriptor = descriptor
        self.fileSize = Int64(info.st_size)
        self.digest = computesDigest ? SHA256() : nil
    }

    deinit {
        SystemCalls.close(descriptor)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = SystemCalls.read(descriptor, into: buffer)
        guard count >= 0 else {
            throw ArchiveError(
                message: "Failed to read '\(path)': \(SystemCalls.errorDescription()).",
                offset: bytesRead
            )
        }

        digest?.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        bytesRead += Int64(count)
        return count
    }

    /// Reads the rest of the file and returns the SHA-256 digest of all of its bytes.
    ///
    /// Calling it again returns the same digest, and so does `read(into:)` returning 0 first.
    public func drainForDigest() throws -> [UInt8] {
        precondition(digest != nil, "drainForDigest() needs a stream opened with computesDigest: true")
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while try read(into: buffer) > 0 {}
        return digest?.finalize() ?? []
    }
}
