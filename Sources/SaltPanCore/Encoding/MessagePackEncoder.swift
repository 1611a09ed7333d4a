/// Encodes a `Value` as MessagePack, byte for byte as Python's msgpack `packb` does for the
/// matching Python object.
///
/// Salt writes job cache files (`.load.p`, `.minions.p`, `return.p`, `out.p`) with
/// `salt.payload.dump`, which packs with `use_bin_type=True`, the default here. Its
/// `salt.payload.dumps` defaults to `use_bin_type=False`, and the batch state file `.batch.p`
/// is written with that default. Each integer, str, bin, array, map and ext takes its smallest
/// form. Doubles are always float64, as msgpack writes Python floats. `.datetime` becomes
/// extension type 78 and `.invalidString` goes in the str family with its bytes unchanged.
///
/// A `.unsigned` number that fits in `Int64` is written like the same `.int`, so it decodes back
/// as `.int`.
public struct MessagePackEncoder: Sendable {
    /// The extension type Salt's serializer uses for `datetime.datetime` objects.
    public static let datetimeExtensionType: Int8 = 78

    /// Whether to use the bin family and str8, as msgpack's `use_bin_type=True` does.
    ///
    /// When false, the encoder follows the older specification that msgpack's
    /// `use_bin_type=False` follows: `.bytes` goes in the str family, and a str of 32 to 255
    /// bytes takes str16 because str8 does not exist.
    public var useBinType: Bool

    public init(useBinType: Bool = true) {
        self.useBinType = useBinType
    }

    /// Returns the MessagePack encoding of `value`.
    public func encode(_ value: Value) -> [UInt8] {
        var output: [UInt8] = []
        encode(value, to: &output)
        return output
    }

    /// Appends the MessagePack encoding of `value` to `output`.
    ///
    /// Recursion depth equals the nesting depth of `value`, which the decoders limit to their
    /// `maxDepth`.
    public func encode(_ value: Value, to output: inout [UInt8]) {
        switch value {
        case .null:
            output.append(0xc0)
        case .bool(let flag):
            output.append(flag ? 0xc3 : 0xc2)
        case .int(let number):
            appendInteger(number, to: &output)
        case .unsigned(let number):
            appendUnsigned(number, to: &output)
        case .double(let number):
            output.append(0xcb)
            appendBigEndian(number.bitPattern, to: &output)
        case .string(let text):
            appendString(text, to: &output)
        case .invalidString(let bytes):
            appendStringHeader(bytes.count, to: &output)
            output.append(contentsOf: bytes)
        case .bytes(let bytes) where useBinType:
            appendHeader(bytes.count, fix: nil, width8: 0xc4, width16: 0xc5, width32: 0xc6, to: &output)
            output.append(contentsOf: bytes)
        case .bytes(let bytes):
            appendStringHeader(bytes.count, to: &output)
            output.append(contentsOf: bytes)
        case .datetime(let text):
            appendExtension(type: Self.datetimeExtensionType, data: Array(text.utf8), to: &output)
        case .ext(let type, let data):
            appendExtension(type: type, data: data, to: &output)
        case .array(let items):
            appendHeader(items.count, fix: (0x90, 16), width8: nil, width16: 0xdc, width32: 0xdd, to: &output)
            for item in items {
                encode(item, to: &output)
            }
        case .map(let entries):
            appendHeader(entries.count, fix: (0x80, 16), width8: nil, width16: 0xde, width32: 0xdf, to: &output)
            for entry in entries {
                encode(entry.key, to: &output)
                encode(entry.value, to: &output)
            }
        }
    }

