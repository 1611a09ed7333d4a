/// A byte stream over an array in memory, for tests and for small inputs already loaded.
public final class MemoryByteStream: ByteStream {
    private let bytes: [UInt8]
    private let maxReadSize: Int
    private var position = 0

    /// Creates a stream over `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: The stream's contents.
    ///   - maxReadSize: The most bytes one `read(into:)` call returns, so tests can imitate a
    ///     pipe or socket that delivers input in small pieces. Values below 1 count as 1.
    public init(_ bytes: [UInt8], maxReadSize: Int = Int.max) {
        self.bytes = bytes
        self.maxReadSize = max(1, maxReadSize)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - position, maxReadSize)
        guard count > 0 else { return 0 }

        bytes.withUnsafeBytes { source in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[position..<(position + count)]))
        }
        position += count
        return count
    }
}
