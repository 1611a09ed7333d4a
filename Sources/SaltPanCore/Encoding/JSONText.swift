/// Appends JSON scalars (numbers and strings) to a UTF-8 byte buffer without building
/// intermediate strings.
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
    /// All other bytes, including non-ASCII UTF-8, are copied unchanged.
    static func appendString(utf8 bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var runStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                index += 1
                continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            appendEscape(for: byte, to: &output)
            index += 1
            runStart = index
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
        output.append(UInt8(ascii: "\""))
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
            let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
            output.append(UInt8(ascii: "u"))
            output.append(UInt8(ascii: "0"))
            output.append(UInt8(ascii: "0"))
            output.append(hexDigits[Int(byte >> 4)])
            output.append(hexDigits[Int(byte & 0x0f)])
        }
    }

    /// Appends the base64 text of `bytes` as a quoted JSON string.
    static func appendBase64String(_ bytes: [UInt8], to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        Base64.appendEncoding(of: bytes, to: &output)
        output.append(UInt8(ascii: "\""))
    }
}
