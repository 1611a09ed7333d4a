/// A UTF-8 validity check for str payloads, which decide between `.string` and `.invalidString`.
///
/// The standard library's `String(validating:as:)` returns the same result, but it runs as
/// unspecialized generic code. It took about a third of the time in a profile of decoding Salt
/// job cache files.
enum UTF8Validation {
    /// Returns whether `bytes` is well-formed UTF-8 as defined in the Unicode Standard, table 3-7:
    /// no overlong forms, no surrogates (U+D800 to U+DFFF), nothing above U+10FFFF, and no
    /// truncated sequence.
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        var index = 0

        while index < count {
            // Eight ASCII bytes at a time: none has its high bit set.
            if count - index >= 8,
                bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
                continue
            }

            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }

            let length: Int
            var secondRange: ClosedRange<UInt8> = 0x80...0xbf
            switch lead {
            case 0xc2...0xdf:
                length = 2
            case 0xe0:
                length = 3
                secondRange = 0xa0...0xbf
            case 0xed:
                length = 3
                secondRange = 0x80...0x9f
            case 0xe1...0xef:
                length = 3
            case 0xf0:
                length = 4
                secondRange = 0x90...0xbf
            case 0xf4:
                length = 4
                secondRange = 0x80...0x8f
            case 0xf1...0xf3:
                length = 4
            default:
                return false
            }

            guard count - index >= length, secondRange.contains(bytes[index + 1]) else {
                return false
            }
            for continuation in index + 2..<index + length where bytes[continuation] & 0xc0 != 0x80 {
                return false
            }
            index += length
        }
        return true
    }
}
