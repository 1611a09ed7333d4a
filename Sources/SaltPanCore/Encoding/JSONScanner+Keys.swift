#if canImport(Glibc)
import Glibc
#endif

/// Steps for readers that walk JSON objects and compare their keys as bytes, without building
/// the keys as strings.
extension JSONScanner {
    /// Reads an object key without escapes and the colon after it, and returns the range of the
    /// key's bytes.
    ///
    /// `position` is at the opening quote, after optional whitespace.
    mutating func scanKey() throws(Failure) -> Range<Int> {
        try expect(UInt8(ascii: "\""))
        let start = position
        position = JSONText.indexOfSpecialByte(in: bytes, from: start)
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
            throw Failure(message: "a key with an escape, a control character or no end", offset: position)
        }
        let key = start..<position
        position += 1
        try expect(UInt8(ascii: ":"))
        return key
    }

    /// Reads an object key and the colon after it, and returns the range of the key's text
    /// between the quotes, with its escape sequences as they are.
    ///
    /// `position` is at the opening quote, after optional whitespace.
    mutating func scanKeyText() throws(Failure) -> Range<Int> {
        try expect(UInt8(ascii: "\""))
        let start = position
        while true {
            position = JSONText.indexOfSpecialByte(in: bytes, from: position)
            guard position < bytes.count else {
                throw Failure(message: "a key with no end", offset: start)
            }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                let key = start..<position
                position += 1
                try expect(UInt8(ascii: ":"))
                return key
            case UInt8(ascii: "\\"):
                // The byte after a backslash is never a quote that ends the key.
                position += 2
            default:
                throw Failure(message: "a control character in a key", offset: position)
            }
        }
    }

    /// Returns whether the bytes of `key` are those of `name`.
    func keyEquals(_ key: Range<Int>, _ name: StaticString) -> Bool {
        guard key.count == name.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base + key.lowerBound, name.utf8Start, key.count) == 0
    }

    /// Returns whether `byte` is at `position`.
    func isAt(_ byte: UInt8) -> Bool {
        position < bytes.count && bytes[position] == byte
    }

    /// Moves past `byte` after optional whitespace when it comes next, and returns whether it did.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard isAt(byte) else { return false }
        position += 1
        return true
    }

    /// Moves past `byte` after optional whitespace, or throws when something else comes next.
    mutating func expect(_ byte: UInt8) throws(Failure) {
        guard consume(byte) else {
            throw Failure(
                message: "expected \(Character(Unicode.Scalar(byte))), found \(describeByte(at: position))",
                offset: position
            )
        }
    }
}
