extension JSONScanner {
    /// Moves past one value that starts at `position` after optional whitespace, checking it as
    /// `parseValue()` does but without building it.
    ///
    /// It throws for exactly the input that `parseValue()` rejects, nesting limit included, so a
    /// caller that skips some members and parses others accepts the same documents. The loop
    /// follows `parseValue()` step by step without building values, so a change to the grammar
    /// of one must be made in both; `JSONSkippingTests` compares them. The messages may differ,
    /// because callers that report errors parse again with `parseValue()`.
    mutating func skipValue() throws(Failure) {
        var open = OpenContainerKinds()

        skipElement: while true {
            skipWhitespace()
            guard position < bytes.count else {
                throw Failure(message: "unexpected end of input, expected a JSON value", offset: position)
            }

            switch bytes[position] {
            case UInt8(ascii: "{"):
                try checkDepth(open.count, at: position)
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    position += 1
                } else {
                    try skipMemberKey()
                    open.push(isObject: true)
                    continue skipElement
                }
            case UInt8(ascii: "["):
                try checkDepth(open.count, at: position)
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    position += 1
                } else {
                    open.push(isObject: false)
                    continue skipElement
                }
            case UInt8(ascii: "\""):
                try skipString()
            case UInt8(ascii: "t"):
                try parseLiteral("true")
            case UInt8(ascii: "f"):
                try parseLiteral("false")
            case UInt8(ascii: "n"):
                try parseLiteral("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                _ = try scanNumber()
            default:
                throw Failure(message: "expected a JSON value, found \(describeByte(at: position))", offset: position)
            }

            // Close each container whose closing bracket follows the value just skipped.
            while open.count > 0 {
                skipWhitespace()
                let next: UInt8? = position < bytes.count ? bytes[position] : nil
                let isObject = open.isInnermostObject

                if next == UInt8(ascii: ",") {
                    position += 1
                    if isObject {
                        skipWhitespace()
                        try skipMemberKey()
                    }
                    continue skipElement
                }
                guard next == UInt8(ascii: isObject ? "}" : "]") else {
                    throw Failure(
                        message: "expected ',' or a closing bracket, found \(describeByte(at: position))",
                        offset: position
                    )
                }
                position += 1
                open.pop()
            }
            return
        }
    }

    /// Moves past an object key and the colon after it; `position` is at the expected opening
    /// quote.
    private mutating func skipMemberKey() throws(Failure) {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            throw Failure(message: "expected a string key, found \(describeByte(at: position))", offset: position)
        }
        try skipString()

        try skipKeyColon()
    }
}
