import CZlib
import Testing

@testable import SaltPanCore

/// Tests of the gzip CRC-32 as trailers record it, with whichever routine the processor allows.
@Suite struct GzipCRCTests {
    static func crc(_ bytes: [UInt8], from crc: UInt32 = 0, carryless: Bool = true) -> UInt32 {
        bytes.withUnsafeBytes { GzipCRC.update(crc, with: $0, carryless: carryless) }
    }

    static func zlibCRC(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { UInt32(crc32_z(0, $0.baseAddress, $0.count)) }
    }

    /// The check value of the CRC-32 that gzip uses (RFC 1952), for the nine ASCII digits.
    @Test(arguments: [true, false]) func checkValue(carryless: Bool) {
        #expect(Self.crc(Array("123456789".utf8), carryless: carryless) == 0xcbf4_3926)
        #expect(Self.crc([], carryless: carryless) == 0)
    }

    /// Lengths around the 16- and 128-byte blocks of carry-less multiplication agree with zlib.
    @Test func lengthsAgreeWithZlib() {
        for length in [1, 7, 15, 16, 17, 31, 32, 63, 64, 127, 128, 129, 255, 256, 1000, 65_537] {
            // A fixed pseudo-random sequence, so a failure repeats.
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
            #expect(Self.crc(bytes) == Self.zlibCRC(bytes), "length \(length)")
        }
    }

    /// A member inflated in pieces gets the CRC-32 of the whole.
    @Test(arguments: [true, false]) func piecesGiveTheWhole(carryless: Bool) {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var crc: UInt32 = 0
        for start in stride(from: 0, to: bytes.count, by: 777) {
            crc = Self.crc(Array(bytes[start..<min(start + 777, bytes.count)]), from: crc, carryless: carryless)
        }
        #expect(crc == Self.zlibCRC(bytes))
    }
}
