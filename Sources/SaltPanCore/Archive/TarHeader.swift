#if canImport(Glibc)
import Glibc
#endif

/// The fields of one 512-byte tar header that the reader uses.
///
/// Layout from POSIX.1-1988 ustar (the v7 fields plus `magic` and `prefix`), as GNU tar and
/// pax also write it.
struct TarHeader {
    static let blockSize = 512

    enum Format {
        /// No magic: a Unix v7 header.
        case v7
        /// `ustar\0` and version `00`: POSIX ustar or pax, where `prefix` extends the name.
        case ustar
        /// `ustar  \0`: GNU tar, which stores times in the `prefix` area instead.
        case gnu
    }

    /// The `name` field up to its first NUL.
    var name: [UInt8]
    var size: Int64
    var typeflag: UInt8
    /// The `linkname` field up to its first NUL.
    var linkName: [UInt8]
    var format: Format
    /// The ustar `prefix` field up to its first NUL; empty for v7 and GNU headers.
    var prefix: [UInt8]
    /// True when a GNU sparse header says extension blocks with more of the sparse map follow.
    var hasSparseExtension: Bool

    /// The name joined with the ustar prefix.
    var fullName: [UInt8] {
        prefix.isEmpty ? name : prefix + [UInt8(ascii: "/")] + name
    }

    /// Parses a header block whose checksum was verified.
    ///
    /// - Throws: `TarHeaderError.invalidSize` when the size field is not a number this reader
    ///   can use.
    init(block: UnsafeRawBufferPointer) throws(TarHeaderError) {
        name = Self.text(block, 0, 100)
        guard let size = Self.number(block, 124, 12), size <= TarHeader.maxSize else {
            throw .invalidSize(Self.fieldDescription(block, 124, 12))
        }
        self.size = size
        typeflag = block[156]
        linkName = Self.text(block, 157, 100)
        format = Self.format(block)
        prefix = format == .ustar ? Self.text(block, 345, 155) : []
        hasSparseExtension = typeflag == UInt8(ascii: "S") && block[482] != 0
    }

    /// The largest size accepted, 2^62 bytes, which keeps offset arithmetic far from overflow.
    static let maxSize: Int64 = 1 << 62

    /// Returns true when `block` contains only zero bytes, as the end-of-archive marker does.
    static func isZeroBlock(_ block: UnsafeRawBufferPointer) -> Bool {
        block.allSatisfy { $0 == 0 }
    }

    /// Returns true when the stored checksum matches the block's bytes.
    ///
    /// The checksum is the sum of all 512 bytes with the checksum field counted as spaces.
    /// Old tars summed signed chars, so that sum is accepted too, as GNU tar does.
    static func checksumMatches(_ block: UnsafeRawBufferPointer) -> Bool {
        guard block.count == blockSize, let stored = octalNumber(block, 148, 8) else { return false }

        // Eight bytes at a time: each word's bytes are added into four 16-bit lanes, which
        // cannot overflow in 64 words (64 × 2 × 255 < 65,536), and its bytes of 0x80 or more are
        // counted by their high bits. A signed sum, which old Unix tars wrote, is 256 less for
        // each such byte. The checksum field then counts as eight spaces, as the format defines.
        var laneSums: UInt64 = 0
        var highBytes = 0
        for offset in stride(from: 0, to: blockSize, by: 8) {
            let word = block.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            laneSums &+= (word & 0x00ff_00ff_00ff_00ff) &+ ((word >> 8) & 0x00ff_00ff_00ff_00ff)
            highBytes &+= (word & 0x8080_8080_8080_8080).nonzeroBitCount
        }
        var unsignedSum = 0
        for lane in stride(from: 0, to: 64, by: 16) {
            unsignedSum += Int((laneSums >> UInt64(lane)) & 0xffff)
        }
        for byte in block[148..<156] {
            unsignedSum -= Int(byte)
            highBytes -= Int(byte >> 7)
        }
        unsignedSum += 8 * Int(UInt8(ascii: " "))
        let signedSum = unsignedSum - 256 * highBytes
        return stored == Int64(unsignedSum) || stored == Int64(signedSum)
    }

    /// Returns the bytes of a NUL-terminated field, without the NUL and what follows.
    private static func text(_ block: UnsafeRawBufferPointer, _ start: Int, _ length: Int) -> [UInt8] {
        guard let base = block.baseAddress else { return [] }
        let end = memchr(base + start, 0, length).map { base.distance(to: UnsafeRawPointer($0)) } ?? start + length
        return Array(block[start..<end])
    }

    /// Parses a numeric field: octal digits, or base-256 when the high bit of the first byte is
    /// set (GNU tar and star write large sizes that way).
    ///
    /// Returns nil for a negative or malformed value.
    static func number(_ block: UnsafeRawBufferPointer, _ start: Int, _ length: Int) -> Int64? {
        let first = block[start]
        guard first & 0x80 != 0 else { return octalNumber(block, start, length) }
        guard first & 0x40 == 0 else { return nil }

        var value = UInt64(first & 0x3f)
        for byte in block[(start + 1)..<(start + length)] {
            guard value <= UInt64(Int64.max) >> 8 else { return nil }
            value = value << 8 | UInt64(byte)
        }
        return Int64(value)
    }

    /// Parses octal digits with optional leading spaces, ended by a NUL, a space or the field's end.
    ///
    /// An empty field reads as 0, as v7 tars left some fields blank.
    static func octalNumber(_ block: UnsafeRawBufferPointer, _ start: Int, _ length: Int) -> Int64? {
        var index = start
        let end = start + length
        while index < end && block[index] == UInt8(ascii: " ") {
            index += 1
        }

        var value: Int64 = 0
        while index < end {
            let byte = block[index]
            if byte == 0 || byte == UInt8(ascii: " ") { break }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "7") else { return nil }
            guard value <= Int64.max >> 3 else { return nil }
            value = value << 3 | Int64(byte - UInt8(ascii: "0"))
            index += 1
        }
        return value
    }

    /// Reads the format from `magic` (offset 257) and `version` (offset 263): `ustar  \0` for
    /// GNU tar, `ustar\0` for ustar and pax.
    private static func format(_ block: UnsafeRawBufferPointer) -> Format {
        let isUstar = block[257..<262].elementsEqual([0x75, 0x73, 0x74, 0x61, 0x72])
        if isUstar, block[262] == UInt8(ascii: " "), block[263] == UInt8(ascii: " "), block[264] == 0 { return .gnu }
        if isUstar, block[262] == 0 { return .ustar }
        return .v7
    }

    /// Returns a field's bytes for an error message, as text when printable and hex otherwise.
    private static func fieldDescription(_ block: UnsafeRawBufferPointer, _ start: Int, _ length: Int) -> String {
        let field = Array(block[start..<(start + length)])
        if field.allSatisfy({ $0 == 0 || (0x20..<0x7f).contains($0) }) {
            return "'" + String(decoding: field.filter { $0 != 0 }, as: UTF8.self) + "'"
        }
        return "hex " + hexString(field)
    }
}

/// A header whose checksum is right but whose fields cannot be used.
enum TarHeaderError: Error {
    /// The size field, described for a message, is negative, malformed or implausibly large.
    case invalidSize(String)
}
