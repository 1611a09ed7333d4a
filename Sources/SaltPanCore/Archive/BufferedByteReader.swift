/// Reads exact byte counts from a `ByteStream` through one fixed buffer and counts the offset.
///
/// Tar members must be read in 512-byte headers and data of a stated length, while streams
/// return whatever count they have; this type bridges the two without holding more than
/// `bufferSize` bytes of input.
final class BufferedByteReader {
    static let bufferSize = 64 * 1024

    /// The number of bytes consumed so far, which is the input offset of the next byte.
    private(set) var offset: Int64 = 0

    private let source: any ByteStream
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    /// The buffered bytes not yet consumed are `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    private var sourceIsExhausted = false

    init(source: any ByteStream) {
        self.source = source
        self.buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Self.bufferSize)
    }

    deinit {
        buffer.deallocate()
    }

    /// Fills `destination` and returns its count, or fewer bytes only at the end of the input.
    func read(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        var copied = 0
        while copied < destination.count, try fillIfEmpty() {
            let count = min(destination.count - copied, end - start)
            let chunk = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[start..<(start + count)]))
            UnsafeMutableRawBufferPointer(rebasing: destination[copied...]).copyMemory(from: chunk)
            consume(count)
            copied += count
        }
        return copied
    }

    /// Appends the next `count` bytes to `data` and returns how many were appended, which is
    /// fewer than `count` only at the end of the input.
    func append(_ count: Int, to data: inout [UInt8]) throws -> Int {
        var appended = 0
        while appended < count, try fillIfEmpty() {
            let chunkCount = min(count - appended, end - start)
            data.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<(start + chunkCount)]))
            consume(chunkCount)
            appended += chunkCount
        }
        return appended
    }

    /// Discards the next `count` bytes and returns how many were discarded, which is fewer than
    /// `count` only at the end of the input.
    func skip(_ count: Int64) throws -> Int64 {
        var skipped: Int64 = 0
        while skipped < count, try fillIfEmpty() {
            let chunkCount = Int(min(count - skipped, Int64(end - start)))
            consume(chunkCount)
            skipped += Int64(chunkCount)
        }
        return skipped
    }

    /// Returns false when no buffered byte is left and the source has ended.
    private func fillIfEmpty() throws -> Bool {
        if start < end { return true }
        if sourceIsExhausted { return false }

        let count = max(0, min(try source.read(into: UnsafeMutableRawBufferPointer(buffer)), buffer.count))
        start = 0
        end = count
        if count == 0 { sourceIsExhausted = true }
        return count > 0
    }

    private func consume(_ count: Int) {
        start += count
        offset += Int64(count)
    }
}
