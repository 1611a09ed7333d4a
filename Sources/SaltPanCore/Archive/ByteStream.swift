/// A source of bytes read in order into a caller's buffer, such as a file or a decompressor.
///
/// Readers pull bytes through fixed-size buffers, so no stream needs to hold its whole input.
/// Streams are classes because they own operating-system or zlib resources that must not be
/// copied.
public protocol ByteStream: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer` and returns how many were read.
    ///
    /// Returns 0 only at the end of the stream; a short count before the end is allowed.
    ///
    /// - Throws: `ArchiveError` when the bytes cannot be read or are invalid (a damaged gzip
    ///   member, say). A stream that has thrown cannot be read further.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}
