import Testing

@testable import SaltPanCore

/// Minion ids compared as SQLite compares them: by their UTF-8 bytes.
@Suite struct BytewiseStringTests {
    /// "é" as one scalar (C3 A9) and as "e" with a combining accent (65 CC 81).
    static let composed = "caf\u{e9}"
    static let decomposed = "cafe\u{301}"

    @Test func byteOrderIsSQLiteBinaryOrder() {
        #expect(BytewiseString.bytesPrecede("web01", "web02"))
        #expect(!BytewiseString.bytesPrecede("web02", "web01"))
        #expect(BytewiseString.bytesPrecede("web", "web01"))
        #expect(!BytewiseString.bytesPrecede("web01", "web01"))
        #expect(BytewiseString.bytesPrecede("", "a"))
        #expect(!BytewiseString.bytesPrecede("", ""))
        // Upper case letters are smaller bytes than lower case ones.
        #expect(BytewiseString.bytesPrecede("Web", "app"))
        #expect(BytewiseString.bytesPrecede(Self.decomposed, Self.composed))
    }

    @Test func canonicallyEqualIdsStayApart() {
        #expect(Self.composed == Self.decomposed)
        #expect(BytewiseString(Self.composed) != BytewiseString(Self.decomposed))
        #expect(!BytewiseString.haveSameBytes(Self.composed, Self.decomposed))
        #expect(BytewiseString.haveSameBytes("web01", "web01"))
    }

    /// A `new` event lists each targeted minion once, in the master's order; a list built from
    /// several sources may repeat them.
    @Test func distinctSortedKeepsEachIdOnce() {
        let ids = ["web02", "db01", "web02", Self.composed, "Cache_Node-1", Self.decomposed, "db01", ""]
        let expected = ["", "Cache_Node-1", Self.decomposed, Self.composed, "db01", "web02"]
        // Compared as bytes: `String`'s `==` would not tell the two cafés apart.
        #expect(BytewiseString.distinctSorted(ids).map { Array($0.utf8) } == expected.map { Array($0.utf8) })
        #expect(BytewiseString.distinctSorted([]) == [])
        #expect(BytewiseString.distinctSorted(["a", "a", "a"]) == ["a"])
    }
}
