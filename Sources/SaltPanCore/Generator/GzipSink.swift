import CZlib

/// Compresses what is written to it into one gzip member, as `gzip -6` does, and passes the
/// compressed bytes to another sink.
final class GzipSink: ByteSink {
    private let destination: any ByteSink
    /// zlib keeps this structure's address inside its own state, so it lives in one heap
    /// allocation for the sink's whole life.
    private let zlibStream: UnsafeMutablePointer<z_stream>
    private var output = [UInt8](repeating: 0, count: 256 * 1024)
    private var isFinished = false

    init(destination: any ByteSink, level: Int32 = 6) throws {
        let zlibStream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        zlibStream.initialize(to: z_stream())
        // 15 + 16: the largest window, with a gzip header and trailer instead of zlib's.
        let status = czlib_deflateInit2(zlibStream, level, 15 + 16)
        guard status == Z_OK else {
            zlibStream.deinitialize(count: 1)
            zlibStream.deallocate()
            throw GeneratorError("Failed to initialise zlib for gzip compression (zlib status \(status)).")
        }
        self.destination = destination
        self.zlibStream = zlibStream
    }

    deinit {
        deflateEnd(zlibStream)
        zlibStream.deinitialize(count: 1)
        zlibStream.deallocate()
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        // avail_in is 32 bits wide, so large writes go in pieces.
        var offset = 0
        while offset < bytes.count {
            let count = min(bytes.count - offset, Int(UInt32.max))
            zlibStream.pointee.next_in = UnsafeMutablePointer(
                mutating: (base + offset).assumingMemoryBound(to: Bytef.self)
            )
            zlibStream.pointee.avail_in = UInt32(count)
            try deflateAll(flush: Z_NO_FLUSH)
            offset += count
        }
    }

    func finish() throws {
        guard !isFinished else { return }
        isFinished = true
        zlibStream.pointee.next_in = nil
        zlibStream.pointee.avail_in = 0
        try deflateAll(flush: Z_FINISH)
        try destination.finish()
    }

    /// Runs deflate until it has taken all input, or for `Z_FINISH` until the stream ends.
    private func deflateAll(flush: Int32) throws {
        while true {
            let (status, produced) = output.withUnsafeMutableBytes { buffer in
                zlibStream.pointee.next_out = buffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
                zlibStream.pointee.avail_out = UInt32(buffer.count)
                let status = deflate(zlibStream, flush)
                return (status, buffer.count - Int(zlibStream.pointee.avail_out))
            }
            if produced > 0 {
                try output.withUnsafeBytes { try destination.write(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
            }
            if status == Z_STREAM_END { return }
            if status == Z_BUF_ERROR, produced == 0, flush == Z_FINISH {
                throw GeneratorError("zlib made no progress while finishing the gzip stream.")
            }
            guard status == Z_OK || status == Z_BUF_ERROR else {
                throw GeneratorError("zlib failed to compress (status \(status)).")
            }
            if flush != Z_FINISH, zlibStream.pointee.avail_in == 0, zlibStream.pointee.avail_out > 0 { return }
        }
    }
}
