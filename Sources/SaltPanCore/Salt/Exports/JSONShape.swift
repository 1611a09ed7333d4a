/// The outline of a JSON value: its type, and the keys of its first levels.
///
/// Detection reads outlines instead of parsing, so that it can work on a prefix of a large
/// input and stops after the few keys it needs.
struct JSONShape {
    enum Kind: Equatable {
        case object
        case array
        case string
        case number
        case literal
    }

    /// One key of an object and the outline of its value, or nil below the recorded depth.
    struct Member {
        var key: String
        var value: JSONShape?
    }

    var kind: Kind
    /// The members of an object that were read, in order, up to `JSONShapeScanner.maxMembers`.
    var members: [Member] = []
    /// The outline of an array's first element, in a list of at most one element.
    var firstElement: [JSONShape] = []
    /// False when the input ended inside the value.
    var isComplete = false

    init(kind: Kind) {
        self.kind = kind
    }

    var keys: [String] { members.map(\.key) }

    /// The outline of the value under `key`, if it was recorded.
    subscript(key: String) -> JSONShape? {
        members.first { $0.key == key }?.value
    }
}

/// Reads the outline of JSON values from the start of a byte buffer that may end anywhere.
///
/// Keys are recorded up to `maxDepth` levels of nesting, and values below it are skipped. A
/// syntax error stops the scan, and the input ending early marks the values as incomplete.
struct JSONShapeScanner {
    /// Objects and arrays nested deeper than this are skipped without recording their keys.
    static let maxDepth = 2
    /// The maximum number of keys recorded for one object; the rest are skipped.
    static let maxMembers = 64

    /// The bytes at `offset` cannot start or continue a JSON value.
    struct Failure: Error {
        var offset: Int
    }

    private let bytes: [UInt8]
    private(set) var position: Int

    init(bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { position >= bytes.count }

    /// Reads one value; an incomplete outline means the input ended inside it.
    ///
    /// - Throws: `Failure` at the first byte that is not valid JSON.
    mutating func scanValue(depth: Int = 0) throws(Failure) -> JSONShape {
        skipWhitespace()
        guard position < bytes.count else { return JSONShape(kind: .literal) }

        switch bytes[position] {
        case UInt8(ascii: "{"):
            return depth > Self.maxDepth ? try skipContainer(kind: .object) : try scanObject(depth: depth)
        case UInt8(ascii: "["):
            return depth > Self.maxDepth ? try skipContainer(kind: .array) : try scanArray(depth: depth)
        case UInt8(ascii: "\""):
            var shape = JSONShape(kind: .string)
            shape.isComplete = try skipString() != nil
            return shape
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return scanNumber()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            return try scanLiteral()
        default:
            throw Failure(offset: position)
        }
    }

    mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x0a, 0x0d, 0x09].contains(bytes[position]) {
            position += 1
        }
    }

    private mutating func scanObject(depth: Int) throws(Failure) -> JSONShape {
        var shape = JSONShape(kind: .object)
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            shape.isComplete = true
            return shape
        }

        while position < bytes.count {
            skipWhitespace()
            guard position < bytes.count else { break }
            guard bytes[position] == UInt8(ascii: "\"") else { throw Failure(offset: position) }
            guard let key = try skipString() else { break }

            skipWhitespace()
            guard position < bytes.count else { break }
            guard bytes[position] == UInt8(ascii: ":") else { throw Failure(offset: position) }
            position += 1

            let value = try scanValue(depth: depth + 1)
            if shape.members.count < Self.maxMembers {
                let recorded = depth < Self.maxDepth ? value : nil
                shape.members.append(JSONShape.Member(key: decodeKey(key), value: recorded))
            }
            guard value.isComplete else { return shape }

            skipWhitespace()
            guard position < bytes.count else { break }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "}") {
                position += 1
                shape.isComplete = true
                return shape
            } else {
                throw Failure(offset: position)
            }
        }
        return shape
    }

    private mutating func scanArray(depth: Int) throws(Failure) -> JSONShape {
        var shape = JSONShape(kind: .array)
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            shape.isComplete = true
            return shape
        }

        while position < bytes.count {
            let element = try scanValue(depth: depth + 1)
            if shape.firstElement.isEmpty, depth < Self.maxDepth {
                shape.firstElement = [element]
            }
            guard element.isComplete else { return shape }

            skipWhitespace()
            guard position < bytes.count else { break }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
            } else if bytes[position] == UInt8(ascii: "]") {
                position += 1
                shape.isComplete = true
                return shape
            } else {
                throw Failure(offset: position)
            }
        }
        return shape
    }

    /// Moves past the object or array at `position`, whose outline no caller reads, and returns
    /// only its kind and whether it ended.
    ///
    /// The brackets still open are kept in a list instead of on the call stack. Recursion
    /// overflowed the stack on a value nested 100,000 levels deep, and the full parse reports
    /// such a value with its line. Only brackets and strings are checked here.
    private mutating func skipContainer(kind: JSONShape.Kind) throws(Failure) -> JSONShape {
        var shape = JSONShape(kind: kind)
        var closingBrackets: [UInt8] = []

        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "{"):
                closingBrackets.append(UInt8(ascii: "}"))
                position += 1
            case UInt8(ascii: "["):
                closingBrackets.append(UInt8(ascii: "]"))
                position += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard closingBrackets.last == byte else { throw Failure(offset: position) }
                closingBrackets.removeLast()
                position += 1
                if closingBrackets.isEmpty {
                    shape.isComplete = true
                    return shape
                }
            case UInt8(ascii: "\""):
                guard try skipString() != nil else { return shape }
            default:
                position += 1
            }
        }
        return shape
    }

    /// Moves past a string and returns the range of its content, or nil when the input ends
    /// inside it.
    private mutating func skipString() throws(Failure) -> Range<Int>? {
        position += 1
        let start = position
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                return start..<(position - 1)
            case UInt8(ascii: "\\"):
                position += 2
            case 0x00..<0x20:
                throw Failure(offset: position)
            default:
                position += 1
            }
        }
        position = bytes.count
        return nil
    }

    private mutating func scanNumber() -> JSONShape {
        while position < bytes.count, isNumberByte(bytes[position]) {
            position += 1
        }
        var shape = JSONShape(kind: .number)
        shape.isComplete = position < bytes.count
        return shape
    }

    private mutating func scanLiteral() throws(Failure) -> JSONShape {
        for word in ["true", "false", "null"] {
            let literal = Array(word.utf8)
            let available = min(literal.count, bytes.count - position)
            guard bytes[position..<(position + available)].elementsEqual(literal[0..<available]) else { continue }

            position += available
            var shape = JSONShape(kind: .literal)
            shape.isComplete = available == literal.count
            return shape
        }
        throw Failure(offset: position)
    }

    private func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "e"), UInt8(ascii: "E"):
            return true
        default:
            return false
        }
    }

    /// Decodes the text of a key, passing keys with escapes through the JSON parser.
    private func decodeKey(_ range: Range<Int>) -> String {
        let content = bytes[range]
        guard content.contains(UInt8(ascii: "\\")) else {
            return String(decoding: content, as: UTF8.self)
        }
        let quoted = bytes[(range.lowerBound - 1)...range.upperBound]
        let value = try? JSONParser().parse(quoted)
        return value?.stringValue ?? String(decoding: content, as: UTF8.self)
    }
}
