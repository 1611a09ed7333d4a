import Testing

@testable import SaltPanCore

@Suite struct GzipByteStreamTests {
    private func gunzip(
        _ compressed: [UInt8],
        limit: Int64? = nil,
        maxReadSize: Int = .max,
        bufferSize: Int = 64 * 1024
    ) throws -> (bytes: [UInt8], error: ArchiveError?, stream: GzipByteStream) {
        let stream = GzipByteStream(
            source: MemoryByteStream(compressed, maxReadSize: maxReadSize),
            decompressedSizeLimit: limit
        )
        let result = ArchiveTesting.drain(stream, bufferSize: bufferSize)
        return (result.bytes, result.error, stream)
    }

    @Test func singleMemberRoundTrip() throws {
        let original = ArchiveTesting.pseudoRandomBytes(300_000)
        let result = try gunzip(try ArchiveTesting.gzip(original))
        #expect(result.error == nil)
        #expect(result.bytes == original)
        #expect(result.stream.decompressedByteCount == 300_000)
        #expect(result.stream.completedMemberCount == 1)
    }

    /// `cat a.gz b.gz > ab.gz`, as pigz and log rotation produce.
    @Test func concatenatedMembers() throws {
        let first = ArchiveTesting.pseudoRandomBytes(100_000, seed: 1)
        let second = Array("second member\n".utf8)
        let compressed = try ArchiveTesting.gzip(first) + ArchiveTesting.gzip(second)
        let result = try gunzip(compressed)
        #expect(result.error == nil)
        #expect(result.bytes == first + second)
        #expect(result.stream.completedMemberCount == 2)
    }

    /// One-byte reads from the source make every member boundary fall between reads.
    @Test func concatenatedMembersWithOneByteReads() throws {
        let parts = [Array("alpha\n".utf8), [], Array("gamma\n".utf8)]
        var compressed: [UInt8] = []
        for part in parts {
            compressed += try ArchiveTesting.gzip(part)
        }
        let result = try gunzip(compressed, maxReadSize: 1, bufferSize: 3)
        #expect(result.error == nil)
        #expect(result.bytes == Array("alpha\ngamma\n".utf8))
        #expect(result.stream.completedMemberCount == 3)
    }

    /// Tape drives pad files with zero blocks; GNU gzip ignores trailing zeros.
    @Test func trailingZerosIgnored() throws {
        let original = Array("padded\n".utf8)
        let result = try gunzip(try ArchiveTesting.gzip(original) + [UInt8](repeating: 0, count: 10_240))
        #expect(result.error == nil)
        #expect(result.bytes == original)
    }

    @Test func trailingGarbageReported() throws {
        let original = Array("data before the garbage\n".utf8)
        let compressed = try ArchiveTesting.gzip(original)
        let result = try gunzip(compressed + Array("GARBAGE".utf8))
        #expect(result.bytes == original)
        let error = try #require(result.error)
        #expect(error.message.contains("trailing garbage at compressed byte \(compressed.count)"))
        #expect(!error.isRecoverable)
    }

    @Test func zeroPaddingThenGarbageReported() throws {
        let compressed = try ArchiveTesting.gzip(Array("x".utf8))
        let result = try gunzip(compressed + [0, 0, 0, 7])
        let error = try #require(result.error)
        #expect(error.message.contains("trailing garbage at compressed byte \(compressed.count + 3)"))
    }

    /// A `.tar.gz` cut short, as an interrupted copy leaves it.
    @Test func truncatedInputReported() throws {
        let original = ArchiveTesting.pseudoRandomBytes(200_000)
        let compressed = try ArchiveTesting.gzip(original)
        let cut = Array(compressed[0..<100_000])
        let result = try gunzip(cut)
        let error = try #require(result.error)
        #expect(error.message.hasPrefix("unexpected end of gzip stream at compressed byte 100000"))
        #expect(error.offset == Int64(result.bytes.count))
        #expect(result.bytes.count < original.count)
        #expect(result.bytes == Array(original[0..<result.bytes.count]))
    }

    /// Only the 8-byte trailer (CRC-32 and length) is missing.
    @Test func missingTrailerReported() throws {
        let compressed = try ArchiveTesting.gzip(Array("short\n".utf8))
        let result = try gunzip(Array(compressed.dropLast(8)))
        let error = try #require(result.error)
        #expect(error.message.hasPrefix("unexpected end of gzip stream"))
    }

    @Test func emptyInputReported() throws {
        let result = try gunzip([])
        let error = try #require(result.error)
        #expect(error.message.hasPrefix("unexpected end of gzip stream at compressed byte 0"))
    }

    @Test func notGzipReported() throws {
        let result = try gunzip(Array("plain text, not gzip".utf8))
        let error = try #require(result.error)
        #expect(error.message.hasPrefix("invalid gzip data at compressed byte"))
        #expect(error.message.contains("incorrect gzip header"))
    }

