import CSQLite

#if canImport(Glibc)
import Glibc
#endif

extension Statement {
    /// Calls `body` with the UTF-8 bytes of a text column, read in place.
    ///
    /// NULL gives an empty buffer. The bytes are valid only inside `body`.
    func withUTF8<Result>(at column: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let text = sqlite3_column_text(handle, column)
        let count = Int(sqlite3_column_bytes(handle, column))
        return try body(UnsafeBufferPointer(start: text, count: text == nil ? 0 : count))
    }
}

/// Byte-wise ordering of UTF-8 text, the order of SQLite's BINARY collation.
enum UTF8Order {
    /// Negative, zero or positive as `left` sorts before, equal to or after `right`.
    static func compare(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(left.count, right.count)
        if common > 0, let leftBase = left.baseAddress, let rightBase = right.baseAddress {
            let result = memcmp(leftBase, rightBase, common)
            if result != 0 { return Int(result) }
        }
        return left.count - right.count
    }

    static func compare(_ left: String, _ right: String) -> Int {
        var left = left
        var right = right
        return left.withUTF8 { leftBytes in right.withUTF8 { rightBytes in compare(leftBytes, rightBytes) } }
    }
}

/// Turns column text into strings, making each distinct text once.
///
/// A scan over a million returns reads the same few minion ids, functions and products again
/// and again, so sharing one string for each saves an allocation per row.
final class TextInterner {
    private var strings: [Int: [String]] = [:]

    func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let hash = Self.hash(bytes)
        for candidate in strings[hash] ?? [] where UTF8Order.compare(candidate, bytes) == 0 {
            return candidate
        }
        let text = String(decoding: bytes, as: UTF8.self)
        strings[hash, default: []].append(text)
        return text
    }

    /// Hashes with FNV-1a, which is much cheaper than `Hasher` for short keys.
    ///
    /// The table only needs to spread ids, not resist crafted collisions, because every
    /// candidate is compared in full.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash)
    }

    /// Returns the text of a column, or nil for NULL.
    func string(of statement: Statement, at column: Int32) -> String? {
        if statement.isNull(at: column) { return nil }
        return statement.withUTF8(at: column) { string($0) }
    }
}

extension UTF8Order {
    static func compare(_ left: String, _ right: UnsafeBufferPointer<UInt8>) -> Int {
        var left = left
        return left.withUTF8 { compare($0, right) }
    }

    static func compare(_ left: UnsafeBufferPointer<UInt8>, _ right: String) -> Int {
        var right = right
        return right.withUTF8 { compare(left, $0) }
    }
}

@available(*, unavailable)
extension TextInterner: Sendable {}
