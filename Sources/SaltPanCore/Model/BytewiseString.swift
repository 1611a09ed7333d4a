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
        digest = text.withUTF8Bytes { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            return hash
        }
        self.text = text
    }

    static func == (left: BytewiseString, right: BytewiseString) -> Bool {
        left.digest == right.digest && haveSameBytes(left.text, right.text)
    }

    /// True when the two strings have the same UTF-8 bytes, as SQLite's BINARY collation
    /// compares text.
    ///
    /// `String`'s `==` compares characters, which costs more.
    static func haveSameBytes(_ left: String, _ right: String) -> Bool {
        left.withUTF8Bytes { leftBytes in
            right.withUTF8Bytes { rightBytes in
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
        bytesPrecede(left.text, right.text)
    }

    /// True when `left`'s UTF-8 bytes sort before `right`'s, as SQLite's BINARY collation sorts
    /// text: by `memcmp` of the common length, then the shorter first.
    static func bytesPrecede(_ left: String, _ right: String) -> Bool {
        left.withUTF8Bytes { leftBytes in
            right.withUTF8Bytes { rightBytes in
                let common = min(leftBytes.count, rightBytes.count)
                if common > 0, let leftStart = leftBytes.baseAddress, let rightStart = rightBytes.baseAddress {
                    let order = memcmp(leftStart, rightStart, common)
                    if order != 0 { return order < 0 }
                }
                return leftBytes.count < rightBytes.count
            }
        }
    }

    /// Returns the distinct ids of `ids` in byte order, as a job's expected minions are kept.
    ///
    /// Ids that differ in their bytes stay apart even when `String` would call them equal.
    /// Sorting and dropping neighbours costs a fraction of building a `Set<String>` and sorting
    /// it with `String`'s comparison, which took 3% of reading an event log's `new` events.
    static func distinctSorted(_ ids: [String]) -> [String] {
        var distinct: [String] = []
        distinct.reserveCapacity(ids.count)
        for id in ids.sorted(by: bytesPrecede) where !(distinct.last.map { haveSameBytes($0, id) } ?? false) {
            distinct.append(id)
        }
        return distinct
    }
}