    /// Appends a signed integer in the smallest form, choosing the same marker as msgpack-python.
    ///
    /// Non-negative numbers use positive fixint or the uint family; negative numbers use
    /// negative fixint or the int family.
    private func appendInteger(_ number: Int64, to output: inout [UInt8]) {
        if number >= 0 {
            appendUnsigned(UInt64(number), to: &output)
        } else if number >= -32 {
            output.append(UInt8(bitPattern: Int8(number)))
        } else if number >= Int64(Int8.min) {
            output.append(0xd0)
            output.append(UInt8(bitPattern: Int8(number)))
        } else if number >= Int64(Int16.min) {
            output.append(0xd1)
            appendBigEndian(UInt16(bitPattern: Int16(number)), to: &output)
        } else if number >= Int64(Int32.min) {
            output.append(0xd2)
            appendBigEndian(UInt32(bitPattern: Int32(number)), to: &output)
        } else {
            output.append(0xd3)
            appendBigEndian(UInt64(bitPattern: number), to: &output)
        }
    }

    private func appendUnsigned(_ number: UInt64, to output: inout [UInt8]) {
        if number < 0x80 {
            output.append(UInt8(number))
        } else if number <= UInt64(UInt8.max) {
            output.append(0xcc)
            output.append(UInt8(number))
        } else if number <= UInt64(UInt16.max) {
            output.append(0xcd)
            appendBigEndian(UInt16(number), to: &output)
        } else if number <= UInt64(UInt32.max) {
            output.append(0xce)
            appendBigEndian(UInt32(number), to: &output)
        } else {
            output.append(0xcf)
            appendBigEndian(number, to: &output)
        }
    }

    private func appendString(_ text: String, to output: inout [UInt8]) {
        let utf8 = text.utf8
        appendStringHeader(utf8.count, to: &output)
        output.append(contentsOf: utf8)
    }

    private func appendStringHeader(_ count: Int, to output: inout [UInt8]) {
        let width8: UInt8? = useBinType ? 0xd9 : nil
        appendHeader(count, fix: (0xa0, 32), width8: width8, width16: 0xda, width32: 0xdb, to: &output)
    }

    /// Appends the header of a str, bin, array or map of `count` bytes or items.
    ///
    /// `fix` is the fix-form marker base and the exclusive count limit of the fix form. A nil
    /// `fix` or `width8` means the family has no such form.
    ///
    /// MessagePack cannot represent counts above `UInt32.max`, and msgpack-python rejects them.
    /// Here they would be written truncated. Decoded values never have them, because every
    /// length field in the input is at most 32 bits wide.
    private func appendHeader(
        _ count: Int,
        fix: (base: UInt8, limit: Int)?,
        width8: UInt8?,
        width16: UInt8,
        width32: UInt8,
        to output: inout [UInt8]
    ) {
        if let fix, count < fix.limit {
            output.append(fix.base | UInt8(count))
        } else if let width8, count <= Int(UInt8.max) {
            output.append(width8)
            output.append(UInt8(count))
        } else if count <= Int(UInt16.max) {
            output.append(width16)
            appendBigEndian(UInt16(count), to: &output)
        } else {
            output.append(width32)
            appendBigEndian(UInt32(truncatingIfNeeded: count), to: &output)
        }
    }

    /// Appends an extension in the form msgpack-python picks: fixext for payloads of exactly
    /// 1, 2, 4, 8 or 16 bytes, otherwise the smallest of ext8, ext16 and ext32.
    private func appendExtension(type: Int8, data: [UInt8], to output: inout [UInt8]) {
        switch data.count {
        case 1: output.append(0xd4)
        case 2: output.append(0xd5)
        case 4: output.append(0xd6)
        case 8: output.append(0xd7)
        case 16: output.append(0xd8)
        case ...Int(UInt8.max):
            output.append(0xc7)
            output.append(UInt8(data.count))
        case ...Int(UInt16.max):
            output.append(0xc8)
            appendBigEndian(UInt16(data.count), to: &output)
        default:
            output.append(0xc9)
            appendBigEndian(UInt32(truncatingIfNeeded: data.count), to: &output)
        }
        output.append(UInt8(bitPattern: type))
        output.append(contentsOf: data)
    }

    private func appendBigEndian<T: FixedWidthInteger>(_ number: T, to output: inout [UInt8]) {
        var shift = T.bitWidth - 8
        while shift >= 0 {
            output.append(UInt8(truncatingIfNeeded: number >> shift))
            shift -= 8
        }
    }
}
