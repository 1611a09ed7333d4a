/// A read position in JSON bytes that parses one value per call, per RFC 8259.
///
/// Failures carry only a byte offset. `JSONParser` and `JSONDocumentReader` turn them into
/// `JSONError` with a line and column, which costs a scan that only errors pay for. Arrays and
/// objects are parsed with an explicit stack, so deep nesting fails with an error at `maxDepth`
/// instead of overflowing the call stack.
struct JSONScanner {
    /// A syntax error at a byte offset of the scanned buffer.
    struct Failure: Error {
        var message: String
        var offset: Int
    }

    let bytes: UnsafeRawBufferPointer
    var position: Int
    let maxDepth: Int

    init(bytes: UnsafeRawBufferPointer, position: Int = 0, maxDepth: Int) {
        self.bytes = bytes
        self.position = position
        self.maxDepth = maxDepth
    }

    /// An array or object whose members are still being parsed.
    private struct OpenContainer {
        var isObject: Bool
        var items: [Value] = []
        var entries: [Value.MapEntry] = []
        /// The key of the object member whose value is being parsed.
        var key = ""
    }

    /// Skips the four JSON whitespace bytes: space, tab, line feed and carriage return.
    @inline(__always)
    mutating func skipWhitespace() {
        var index = position
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0a, 0x0d, 0x09:
                index += 1
            default:
                position = index
                return
            }
        }
        position = index
    }

    /// Parses one value that starts at `position` after optional whitespace, and leaves
    /// `position` just past it.
    mutating func parseValue() throws(Failure) -> Value {
        var stack: [OpenContainer] = []

        parseElement: while true {
            skipWhitespace()
            guard position < bytes.count else {
                throw Failure(message: "unexpected end of input, expected a JSON value", offset: position)
            }

            var value: Value
            switch bytes[position] {
            case UInt8(ascii: "{"):
                try checkDepth(stack.count, at: position)
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    position += 1
                    value = .map([])
                } else {
                    let key = try parseMemberKey(after: "'{'")
                    stack.append(OpenContainer(isObject: true, key: key))
                    continue parseElement
                }
            case UInt8(ascii: "["):
                try checkDepth(stack.count, at: position)
                position += 1
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                    position += 1
                    value = .array([])
                } else {
                    stack.append(OpenContainer(isObject: false))
                    continue parseElement
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "t"):
                try parseLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try parseLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try parseLiteral("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = try parseNumber()
            default:
                throw Failure(message: "expected a JSON value, found \(describeByte(at: position))", offset: position)
            }

            // Store the finished value in the innermost container, and close each container
            // whose closing bracket follows.
            while !stack.isEmpty {
                let top = stack.count - 1
                skipWhitespace()
                let next: UInt8? = position < bytes.count ? bytes[position] : nil

                if stack[top].isObject {
                    stack[top].entries.append(Value.MapEntry(key: .string(stack[top].key), value: value))
                    if next == UInt8(ascii: ",") {
                        position += 1
                        skipWhitespace()
                        stack[top].key = try parseMemberKey(after: "','")
                        continue parseElement
                    }
                    guard next == UInt8(ascii: "}") else {
                        throw Failure(
                            message: "expected ',' or '}' after object member, found \(describeByte(at: position))",
                            offset: position
                        )
                    }
                    position += 1
                    value = .map(stack.removeLast().entries)
                } else {
                    stack[top].items.append(value)
                    if next == UInt8(ascii: ",") {
                        position += 1
                        continue parseElement
                    }
                    guard next == UInt8(ascii: "]") else {
                        throw Failure(
                            message: "expected ',' or ']' after array element, found \(describeByte(at: position))",
                            offset: position
                        )
                    }
                    position += 1
                    value = .array(stack.removeLast().items)
                }
            }
            return value
        }
    }

    /// Moves past optional whitespace and the colon after an object key, or throws the error
    /// that every reader of keys reports.
    mutating func skipKeyColon() throws(Failure) {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
            throw Failure(
                message: "expected ':' after object key, found \(describeByte(at: position))",
                offset: position
            )
        }
        position += 1
    }

    func checkDepth(_ openContainers: Int, at offset: Int) throws(Failure) {
        if openContainers >= maxDepth {
            throw Failure(
                message: "arrays and objects nested deeper than \(maxDepth) levels, the most saltpan reads",
                offset: offset
            )
        }
    }

    /// Parses an object key and the colon after it; `position` is at the expected opening quote.
    private mutating func parseMemberKey(after token: String) throws(Failure) -> String {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            let expected = token == "'{'" ? "a string key or '}'" : "a string key"
            throw Failure(
                message: "expected \(expected) after \(token), found \(describeByte(at: position))",
                offset: position
            )
        }
        let key = try parseString()

        try skipKeyColon()
        return key
    }

    mutating func parseLiteral(_ literal: StaticString) throws(Failure) {
        let length = literal.utf8CodeUnitCount
        let matches =
            length <= bytes.count - position
            && memoryEqual(literal.utf8Start, bytes.baseAddress.map { $0 + position }, length)
        guard matches else {
            throw Failure(message: "invalid literal, expected '\(literal)'", offset: position)
        }
        position += length
    }

    private func memoryEqual(_ expected: UnsafePointer<UInt8>, _ actual: UnsafeRawPointer?, _ length: Int) -> Bool {
        guard let actual else { return length == 0 }
        for index in 0..<length where expected[index] != actual.load(fromByteOffset: index, as: UInt8.self) {
            return false
        }
        return true
    }

    /// Returns the input bytes in `range` as UTF-8 code units.
    @inline(__always)
    func codeUnits(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeRawBufferPointer(rebasing: bytes[range]).assumingMemoryBound(to: UInt8.self)
    }

    /// Describes the byte at `offset` for an error message: a quoted printable ASCII character,
    /// a hexadecimal byte, or "end of input".
    func describeByte(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        let byte = bytes[offset]
        if byte >= 0x21, byte < 0x7f {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        let hex = String(byte, radix: 16, uppercase: false)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
    }
}
