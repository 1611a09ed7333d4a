/// Helpers that append JSON numbers and strings to a UTF-8 byte buffer.
///
/// Only doubles pass through a `String`, their shortest round-trip `description`.
enum JSONText {
    static func appendDecimal(_ number: Int64, to output: inout [UInt8]) {
        if number < 0 {
            output.append(UInt8(ascii: "-"))
        }
        appendDecimal(number.magnitude, to: &output)
    }

    static func appendDecimal(_ number: UInt64, to output: inout [UInt8]) {
        var digitCount = 1
        var rest = number
        while rest >= 10 {
            rest /= 10
            digitCount += 1
        }

        let start = output.count
        output.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digitCount))
        var remaining = number
        var index = start + digitCount - 1
        while remaining > 0 {
            output[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
            index -= 1
        }
    }

    /// Appends a finite double as Swift's shortest round-trip text, adding `.0` when that text
    /// has neither fraction nor exponent, so that the number parses back as a double.
    static func appendDouble(_ number: Double, to output: inout [UInt8]) {
        var hasFractionOrExponent = false
        for byte in number.description.utf8 {
            output.append(byte)
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") {
                hasFractionOrExponent = true
            }
        }
        if !hasFractionOrExponent {
            output.append(UInt8(ascii: "."))
            output.append(UInt8(ascii: "0"))
        }
    }

    /// Appends `text` as a quoted JSON string with RFC 8259 escapes.
    static func appendString(_ text: String, to output: inout [UInt8]) {
        let handled: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            appendString(utf8: bytes, to: &output)
        }
        if handled == nil {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBufferPointer { appendString(utf8: $0, to: &output) }
        }
    }

    /// Appends valid UTF-8 as a quoted JSON string.
    ///
    /// `"` and `\` get a backslash. Control characters get a short escape (`\b`, `\f`, `\n`,
    /// `\r`, `\t`) or `\u00XX` with lowercase hexadecimal digits, as Python's `json` writes them.
    /// All other bytes, including non-ASCII UTF-8, are copied unchanged. `JSONScanner`'s
    /// `transcodeString(into:)` copies input strings already in this form, so a change to these
    /// escapes must change its `isWritersEscape` as well. `JSONTranscodingTests` compares them.
    static func appendString(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var runStart = 0
        while true {
            let special = indexOfSpecialByte(in: UnsafeRawBufferPointer(bytes), from: runStart)
            if special > runStart {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<special]))
            }
            if special == bytes.count {
                break
            }
            appendEscape(for: bytes[special], to: &output)
            runStart = special + 1
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Returns the index of the first byte at or after `start` that a JSON string cannot contain
    /// unescaped (a quote, a backslash or a control character), or `bytes.count` when there is
    /// none.
    ///
    /// Tests eight bytes per step. In each mask, the high bit of a byte is set where that byte
    /// matches. Borrows can set false bits only above a true match, so the lowest set bit of
    /// the little-endian word marks the first match exactly.
    @inline(__always)
    static func indexOfSpecialByte(in bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let count = bytes.count
        var index = start

        while count - index >= 8 {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let quotes = word ^ (ones &* 0x22)
            let backslashes = word ^ (ones &* 0x5c)
            let quoteMask = (quotes &- ones) & ~quotes
            let backslashMask = (backslashes &- ones) & ~backslashes
            let controlMask = (word &- ones &* 0x20) & ~word
            let mask = (quoteMask | backslashMask | controlMask) & highBits
            if mask != 0 {
                return index + mask.trailingZeroBitCount >> 3
            }
            index += 8
        }

        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                return index
            }
            index += 1
        }
        return count
    }

    private static func appendEscape(for byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            output.append(byte)
        case 0x08:
            output.append(UInt8(ascii: "b"))
        case 0x0c:
            output.append(UInt8(ascii: "f"))
        case 0x0a:
            output.append(UInt8(ascii: "n"))
        case 0x0d:
            output.append(UInt8(ascii: "r"))
        case 0x09:
            output.append(UInt8(ascii: "t"))
        default:
            output.append(UInt8(ascii: "u"))
            output.append(UInt8(ascii: "0"))
            output.append(UInt8(ascii: "0"))
            output.append(hexDigit(byte >> 4))
            output.append(hexDigit(byte & 0x0f))
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }

    /// Appends the base64 text of `bytes` as a quoted JSON string.
    static func appendBase64String(_ bytes: [UInt8], to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        Base64.appendEncoding(of: bytes, to: &output)
        output.append(UInt8(ascii: "\""))
    }
}