    /// A wrong length in the trailer fails the member's check.
    ///
    /// The trailer's last four bytes contain the member's length modulo 2^32. gzip checks it as
    /// well as the CRC-32, because a changed length means a damaged or spliced file.
    @Test func wrongLengthInTrailerReported() throws {
        let original = Array(String(repeating: "salt job cache ", count: 200).utf8)
        var compressed = try ArchiveTesting.gzip(original)
        compressed[compressed.count - 4] ^= 0x01
        let result = try gunzip(compressed)
        let error = try #require(result.error)
        #expect(error.message.contains("incorrect length in the gzip trailer"))
        #expect(error.message.contains("in gzip member 1"))
    }

    /// A gzip header whose method byte is not 8 (deflate) names a compression gzip never used.
    @Test func unknownMethodReported() throws {
        var compressed = try ArchiveTesting.gzip(Array("salt".utf8))
        compressed[2] = 7
        let result = try gunzip(compressed)
        let error = try #require(result.error)
        #expect(error.message.contains("unknown compression method"))
    }

    /// The member's bytes reach the caller before the check of its trailer fails.
    ///
    /// `gzip -dc` too writes them before it reports the damage. Reads of one byte split the
    /// trailer over many reads of the compressed input.
    @Test func damagedTrailerAfterAllBytes() throws {
        let original = ArchiveTesting.pseudoRandomBytes(100_000)
        var compressed = try ArchiveTesting.gzip(original)
        compressed[compressed.count - 8] ^= 0x80
        for maxReadSize in [1, 7, 64 * 1024] {
            let result = try gunzip(compressed, maxReadSize: maxReadSize)
            let error = try #require(result.error)
            #expect(error.message.contains("incorrect CRC-32 in the gzip trailer"))
            #expect(result.bytes == original)
        }
    }

    /// Optional header fields are skipped, also when the header arrives one byte at a time.
    ///
    /// `gzip FILE` stores the file name in the header, and other writers add an extra field or
    /// a comment.
    @Test func optionalHeaderFieldsSkipped() throws {
        let original = Array(String(repeating: "jobs/8f/0c1d/.load.p ", count: 500).utf8)
        let plain = try ArchiveTesting.gzip(original)
        var compressed = Array(plain[0..<10])
        compressed[3] |= 0x04 | 0x08 | 0x10
        compressed += [5, 0] + Array("extra".utf8)
        compressed += Array("jobs.tar\0".utf8) + Array("a comment\0".utf8)
        compressed += plain[10...]
        for maxReadSize in [1, 64 * 1024] {
            let result = try gunzip(compressed, maxReadSize: maxReadSize)
            #expect(result.error == nil)
            #expect(result.bytes == original)
        }
    }

    /// Damage inside the deflate data fails either the decoding or the CRC-32 check.
    @Test func damagedDeflateDataReported() throws {
        let original = ArchiveTesting.pseudoRandomBytes(50_000)
        var compressed = try ArchiveTesting.gzip(original)
        compressed[compressed.count / 2] ^= 0x10
        let result = try gunzip(compressed)
        let error = try #require(result.error)
        #expect(error.message.hasPrefix("invalid gzip data at compressed byte"))
    }

    /// A flipped bit in the trailer's CRC-32 fails the member's check.
    @Test func corruptedDataReported() throws {
        let original = Array(String(repeating: "salt job cache ", count: 200).utf8)
        var compressed = try ArchiveTesting.gzip(original)
        compressed[compressed.count - 6] ^= 0x01
        let result = try gunzip(compressed)
        let error = try #require(result.error)
        #expect(error.message.contains("incorrect CRC-32"))
    }

    /// 10 MB of zeros compress to about 10 KB: the shape of a gzip bomb.
    @Test func decompressedSizeLimitStopsBomb() throws {
        let compressed = try ArchiveTesting.gzip([UInt8](repeating: 0, count: 10_000_000))
        let result = try gunzip(compressed, limit: 1_000_000)
        let error = try #require(result.error)
        #expect(error.message.contains("more than the limit of 1000000 bytes"))
        #expect(result.bytes.count == 1_000_000)
    }

    @Test func decompressedSizeLimitAllowsExactSize() throws {
        let original = ArchiveTesting.pseudoRandomBytes(5000)
        let result = try gunzip(try ArchiveTesting.gzip(original), limit: 5000)
        #expect(result.error == nil)
        #expect(result.bytes == original)
    }

    @Test func errorRepeatsOnLaterReads() throws {
        let stream = GzipByteStream(source: MemoryByteStream(Array("not gzip".utf8)))
        let first = ArchiveTesting.drain(stream)
        let second = ArchiveTesting.drain(stream)
        #expect(first.error?.message == second.error?.message)
        #expect(second.error != nil)
    }
}
