extension JSONScanner {
    /// Appends the value at `position`, after optional whitespace, to `output` in the store's
    /// lossless JSON, without building it.
    ///
    /// The bytes appended are the ones `JSONWriter(dialect: .lossless)` writes for the value that
    /// `parseValue()` returns: no whitespace, numbers and strings in the writer's form. Most text
    /// passes through unchanged, so a large value costs one pass and no allocation per member.
    ///
    /// Returns false for the two shapes whose text depends on the decoded value. One is a string
    /// that is not valid UTF-8, which `parseValue()` repairs. The other is an object key that
    /// starts with `$`, which the writer may have to wrap in its `$map` tag. `position` and
    /// `output` are then unspecified, and the caller parses the value instead. Otherwise it
    /// throws for exactly the input that `parseValue()` rejects, nesting limit included, and
    /// `JSONTranscodingTests` compares the two. The loop follows `skipValue()` step by step.
    mutating func transcodeValue(into output: inout [UInt8]) throws(Failure) -> Bool {
        var open = OpenContainerKinds()

        transcodeElement: while true {
            skipWhitespace()
            guard position < bytes.count else {
                throw Failure(message: "unexpected end of input, expected a JSON value", offset: position)
            }

            switch bytes[position] {
            case UInt8(ascii: "{"):
                try checkDepth(open.count, at: position)
                position += 1
                skipWhitespace()
                output.append(UInt8(ascii: "{"))
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    output.append(UInt8(ascii: "}"))
                } else {
                    guard try transcodeMemberKey(into: &output) else { return false }
                    open.push(isObject: true)
                    continue transcodeElement
                }
            case UInt8(ascii: "["):
                try checkDepth(open.count, at: position)
                position += 1
                skipWhitespace()
                output.append(UInt8(ascii: "["))
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    output.append(UInt8(ascii: "]"))
                } else {
                    open.push(isObject: false)
                    continue transcodeElement
                }
            case UInt8(ascii: "\""):
                guard try transcodeString(into: &output) != nil else { return false }
            case UInt8(ascii: "t"):
                try parseLiteral("true")
                output.append(contentsOf: "true".utf8)
            case UInt8(ascii: "f"):
                try parseLiteral("false")
                output.append(contentsOf: "false".utf8)
            case UInt8(ascii: "n"):
                try parseLiteral("null")
                output.append(contentsOf: "null".utf8)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let number = try scanNumber()
                if isWritersForm(number) {
                    output.append(contentsOf: codeUnits(number.start..<number.end))
                } else {
                    JSONWriter.lossless.write(try value(of: number), to: &output)
                }
            default:
                throw Failure(message: "expected a JSON value, found \(describeByte(at: position))", offset: position)
            }

            // Close each container whose closing bracket follows the value just written.
            while open.count > 0 {
                skipWhitespace()
                let next: UInt8? = position < bytes.count ? bytes[position] : nil
                let isObject = open.isInnermostObject

                if next == UInt8(ascii: ",") {
                    position += 1
                    output.append(UInt8(ascii: ","))
                    if isObject {
                        skipWhitespace()
                        guard try transcodeMemberKey(into: &output) else { return false }
                    }
                    continue transcodeElement
                }
                let closing = UInt8(ascii: isObject ? "}" : "]")
                guard next == closing else {
                    throw Failure(
                        message: "expected ',' or a closing bracket, found \(describeByte(at: position))",
                        offset: position
                    )
                }
                position += 1
                output.append(closing)
                open.pop()
            }
            return true
        }
    }

    /// Appends an object key and the colon after it.
    ///
    /// `position` is at the expected opening quote. Returns false for a key that is not valid UTF-8 or starts with `$`.
    private mutating func transcodeMemberKey(into output: inout [UInt8]) throws(Failure) -> Bool {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            throw Failure(message: "expected a string key, found \(describeByte(at: position))", offset: position)
        }
        let keyStart = output.count
        guard try transcodeString(into: &output) != nil else { return false }
        if output.count > keyStart + 1, output[keyStart + 1] == UInt8(ascii: "$") {
            return false
        }

        try skipKeyColon()
        output.append(UInt8(ascii: ":"))
        return true
    }

    /// Appends the string whose opening quote is at `position` as `JSONText.appendString` writes
    /// the text `parseString()` returns, and returns that text's length in UTF-8 bytes.
    ///
    /// Returns nil, with `output` unchanged, when the string is not valid UTF-8. A string whose
    /// escapes are all in the writer's form (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, and
    /// `\u00xx` in lowercase for other control characters) is copied as it is. Any other escape
    /// (`\/`, `\u00e9`, a surrogate pair) makes the string go through `unescape` and
    /// `appendString`.
    mutating func transcodeString(into output: inout [UInt8]) throws(Failure) -> Int? {
        let openingQuote = position
        let contentStart = position + 1
        var shrinkage = 0
        var isWritersForm = true

        position = indexOfSpecialByte(from: contentStart)
        while true {
            guard position < bytes.count else { throw unterminatedString(openingQuote) }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { break }
            guard byte == UInt8(ascii: "\\") else { throw controlCharacterFailure(byte) }

            let backslash = position
            try skipEscape()
            shrinkage += position - backslash - 1
            if isWritersForm, !isWritersEscape(from: backslash, to: position) {
                isWritersForm = false
            }
            position = indexOfSpecialByte(from: position)
        }
        let closingQuote = position
        let content = codeUnits(contentStart..<closingQuote)
        position += 1

        // Escapes are ASCII and decode to whole characters, so the raw content is valid UTF-8
        // exactly when the decoded text is.
        guard UTF8Validation.isValid(UnsafeRawBufferPointer(content)) else { return nil }
        if isWritersForm {
            // The content with its quotes, in one append.
            output.append(contentsOf: codeUnits(openingQuote..<position))
            return content.count - shrinkage
        }

        let bytes = self.bytes
        let text = [UInt8](unsafeUninitializedCapacity: content.count) { buffer, count in
            count = Self.unescape(bytes, from: contentStart, to: closingQuote, into: buffer)
        }
        text.withUnsafeBufferPointer { JSONText.appendString(utf8: $0, to: &output) }
        return text.count
    }

    /// Returns whether the valid escape in `start..<end` is the one `JSONText.appendString`
    /// writes for the character it encodes.
    func isWritersEscape(from start: Int, to end: Int) -> Bool {
        let letter = bytes[start + 1]
        guard letter == UInt8(ascii: "u") else { return letter != UInt8(ascii: "/") }

        // `\u00xx` with lowercase digits, for a control character without a short escape.
        let isLowercaseHex = { (byte: UInt8) in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        }
        guard end - start == 6, bytes[start + 2] == UInt8(ascii: "0"), bytes[start + 3] == UInt8(ascii: "0"),
            bytes[start + 4] == UInt8(ascii: "0") || bytes[start + 4] == UInt8(ascii: "1"),
            isLowercaseHex(bytes[start + 5])
        else { return false }
        let low = bytes[start + 5]
        if bytes[start + 4] == UInt8(ascii: "1") { return true }
        return !"89acd".utf8.contains(low)
    }
}
