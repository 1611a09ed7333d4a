import CZlib

/// A byte stream that decompresses gzip data read from another stream, member after member.
///
/// Concatenated members (`cat a.gz b.gz`, or pigz output) decompress as one stream, like
/// `gzip -dc` does. Zero bytes after the last member (tape padding) are ignored, as GNU gzip
/// ignores them. Any other bytes after a member are reported as trailing garbage.
public final class GzipByteStream: ByteStream {
    /// The size of the buffer for compressed input.
    public static let inputBufferSize = 64 * 1024

    /// The most decompressed bytes this stream returns before it fails, or nil for no limit.
    public let decompressedSizeLimit: Int64?
    /// The number of decompressed bytes returned so far, which is the offset of the next byte.
    public private(set) var decompressedByteCount: Int64 = 0
    /// The number of gzip members decompressed to their end so far.
    public private(set) var completedMemberCount = 0

    private let source: any ByteStream
    /// zlib keeps this structure's address inside its own state, so it lives in one heap
    /// allocation for the stream's whole life and is never copied.
    private let zlibStream: UnsafeMutablePointer<z_stream>
    private let inputBuffer: UnsafeMutableRawBufferPointer
    private var sourceBytesRead: Int64 = 0
    private var sourceIsExhausted = false
    private var state = State.inflating

    private enum State {
        case inflating
        /// A member ended, and the bytes after it are checked on the next read. The member's
        /// last bytes thus reach the caller before any error about what follows.
        case memberEnded
        case finished
        case failed(ArchiveError)
    }

