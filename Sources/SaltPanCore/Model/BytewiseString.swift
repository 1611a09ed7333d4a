#if canImport(Glibc)
import Glibc
#endif

/// A string compared and hashed by its UTF-8 bytes, as SQLite and Salt compare ids.
///
/// Swift's `String` compares canonically equivalent texts as equal: "café" with a composed "é"
/// equals "café" with an "e" and a combining accent. Salt keeps a minion id as the minion sends
/// it, and SQLite compares bytes, so for them those are two ids.
struct BytewiseString: Hashable {
    var text: String

    init(_ text: String) {
        self.text = text
    }

    static func == (left: BytewiseString, right: BytewiseString) -> Bool {
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
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// True when `left`'s bytes sort before `right`'s, as SQLite's BINARY collation sorts text.
    static func precedes(_ left: BytewiseString, _ right: BytewiseString) -> Bool {
        left.text.utf8.lexicographicallyPrecedes(right.text.utf8)
    }
}
