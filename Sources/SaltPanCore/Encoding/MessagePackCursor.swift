/// A read position in MessagePack bytes that decodes one element header or scalar at a time.
///
/// Every read checks the remaining length first and throws `MessagePackError` instead of reading
/// past the buffer. Length fields are compared as `UInt64` before they become `Int`, so a
/// 4 GB length in a short input fails without allocating.
struct MessagePackCursor {
    /// One element: a complete scalar, or the header of an array or map whose items follow.
    enum Element {
        case scalar(Value)
        case array(count: Int)
        case map(count: Int)
    }

    let bytes: UnsafeRawBufferPointer
    private(set) var position = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var remaining: Int { bytes.count - position }

    /// Reads the next element.
    ///
    /// `reservedBytes` is the number of bytes that enclosing containers still need for their
    /// unread items, one byte each at least. A declared length must fit in what is left after
    /// them.
    mutating func readElement(reservedBytes: Int) throws(MessagePackError) -> Element {
        let start = position
        let marker = try readByte()

        switch marker {
        case 0x00...0x7f:
            return .scalar(.int(Int64(marker)))
        case 0x80...0x8f:
            return .map(count: try checkedCount(UInt64(marker & 0x0f), bytesPerItem: 2, "fixmap", start, reservedBytes))
        case 0x90...0x9f:
            return .array(
                count: try checkedCount(UInt64(marker & 0x0f), bytesPerItem: 1, "fixarray", start, reservedBytes)
            )
        case 0xa0...0xbf:
            return .scalar(try readString(length: UInt64(marker & 0x1f), "fixstr", start, reservedBytes))
        case 0xc0:
            return .scalar(.null)
        case 0xc1:
            throw MessagePackError(.reservedByte, offset: start)
        case 0xc2:
            return .scalar(.bool(false))
        case 0xc3:
            return .scalar(.bool(true))
        case 0xc4:
            return .scalar(.bytes(try readPayload(length: UInt64(try readUInt8()), "bin8", start, reservedBytes)))
        case 0xc5:
            return .scalar(.bytes(try readPayload(length: UInt64(try readUInt16()), "bin16", start, reservedBytes)))
        case 0xc6:
            return .scalar(.bytes(try readPayload(length: UInt64(try readUInt32()), "bin32", start, reservedBytes)))
        case 0xc7:
            return .scalar(try readExtension(length: UInt64(try readUInt8()), "ext8", start, reservedBytes))
        case 0xc8:
            return .scalar(try readExtension(length: UInt64(try readUInt16()), "ext16", start, reservedBytes))
        case 0xc9:
            return .scalar(try readExtension(length: UInt64(try readUInt32()), "ext32", start, reservedBytes))
        case 0xca:
            return .scalar(.double(Double(Float(bitPattern: try readUInt32()))))
        case 0xcb:
            return .scalar(.double(Double(bitPattern: try readUInt64())))
        case 0xcc:
            return .scalar(.int(Int64(try readUInt8())))
        case 0xcd:
            return .scalar(.int(Int64(try readUInt16())))
        case 0xce:
            return .scalar(.int(Int64(try readUInt32())))
        case 0xcf:
            return .scalar(Self.integer(try readUInt64()))
        case 0xd0:
            return .scalar(.int(Int64(Int8(bitPattern: try readUInt8()))))
        case 0xd1:
            return .scalar(.int(Int64(Int16(bitPattern: try readUInt16()))))
        case 0xd2:
            return .scalar(.int(Int64(Int32(bitPattern: try readUInt32()))))
        case 0xd3:
            return .scalar(.int(Int64(bitPattern: try readUInt64())))
        case 0xd4:
            return .scalar(try readExtension(length: 1, "fixext1", start, reservedBytes))
        case 0xd5:
            return .scalar(try readExtension(length: 2, "fixext2", start, reservedBytes))
        case 0xd6:
            return .scalar(try readExtension(length: 4, "fixext4", start, reservedBytes))
        case 0xd7:
            return .scalar(try readExtension(length: 8, "fixext8", start, reservedBytes))
        case 0xd8:
            return .scalar(try readExtension(length: 16, "fixext16", start, reservedBytes))
        case 0xd9:
            return .scalar(try readString(length: UInt64(try readUInt8()), "str8", start, reservedBytes))
        case 0xda:
            return .scalar(try readString(length: UInt64(try readUInt16()), "str16", start, reservedBytes))
        case 0xdb:
            return .scalar(try readString(length: UInt64(try readUInt32()), "str32", start, reservedBytes))
        case 0xdc:
            let count = UInt64(try readUInt16())
            return .array(count: try checkedCount(count, bytesPerItem: 1, "array16", start, reservedBytes))
        case 0xdd:
            let count = UInt64(try readUInt32())
            return .array(count: try checkedCount(count, bytesPerItem: 1, "array32", start, reservedBytes))
        case 0xde:
            let count = UInt64(try readUInt16())
            return .map(count: try checkedCount(count, bytesPerItem: 2, "map16", start, reservedBytes))
        case 0xdf:
            let count = UInt64(try readUInt32())
            return .map(count: try checkedCount(count, bytesPerItem: 2, "map32", start, reservedBytes))
        default:
            return .scalar(.int(Int64(Int8(bitPattern: marker))))
        }
    }

