// `stdout` is a mutable Glibc global. StandardError.swift explains why this
// file imports Glibc with `@preconcurrency` and must not import Foundation.
@preconcurrency import Glibc

/// A byte buffer in front of a C stream, for printing many rows quickly.
///
/// Text and bytes are appended to an in-memory buffer, which is written with
/// `fwrite` when it reaches its capacity (64 KiB by default), when `flush()`
/// is called, and when the buffer is deinitialized. Printing one row at a
/// time with `print` is several times slower for large outputs, because
/// every call goes through stdio with its own locking.
///
/// A process that ends with `exit` must call `flush()` first, because `exit`
/// does not run Swift deinitializers. A write error (for example a closed
/// pipe when SIGPIPE is ignored) is recorded in `hasWriteError` and does not
/// stop later writes.
public final class OutputBuffer: TextOutputStream {
    /// The number of bytes buffered before the buffer writes itself out.
    public let capacity: Int

    /// Whether an `fwrite` or `fflush` on the stream has failed.
    public private(set) var hasWriteError = false
    /// The `errno` of the first failed write, such as ENOSPC for a full disk.
    private var writeErrorNumber: Int32 = 0

    private let stream: UnsafeMutablePointer<FILE>
    private var bytes: [UInt8] = []

    /// Creates a buffer that writes to `stream`, standard output by default.
    public init(stream: UnsafeMutablePointer<FILE> = stdout, capacity: Int = 65_536) {
        self.stream = stream
        self.capacity = max(capacity, 1)
        bytes.reserveCapacity(self.capacity)
    }

    deinit {
        flush()
    }

    /// Appends the UTF-8 bytes of `string`.
    public func write(_ string: String) {
        bytes.append(contentsOf: string.utf8)
        flushIfFull()
    }

    /// Appends raw bytes, for output that is not text or is already encoded.
    public func write(bytes newBytes: some Sequence<UInt8>) {
        bytes.append(contentsOf: newBytes)
        flushIfFull()
    }

    /// Writes the buffered bytes to the stream and flushes the stream.
    public func flush() {
        if !bytes.isEmpty {
            let written = bytes.withUnsafeBufferPointer { buffer in
                fwrite(buffer.baseAddress, 1, buffer.count, stream)
            }
            if written != bytes.count {
                recordWriteError()
            }
            bytes.removeAll(keepingCapacity: true)
        }

        if fflush(stream) != 0 {
            recordWriteError()
        }
    }

    /// Flushes the buffer and throws when any write to the stream failed, so a command that
    /// could not write all its output, to a full disk for example, does not exit with success.
    public func finish() throws(OutputWriteError) {
        flush()
        guard hasWriteError else { return }
        throw OutputWriteError(reason: String(cString: strerror(writeErrorNumber)))
    }

    private func recordWriteError() {
        if !hasWriteError { writeErrorNumber = errno }
        hasWriteError = true
    }

    private func flushIfFull() {
        if bytes.count >= capacity {
            flush()
        }
    }
}

/// A failed write to standard output, such as to a full disk.
public struct OutputWriteError: Error, Sendable, CustomStringConvertible {
    /// The system's text for the error, such as "No space left on device".
    public var reason: String

    public var description: String {
        "cannot write the output: \(reason); the output is incomplete"
    }
}