    /// Creates a stream that decompresses the gzip data read from `source`.
    ///
    /// - Parameters:
    ///   - source: The compressed bytes, such as a `FileByteStream`.
    ///   - decompressedSizeLimit: The most decompressed bytes to return before failing, as a
    ///     guard against gzip bombs (a few KB that inflate to many GB). Nil sets no limit.
    /// - Throws: `ArchiveError` when zlib cannot be initialised.
    public init(source: any ByteStream, decompressedSizeLimit: Int64? = nil) throws {
        let zlibStream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        zlibStream.initialize(to: z_stream())

        // 15 + 16: the largest window, and expect a gzip header and trailer (not zlib or raw).
        let status = czlib_inflateInit2(zlibStream, 15 + 16)
        guard status == Z_OK else {
            zlibStream.deinitialize(count: 1)
            zlibStream.deallocate()
            throw ArchiveError(message: "Failed to initialise zlib for gzip decompression (zlib status \(status)).")
        }

        self.source = source
        self.decompressedSizeLimit = decompressedSizeLimit
        self.zlibStream = zlibStream
        self.inputBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.inputBufferSize, alignment: 16)
    }

    deinit {
        inflateEnd(zlibStream)
        zlibStream.deinitialize(count: 1)
        zlibStream.deallocate()
        inputBuffer.deallocate()
    }

    /// The offset in the compressed input of the next byte zlib will consume.
    public var compressedOffset: Int64 {
        sourceBytesRead - Int64(zlibStream.pointee.avail_in)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }

        do {
            switch state {
            case .finished:
                return 0
            case .failed(let error):
                throw error
            case .memberEnded:
                guard try startNextMember() else {
                    state = .finished
                    return 0
                }
                state = .inflating
            case .inflating:
                break
            }
            return try inflateWithinLimit(into: base, requested: buffer.count)
        } catch let error as ArchiveError {
            state = .failed(error)
            throw error
        }
    }

    /// Inflates at most up to the decompressed size limit, and fails only when data beyond the
    /// limit exists, so every byte up to the limit reaches the caller.
    private func inflateWithinLimit(into base: UnsafeMutableRawPointer, requested: Int) throws -> Int {
        // avail_out is 32 bits wide.
        let capacity = min(requested, Int(UInt32.max))
        guard let decompressedSizeLimit else { return try inflateSome(into: base, capacity: capacity) }

        let remaining = decompressedSizeLimit - decompressedByteCount
        if remaining > 0 {
            return try inflateSome(into: base, capacity: Int(min(Int64(capacity), remaining)))
        }

        var probe: UInt8 = 0
        let producedBeyondLimit = try inflateSome(into: &probe, capacity: 1)
        guard producedBeyondLimit == 0 else { throw sizeLimitError(decompressedSizeLimit) }
        return 0
    }

    /// Inflates into `base` until at least one byte is produced or a member ends.
    ///
    /// Returns 0 only at the end of the last member.
    private func inflateSome(into base: UnsafeMutableRawPointer, capacity: Int) throws -> Int {
        while true {
            if zlibStream.pointee.avail_in == 0 && !sourceIsExhausted {
                try refillInput()
            }

            zlibStream.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
            zlibStream.pointee.avail_out = uInt(capacity)
            let status = inflate(zlibStream, Z_NO_FLUSH)
            let produced = capacity - Int(zlibStream.pointee.avail_out)
            decompressedByteCount += Int64(produced)

            switch status {
            case Z_OK, Z_BUF_ERROR:
                if produced > 0 { return produced }
                if zlibStream.pointee.avail_in == 0 && sourceIsExhausted { throw truncationError() }
                if zlibStream.pointee.avail_in > 0 && status == Z_BUF_ERROR {
                    throw zlibError(status, "inflate made no progress with input and output space available")
                }
            case Z_STREAM_END:
                completedMemberCount += 1
                if produced > 0 {
                    state = .memberEnded
                    return produced
                }
                guard try startNextMember() else {
                    state = .finished
                    return 0
                }
            case Z_DATA_ERROR:
                throw zlibError(status, "invalid gzip data")
            case Z_MEM_ERROR:
                throw zlibError(status, "zlib ran out of memory")
            default:
                throw zlibError(status, "zlib inflate failed")
            }
        }
    }

    /// Looks past the end of a member, and returns true when another member follows.
    ///
    /// Returns false at the end of the input, also after zero padding.
    ///
    /// - Throws: `ArchiveError` when bytes other than zeros or a gzip header follow.
    private func startNextMember() throws -> Bool {
        var seenZeroPadding = false
        while true {
            if zlibStream.pointee.avail_in == 0 {
                if sourceIsExhausted { return false }
                try refillInput()
                continue
            }

            guard let next = zlibStream.pointee.next_in else { return false }
            let available = Int(zlibStream.pointee.avail_in)
            if next.pointee == 0x1f && !seenZeroPadding {
                let status = inflateReset(zlibStream)
                guard status == Z_OK else { throw zlibError(status, "zlib could not start the next gzip member") }
                return true
            }

            let zeroCount = countLeadingZeros(next, count: available)
            zlibStream.pointee.next_in = next + zeroCount
            zlibStream.pointee.avail_in = uInt(available - zeroCount)
            guard zeroCount == available else { throw trailingGarbageError() }
            seenZeroPadding = true
        }
    }

    private func countLeadingZeros(_ bytes: UnsafeMutablePointer<Bytef>, count: Int) -> Int {
        var index = 0
        while index < count && bytes[index] == 0 {
            index += 1
        }
        return index
    }

    private func refillInput() throws {
        let count = try source.read(into: inputBuffer)
        guard count > 0, let base = inputBuffer.baseAddress else {
            sourceIsExhausted = true
            return
        }

        zlibStream.pointee.next_in = base.assumingMemoryBound(to: Bytef.self)
        zlibStream.pointee.avail_in = uInt(count)
        sourceBytesRead += Int64(count)
    }

    private func sizeLimitError(_ limit: Int64) -> ArchiveError {
        ArchiveError(
            message: "gzip data decompresses to more than the limit of \(limit) bytes "
                + "(at compressed byte \(compressedOffset)); the input may be a gzip bomb. "
                + "Raise the decompressed size limit only if the input is trusted.",
            offset: decompressedSizeLimit
        )
    }

    private func truncationError() -> ArchiveError {
        ArchiveError(
            message: "unexpected end of gzip stream at compressed byte \(compressedOffset) "
                + "in gzip member \(completedMemberCount + 1); the file is truncated or was still being written",
            offset: decompressedByteCount
        )
    }

    private func trailingGarbageError() -> ArchiveError {
        ArchiveError(
            message: "trailing garbage at compressed byte \(compressedOffset) after gzip member "
                + "\(completedMemberCount): the bytes are neither another gzip member nor zero padding",
            offset: decompressedByteCount
        )
    }

    private func zlibError(_ status: Int32, _ summary: String) -> ArchiveError {
        var detail = "zlib status \(status)"
        if let message = zlibStream.pointee.msg {
            detail += ": \(String(cString: message))"
        }
        return ArchiveError(
            message: "\(summary) at compressed byte \(compressedOffset) in gzip member "
                + "\(completedMemberCount + 1) (\(detail))",
            offset: decompressedByteCount
        )
    }
}
