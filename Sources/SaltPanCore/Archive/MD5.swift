/// An incremental MD5 digest, as specified in RFC 1321.
///
/// MD5 is broken for security. It is here because Salt masters configured with
/// `hash_type: md5` (the default before Salt 2017.7) name job cache folders after the MD5 of the
/// job id, so reading those caches needs it.
public struct MD5: Sendable {
    private var a0: UInt32 = 0x6745_2301
    private var b0: UInt32 = 0xefcd_ab89
    private var c0: UInt32 = 0x98ba_dcfe
    private var d0: UInt32 = 0x1032_5476
    /// Input bytes that do not yet fill a 64-byte block; always fewer than 64.
    private var pending: [UInt8] = []
    private var messageLength: UInt64 = 0

    public init() {
        pending.reserveCapacity(64)
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var input = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        messageLength &+= UInt64(remaining)

        if !pending.isEmpty {
            let fillCount = min(remaining, 64 - pending.count)
            pending.append(
                contentsOf: UnsafeBufferPointer(start: input.assumingMemoryBound(to: UInt8.self), count: fillCount)
            )
            input += fillCount
            remaining -= fillCount
            guard pending.count == 64 else { return }

            let block = pending
            block.withUnsafeBytes { raw in
                if let base = raw.baseAddress { compress(base, blockCount: 1) }
            }
            pending.removeAll(keepingCapacity: true)
        }

        let blockCount = remaining / 64
        if blockCount > 0 {
            compress(input, blockCount: blockCount)
            input += blockCount * 64
            remaining -= blockCount * 64
        }
        pending.append(
            contentsOf: UnsafeBufferPointer(start: input.assumingMemoryBound(to: UInt8.self), count: remaining)
        )
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Returns the 16-byte digest of the bytes added so far.
    ///
    /// Works on a copy, so more bytes may be added afterwards and the digest taken again.
    public func finalize() -> [UInt8] {
        var copy = self
        let bitLength = messageLength &* 8

        // Padding: one 0x80 byte, zeros up to 56 bytes into a block, then the bit length
        // in little-endian order.
        var padding: [UInt8] = [0x80]
        let used = (pending.count + 1) % 64
        let zeroCount = used <= 56 ? 56 - used : 64 + 56 - used
        padding.append(contentsOf: repeatElement(0, count: zeroCount))
        for shift in stride(from: 0, through: 56, by: 8) {
            padding.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        copy.update(padding)

        var digest: [UInt8] = []
        digest.reserveCapacity(16)
        for word in [copy.a0, copy.b0, copy.c0, copy.d0] {
            for shift in stride(from: 0, through: 24, by: 8) {
                digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift)))
            }
        }
        return digest
    }

    /// The digest of the bytes added so far as 32 lowercase hexadecimal digits.
    public var hexDigest: String {
        hexString(finalize())
    }

    /// Returns the digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var digest = MD5()
        digest.update(bytes)
        return digest.finalize()
    }

    /// Processes `blockCount` consecutive 64-byte blocks starting at `blocks`.
    private mutating func compress(_ blocks: UnsafeRawPointer, blockCount: Int) {
        md5SineConstants.withUnsafeBufferPointer { k in
            md5Shifts.withUnsafeBufferPointer { shifts in
                for blockIndex in 0..<blockCount {
                    compressBlock(blocks + blockIndex * 64, k: k, shifts: shifts)
                }
            }
        }
    }

    private mutating func compressBlock(
        _ block: UnsafeRawPointer,
        k: UnsafeBufferPointer<UInt32>,
        shifts: UnsafeBufferPointer<UInt32>
    ) {
        var a = a0
        var b = b0
        var c = c0
        var d = d0
        for i in 0..<64 {
            var f: UInt32
            let wordIndex: Int
            switch i {
            case 0..<16:
                f = (b & c) | (~b & d)
                wordIndex = i
            case 16..<32:
                f = (d & b) | (~d & c)
                wordIndex = (5 * i + 1) & 15
            case 32..<48:
                f = b ^ c ^ d
                wordIndex = (3 * i + 5) & 15
            default:
                f = c ^ (b | ~d)
                wordIndex = (7 * i) & 15
            }
            let word = block.loadUnaligned(fromByteOffset: wordIndex * 4, as: UInt32.self).littleEndian
            f = f &+ a &+ k[i] &+ word
            a = d
            d = c
            c = b
            let shift = shifts[i]
            b = b &+ ((f << shift) | (f >> (32 - shift)))
        }

        a0 &+= a
        b0 &+= b
        c0 &+= c
        d0 &+= d
    }
}

/// The integer parts of 2^32 times the absolute sines of 1 to 64 (RFC 1321, section 3.4).
private let md5SineConstants: [UInt32] = [
    0xd76a_a478, 0xe8c7_b756, 0x2420_70db, 0xc1bd_ceee, 0xf57c_0faf, 0x4787_c62a, 0xa830_4613, 0xfd46_9501,
    0x6980_98d8, 0x8b44_f7af, 0xffff_5bb1, 0x895c_d7be, 0x6b90_1122, 0xfd98_7193, 0xa679_438e, 0x49b4_0821,
    0xf61e_2562, 0xc040_b340, 0x265e_5a51, 0xe9b6_c7aa, 0xd62f_105d, 0x0244_1453, 0xd8a1_e681, 0xe7d3_fbc8,
    0x21e1_cde6, 0xc337_07d6, 0xf4d5_0d87, 0x455a_14ed, 0xa9e3_e905, 0xfcef_a3f8, 0x676f_02d9, 0x8d2a_4c8a,
    0xfffa_3942, 0x8771_f681, 0x6d9d_6122, 0xfde5_380c, 0xa4be_ea44, 0x4bde_cfa9, 0xf6bb_4b60, 0xbebf_bc70,
    0x289b_7ec6, 0xeaa1_27fa, 0xd4ef_3085, 0x0488_1d05, 0xd9d4_d039, 0xe6db_99e5, 0x1fa2_7cf8, 0xc4ac_5665,
    0xf429_2244, 0x432a_ff97, 0xab94_23a7, 0xfc93_a039, 0x655b_59c3, 0x8f0c_cc92, 0xffef_f47d, 0x8584_5dd1,
    0x6fa8_7e4f, 0xfe2c_e6e0, 0xa301_4314, 0x4e08_11a1, 0xf753_7e82, 0xbd3a_f235, 0x2ad7_d2bb, 0xeb86_d391,
]

/// The left-rotation amounts of the 64 MD5 steps (RFC 1321, section 3.4).
private let md5Shifts: [UInt32] = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
]
