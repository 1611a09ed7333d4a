extension JSONScanner {
    /// Parses a string whose opening quote is at `position`.
    ///
    /// A string without escapes becomes a `String` straight from the input bytes. Invalid UTF-8
    /// inside a string is replaced with U+FFFD, one replacement per maximal invalid subsequence,
    /// as `String(decoding:as:)` does. An escaped lone surrogate (`\ud800` without a following
    /// low surrogate, or a lone `\udc00`) also becomes U+FFFD. Unescaped control characters
    /// (below U+0020) are an error, as RFC 8259 requires.
    mutating func parseString() throws(Failure) -> String {
        let openingQuote = position
        let contentStart = position + 1
        position = indexOfSpecialByte(from: contentStart)

        guard position < bytes.count else {
            throw unterminatedString(openingQuote)
        }
        let byte = bytes[position]
        if byte == UInt8(ascii: "\"") {
            let text = String(decoding: codeUnits(contentStart..<position), as: UTF8.self)
            position += 1
            return text
        }
        if byte == UInt8(ascii: "\\") {
            return try parseEscapedString(contentStart: contentStart, openingQuote: openingQuote)
        }
        throw controlCharacterFailure(byte)
    }

    /// Moves past a string whose opening quote is at `position`, checking it as `parseString()`
    /// does but without making a `String` of it.
    mutating func skipString() throws(Failure) {
        let openingQuote = position
        position = indexOfSpecialByte(from: position + 1)

        guard position < bytes.count else {
            throw unterminatedString(openingQuote)
        }
        let byte = bytes[position]
        if byte == UInt8(ascii: "\"") {
            position += 1
            return
        }
        if byte == UInt8(ascii: "\\") {
            position = try validateEscapedString(openingQuote: openingQuote) + 1
            return
        }
        throw controlCharacterFailure(byte)
    }

    @inline(__always)
    func indexOfSpecialByte(from start: Int) -> Int {
        JSONText.indexOfSpecialByte(in: bytes, from: start)
    }

    /// Finishes a string that contains escapes, starting at the first backslash.
    ///
    /// A first pass finds the closing quote and rejects invalid escapes and control characters.
    /// The second pass cannot fail, so it writes the unescaped bytes straight into the storage of
    /// the new `String`. Escapes never get longer when decoded, so the escaped length is enough
    /// capacity.
    private mutating func parseEscapedString(contentStart: Int, openingQuote: Int) throws(Failure) -> String {
        let closingQuote = try validateEscapedString(openingQuote: openingQuote)
        let bytes = self.bytes
        let text = String(unsafeUninitializedCapacity: closingQuote - contentStart) { output in
            Self.unescape(bytes, from: contentStart, to: closingQuote, into: output)
        }
        position = closingQuote + 1
        return text
    }

    /// Returns the index of the closing quote of the string that `position` is in, after checking
    /// every escape sequence and rejecting control characters.
    private mutating func validateEscapedString(openingQuote: Int) throws(Failure) -> Int {
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                return position
            }
            if byte < 0x20 {
                throw controlCharacterFailure(byte)
            }
            try skipEscape()
            position = indexOfSpecialByte(from: position)
        }
        throw unterminatedString(openingQuote)
    }

    func unterminatedString(_ openingQuote: Int) -> Failure {
        Failure(message: "unterminated string, the input ends before the closing '\"'", offset: openingQuote)
    }

    /// Checks the escape sequence at `position` (a backslash) and moves past it.
    mutating func skipEscape() throws(Failure) {
        let backslash = position
        guard position + 1 < bytes.count else {
            throw Failure(message: "unterminated escape sequence at the end of the input", offset: backslash)
        }
        let letter = bytes[position + 1]
        position += 2

        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return
        case UInt8(ascii: "u"):
            guard Self.hexQuad(bytes, at: position) != nil else {
                throw Failure(message: "invalid \\u escape, expected 4 hexadecimal digits", offset: backslash)
            }
            position += 4
        default:
            let isPrintable = letter >= 0x21 && letter < 0x7f
            let escape =
                isPrintable
                ? "'\\\(Character(Unicode.Scalar(letter)))'" : "'\\' followed by \(describeByte(at: backslash + 1))"
            throw Failure(message: "invalid escape \(escape) in string", offset: backslash)
        }
    }

    /// Writes the content of a validated string with escapes, from `start` to the closing quote
    /// at `end`, into `output` and returns the number of bytes written.
    ///
    /// A `\uXXXX` high surrogate followed by a `\uXXXX` low surrogate becomes one scalar. A lone
    /// surrogate becomes U+FFFD.
    static func unescape(
        _ bytes: UnsafeRawBufferPointer,
        from start: Int,
        to end: Int,
        into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var written = 0
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte != UInt8(ascii: "\\") {
                output[written] = byte
                written += 1
                index += 1
                continue
            }

            let letter = bytes[index + 1]
            index += 2
            switch letter {
            case UInt8(ascii: "b"): output[written] = 0x08
            case UInt8(ascii: "f"): output[written] = 0x0c
            case UInt8(ascii: "n"): output[written] = 0x0a
            case UInt8(ascii: "r"): output[written] = 0x0d
            case UInt8(ascii: "t"): output[written] = 0x09
            case UInt8(ascii: "u"):
                let scalar = escapedScalar(bytes, at: &index, end: end)
                written += encodeUTF8(scalar, into: output, at: written)
                continue
            default: output[written] = letter
            }
            written += 1
        }
        return written
    }

    /// Returns the scalar of the `\uXXXX` escape whose hex digits start at `index`.
    ///
    /// Moves `index` past the escape. A high surrogate followed by a `\uXXXX` low surrogate before `end`
    /// combines with it. Lone surrogates become U+FFFD.
    private static func escapedScalar(_ bytes: UnsafeRawBufferPointer, at index: inout Int, end: Int) -> UInt32 {
        let unit = hexQuad(bytes, at: index) ?? 0xfffd
        index += 4

        switch unit {
        case 0xd800...0xdbff:
            let hasEscapeAfter =
                end - index >= 6 && bytes[index] == UInt8(ascii: "\\") && bytes[index + 1] == UInt8(ascii: "u")
            if hasEscapeAfter, let low = hexQuad(bytes, at: index + 2), (0xdc00...0xdfff).contains(low) {
                index += 6
                return 0x10000 + ((UInt32(unit) - 0xd800) << 10) + (UInt32(low) - 0xdc00)
            }
            return 0xfffd
        case 0xdc00...0xdfff:
            return 0xfffd
        default:
            return UInt32(unit)
        }
    }

    /// Reads four hexadecimal digits at `offset`, or returns nil when there are not four.
    private static func hexQuad(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt16? {
        guard bytes.count - offset >= 4 else { return nil }
        var unit: UInt16 = 0
        for index in offset..<offset + 4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    /// Writes the UTF-8 encoding of a scalar value that is not a surrogate at `offset` and
    /// returns its length.
    private static func encodeUTF8(
        _ scalar: UInt32,
        into output: UnsafeMutableBufferPointer<UInt8>,
        at offset: Int
    )
        -> Int
    {
        switch scalar {
        case ..<0x80:
            output[offset] = UInt8(scalar)
            return 1
        case ..<0x800:
            output[offset] = 0xc0 | UInt8(scalar >> 6)
            output[offset + 1] = 0x80 | UInt8(scalar & 0x3f)
            return 2
        case ..<0x10000:
            output[offset] = 0xe0 | UInt8(scalar >> 12)
            output[offset + 1] = 0x80 | UInt8((scalar >> 6) & 0x3f)
            output[offset + 2] = 0x80 | UInt8(scalar & 0x3f)
            return 3
        default:
            output[offset] = 0xf0 | UInt8(scalar >> 18)
            output[offset + 1] = 0x80 | UInt8((scalar >> 12) & 0x3f)
            output[offset + 2] = 0x80 | UInt8((scalar >> 6) & 0x3f)
            output[offset + 3] = 0x80 | UInt8(scalar & 0x3f)
            return 4
        }
    }

    func controlCharacterFailure(_ byte: UInt8) -> Failure {
        let hex = String(byte, radix: 16, uppercase: true)
        let codePoint = "U+00" + (hex.count == 1 ? "0" + hex : hex)
        return Failure(
            message: "unescaped control character \(codePoint) in string, JSON requires an escape such as \\n",
            offset: position
        )
    }
}
