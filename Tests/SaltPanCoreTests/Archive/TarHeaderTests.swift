import Testing

@testable import SaltPanCore

@Suite struct TarHeaderTests {
    /// Returns a header block whose name has bytes above 0x7f, as a UTF-8 minion id has, and
    /// whose prefix field spreads byte values over the whole range.
    private static func block(magic: [UInt8]) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        let name = Array("jobs/c7/5871d40b2a3ce258/w\u{e9}b\u{fc}1.example/return.p".utf8)
        block.replaceSubrange(0..<name.count, with: name)
        block.replaceSubrange(124..<136, with: Array("00000000017\0".utf8))
        block[156] = UInt8(ascii: "0")
        block.replaceSubrange(257..<(257 + magic.count), with: magic)
        for index in 345..<500 {
            block[index] = UInt8(truncatingIfNeeded: index * 37)
        }
        return block
    }

    /// Sums the block one byte at a time, with the checksum field as spaces.
    private static func sums(_ block: [UInt8]) -> (unsigned: Int, signed: Int) {
        var unsigned = 0
        var signed = 0
        for (index, byte) in block.enumerated() {
            let value = (148..<156).contains(index) ? UInt8(ascii: " ") : byte
            unsigned += Int(value)
            signed += Int(Int8(bitPattern: value))
        }
        return (unsigned, signed)
    }

    private static func withChecksum(_ block: [UInt8], _ sum: Int) -> [UInt8] {
        var block = block
        let octal = String(sum, radix: 8)
        let field = Array((String(repeating: "0", count: 6 - octal.count) + octal).utf8) + [0, 0x20]
        block.replaceSubrange(148..<156, with: field)
        return block
    }

    private static func matches(_ block: [UInt8]) -> Bool {
        block.withUnsafeBytes { TarHeader.checksumMatches($0) }
    }

    @Test func unsignedAndSignedSumsMatch() {
        let block = Self.block(magic: Array("ustar\0".utf8) + [0x30, 0x30])
        let (unsigned, signed) = Self.sums(block)
        #expect(unsigned != signed)

        #expect(Self.matches(Self.withChecksum(block, unsigned)))
        #expect(Self.matches(Self.withChecksum(block, signed)))
        #expect(!Self.matches(Self.withChecksum(block, unsigned + 1)))
        #expect(!Self.matches(Self.withChecksum(block, signed - 1)))
    }

    @Test func allHighBytesSum() {
        // The largest sum a block can have: every byte 0xff outside the checksum field.
        var block = [UInt8](repeating: 0xff, count: 512)
        block = Self.withChecksum(block, Self.sums(block).unsigned)
        #expect(Self.matches(block))
    }

    @Test(arguments: [
        (Array("ustar  \0".utf8), TarHeader.Format.gnu),
        (Array("ustar\0".utf8) + [0x30, 0x30], TarHeader.Format.ustar),
        (Array("ustar\0".utf8), TarHeader.Format.ustar),
        (Array("ustar ".utf8) + [0x30, 0x30], TarHeader.Format.v7),
        (Array("ustaR\0".utf8), TarHeader.Format.v7),
        ([UInt8](), TarHeader.Format.v7),
    ])
    func formatFromMagic(magic: [UInt8], format: TarHeader.Format) throws {
        let block = Self.block(magic: magic)
        let header = try block.withUnsafeBytes { try TarHeader(block: $0) }
        #expect(header.format == format)
    }
}
