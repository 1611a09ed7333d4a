#if canImport(Glibc)
import Glibc
#endif

/// A string compared and hashed by its UTF-8 bytes, as SQLite and Salt compare ids.
///
/// Swift's `String` compares canonically equivalent texts as equal: "café" with a composed "é"
/// equals "café" with an "e" and a combining accent. Salt keeps a minion id as the minion sends
/// it, and SQLite compares bytes, so for them those are two ids.
struct BytewiseString: Hashable {
    let text: String
    /// The FNV-1a hash of the UTF-8 bytes, computed once.
    ///
    /// Sets and dictionaries compare it before the bytes, so probing past other keys costs one
    /// integer comparison each.
    private let digest: UInt64

    init(_ text: String) {
        var text = text
        digest = text.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            return hash
        }
        self.text = text
    }

    static func == (left: BytewiseString, right: BytewiseString) -> Bool {
        guard left.digest == right.digest else { return false }
        var left = left.text
        var right = right.text
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                guard leftBytes.count == rightBytes.count else { return false }
                guard let leftStart = leftBytes.baseAddress, let rightStart = rightBytes.baseAddress else {
                    return true
                }
                return memcmp(leftStart, rightStart, leftBytes.count) == 0
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(digest)
    }

    /// True when `left`'s bytes sort before `right`'s, as SQLite's BINARY collation sorts text.
    static func precedes(_ left: BytewiseString, _ right: BytewiseString) -> Bool {
        left.text.utf8.lexicographicallyPrecedes(right.text.utf8)
    }
}