    /// Returns an unsigned 64-bit integer as `.int` when it fits, else as `.unsigned`.
    private static func integer(_ number: UInt64) -> Value {
        if let signed = Int64(exactly: number) {
            return .int(signed)
        }
        return .unsigned(number)
    }

    // MARK: - Fixed-width reads

    @inline(__always)
    private func require(_ count: Int) throws(MessagePackError) {
        if count > remaining {
            throw MessagePackError(.truncated(needed: count - remaining), offset: position)
        }
    }

    @inline(__always)
    private mutating func readByte() throws(MessagePackError) -> UInt8 {
        try require(1)
        let byte = bytes[position]
        position += 1
        return byte
    }

    private mutating func readUInt8() throws(MessagePackError) -> UInt8 {
        try readByte()
    }

    private mutating func readUInt16() throws(MessagePackError) -> UInt16 {
        try require(2)
        let number = UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt16.self))
        position += 2
        return number
    }

    private mutating func readUInt32() throws(MessagePackError) -> UInt32 {
        try require(4)
        let number = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self))
        position += 4
        return number
    }

    private mutating func readUInt64() throws(MessagePackError) -> UInt64 {
        try require(8)
        let number = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        position += 8
        return number
    }

    // MARK: - Length-prefixed reads

    /// Returns the number of items an array or map declares, after checking that the input can
    /// hold them.
    ///
    /// Each array item needs at least one byte and each map entry two. The check bounds the
    /// capacity the decoder reserves for all open containers by the size of the input.
    ///
    /// The check uses the current position, so read the length field into a local first. In a
    /// call such as `checkedCount(UInt64(try readUInt16()), ...)`, Swift would capture `self`
    /// before the read.
    private func checkedCount(
        _ count: UInt64,
        bytesPerItem: UInt64,
        _ format: String,
        _ start: Int,
        _ reservedBytes: Int
    ) throws(MessagePackError) -> Int {
        let maximum = UInt64(max(0, remaining - reservedBytes)) / bytesPerItem
        if count > maximum {
            throw MessagePackError(
                .lengthExceedsInput(format: format, declared: count, maximum: Int(maximum)),
                offset: start
            )
        }
        return Int(count)
    }

    /// Returns the next `length` bytes as a view into the input, after checking that they exist.
    private mutating func readSlice(
        length: UInt64,
        _ format: String,
        _ start: Int,
        _ reservedBytes: Int
    ) throws(MessagePackError) -> UnsafeRawBufferPointer {
        let maximum = max(0, remaining - reservedBytes)
        if length > UInt64(maximum) {
            throw MessagePackError(
                .lengthExceedsInput(format: format, declared: length, maximum: maximum),
                offset: start
            )
        }
        let count = Int(length)
        let slice = UnsafeRawBufferPointer(rebasing: bytes[position..<position + count])
        position += count
        return slice
    }

    private mutating func readPayload(
        length: UInt64,
        _ format: String,
        _ start: Int,
        _ reservedBytes: Int
    ) throws(MessagePackError) -> [UInt8] {
        Array(try readSlice(length: length, format, start, reservedBytes).assumingMemoryBound(to: UInt8.self))
    }

    /// Reads a str as `.string` when its bytes are valid UTF-8, else as `.invalidString`.
    ///
    /// Python 2 era caches wrote any bytes in the str family, so invalid UTF-8 is data to keep,
    /// not an error.
    private mutating func readString(
        length: UInt64,
        _ format: String,
        _ start: Int,
        _ reservedBytes: Int
    ) throws(MessagePackError) -> Value {
        let slice = try readSlice(length: length, format, start, reservedBytes)
        let codeUnits = slice.assumingMemoryBound(to: UInt8.self)
        if UTF8Validation.isValid(slice) {
            return .string(String(decoding: codeUnits, as: UTF8.self))
        }
        return .invalidString(Array(codeUnits))
    }

    /// Reads the type byte and payload of an extension.
    ///
    /// Type 78 with an ASCII payload is Salt's datetime. Any other type, and type 78 with bytes
    /// outside ASCII, stays an `.ext` with its payload.
    private mutating func readExtension(
        length: UInt64,
        _ format: String,
        _ start: Int,
        _ reservedBytes: Int
    ) throws(MessagePackError) -> Value {
        let type = Int8(bitPattern: try readUInt8())
        let slice = try readSlice(length: length, format, start, reservedBytes)

        if type == MessagePackEncoder.datetimeExtensionType, Self.isASCII(slice) {
            return .datetime(String(decoding: slice.assumingMemoryBound(to: UInt8.self), as: UTF8.self))
        }
        return .ext(type: type, data: Array(slice.assumingMemoryBound(to: UInt8.self)))
    }

    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes where byte >= 0x80 {
            return false
        }
        return true
    }
}
