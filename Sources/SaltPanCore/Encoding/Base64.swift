/// Standard base64 (RFC 4648, section 4: alphabet `A-Z a-z 0-9 + /`, padded with `=`).
public enum Base64 {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8
    )

    /// Sextet value of each byte, or 0xff for bytes outside the alphabet.
    private static let sextets: [UInt8] = {
        var table = [UInt8](repeating: 0xff, count: 256)
        for (index, byte) in alphabet.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        return table
    }()

    /// Returns the padded base64 text of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        appendEncoding(of: bytes, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the padded base64 text of `bytes` to `output`.
    public static func appendEncoding(of bytes: [UInt8], to output: inout [UInt8]) {
        output.reserveCapacity(output.count + (bytes.count + 2) / 3 * 4)
        alphabet.withUnsafeBufferPointer { symbols in
            var index = 0
            while bytes.count - index >= 3 {
                let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
                output.append(symbols[Int(group >> 18)])
                output.append(symbols[Int(group >> 12 & 0x3f)])
                output.append(symbols[Int(group >> 6 & 0x3f)])
                output.append(symbols[Int(group & 0x3f)])
                index += 3
            }

            switch bytes.count - index {
            case 1:
                let group = UInt32(bytes[index]) << 16
                output.append(symbols[Int(group >> 18)])
                output.append(symbols[Int(group >> 12 & 0x3f)])
                output.append(UInt8(ascii: "="))
                output.append(UInt8(ascii: "="))
            case 2:
                let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
                output.append(symbols[Int(group >> 18)])
                output.append(symbols[Int(group >> 12 & 0x3f)])
                output.append(symbols[Int(group >> 6 & 0x3f)])
                output.append(UInt8(ascii: "="))
            default:
                break
            }
        }
    }

    /// Decodes padded base64 text, or returns nil when the text is not valid base64.
    ///
    /// The length must be a multiple of 4, `=` may appear only as one or two final padding
    /// characters, and whitespace is not allowed.
    public static func decode(_ text: String) -> [UInt8]? {
        decode(utf8: Array(text.utf8))
    }

    /// Decodes padded base64 text given as UTF-8 bytes, or returns nil when it is not valid
    /// base64.
    public static func decode(utf8 text: [UInt8]) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var padding = 0
        if text.last == UInt8(ascii: "=") {
            padding = text.dropLast().last == UInt8(ascii: "=") ? 2 : 1
        }

        var output: [UInt8] = []
        output.reserveCapacity(text.count / 4 * 3)
        var group: UInt32 = 0
        for (index, byte) in text.enumerated() {
            let isPadding = index >= text.count - padding
            let sextet = isPadding ? 0 : sextets[Int(byte)]
            if sextet == 0xff {
                return nil
            }
            group = group << 6 | UInt32(sextet)
            if index % 4 == 3 {
                output.append(UInt8(truncatingIfNeeded: group >> 16))
                output.append(UInt8(truncatingIfNeeded: group >> 8))
                output.append(UInt8(truncatingIfNeeded: group))
                group = 0
            }
        }
        output.removeLast(padding)
        return output
    }
}
