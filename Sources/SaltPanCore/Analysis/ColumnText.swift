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

/// Gives each distinct column text a small integer id, and the text back for an id.
///
/// A scan over a million returns reads the same few minion ids, functions and products again
/// and again. Working with ids spares a string allocation, reference counting and a hash of
/// the string per row, and lets counters live in arrays indexed by id.
final class TextInterner {
    /// The bytes of every text, one after the other; `ranges[id]` locates one.
    private var arena: [UInt8] = []
    private var ranges: [Range<Int>] = []
    private var strings: [String] = []
    /// Open addressing with linear probing: each slot contains an id + 1, or 0 when empty.
    private var slots = [Int](repeating: 0, count: 64)

    /// The number of ids given out; ids run from 0 to `count - 1`.
    var count: Int { ranges.count }

    /// Returns the id of `bytes`, giving it a new one when the text is new.
    func id(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var slot = Self.hash(bytes) & (slots.count - 1)
        while slots[slot] != 0 {
            let id = slots[slot] - 1
            if matches(id, bytes) { return id }
            slot = (slot + 1) & (slots.count - 1)
        }

        let id = ranges.count
        ranges.append(arena.count..<(arena.count + bytes.count))
        arena.append(contentsOf: bytes)
        strings.append(String(decoding: bytes, as: UTF8.self))
        slots[slot] = id + 1
        if ranges.count * 2 > slots.count { grow() }
        return id
    }

    /// Returns the id of a text column, or nil for NULL.
    func id(of statement: Statement, at column: Int32) -> Int? {
        if statement.isNull(at: column) { return nil }
        return statement.withUTF8(at: column) { id($0) }
    }

    /// Returns the id of `text`, giving it a new one when the text is new.
    func id(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { id($0) }
    }

    func string(_ id: Int) -> String {
        strings[id]
    }

    /// Compares the text of `id` with `bytes` in SQLite's BINARY order.
    func compare(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        arena.withUnsafeBufferPointer { arena in
            UTF8Order.compare(UnsafeBufferPointer(rebasing: arena[ranges[id]]), bytes)
        }
    }

    private func matches(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        ranges[id].count == bytes.count && compare(id, bytes) == 0
    }

    private func grow() {
        slots = [Int](repeating: 0, count: slots.count * 2)
        arena.withUnsafeBufferPointer { arena in
            for (id, range) in ranges.enumerated() {
                var slot = Self.hash(UnsafeBufferPointer(rebasing: arena[range])) & (slots.count - 1)
                while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
                slots[slot] = id + 1
            }
        }
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
        return Int(truncatingIfNeeded: hash >> 1)
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
