/// An incremental SHA-256 digest, as specified in FIPS 180-4.
///
/// Feed bytes with `update(_:)` in pieces of any size, then read the 32-byte digest with
/// `finalize()`. Used to fingerprint whole input archives, so the block function works on raw
/// pointers with wrapping arithmetic and no per-byte calls.
public struct SHA256: Sendable {
    private var state = SHA256State()
    /// Input bytes that do not yet fill a 64-byte block; always fewer than 64.
    private var pending: [UInt8] = []
    private var messageLength: UInt64 = 0

    public init() {
        pending.reserveCapacity(SHA256State.blockSize)
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var input = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        messageLength &+= UInt64(remaining)

        if !pending.isEmpty {
            let fillCount = min(remaining, SHA256State.blockSize - pending.count)
            pending.append(
                contentsOf: UnsafeBufferPointer(start: input.assumingMemoryBound(to: UInt8.self), count: fillCount)
            )
            input += fillCount
            remaining -= fillCount
            guard pending.count == SHA256State.blockSize else { return }

            let block = pending
            block.withUnsafeBytes { raw in
                if let base = raw.baseAddress { state.compress(base, blockCount: 1) }
            }
            pending.removeAll(keepingCapacity: true)
        }

        let blockCount = remaining / SHA256State.blockSize
        if blockCount > 0 {
            state.compress(input, blockCount: blockCount)
            input += blockCount * SHA256State.blockSize
            remaining -= blockCount * SHA256State.blockSize
        }
        pending.append(
            contentsOf: UnsafeBufferPointer(start: input.assumingMemoryBound(to: UInt8.self), count: remaining)
        )
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Returns the 32-byte digest of the bytes added so far.
    ///
    /// Works on a copy, so more bytes may be added afterwards and the digest taken again.
    public func finalize() -> [UInt8] {
        var copy = self
        let bitLength = messageLength &* 8

        // Padding: one 0x80 byte, zeros up to 56 bytes into a block, then the bit length.
        var padding: [UInt8] = [0x80]
        let used = (pending.count + 1) % SHA256State.blockSize
        let zeroCount = used <= 56 ? 56 - used : 64 + 56 - used
        padding.append(contentsOf: repeatElement(0, count: zeroCount))
        for shift in stride(from: 56, through: 0, by: -8) {
            padding.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        copy.update(padding)

        return copy.state.bigEndianBytes()
    }

    /// The digest of the bytes added so far as 64 lowercase hexadecimal digits.
    public var hexDigest: String {
        hexString(finalize())
    }

    /// Returns the digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var digest = SHA256()
        digest.update(bytes)
        return digest.finalize()
    }
}

/// The eight working words of SHA-256 and its block function.
private struct SHA256State: Sendable {
    static let blockSize = 64

    var h0: UInt32 = 0x6a09_e667
    var h1: UInt32 = 0xbb67_ae85
    var h2: UInt32 = 0x3c6e_f372
    var h3: UInt32 = 0xa54f_f53a
    var h4: UInt32 = 0x510e_527f
    var h5: UInt32 = 0x9b05_688c
    var h6: UInt32 = 0x1f83_d9ab
    var h7: UInt32 = 0x5be0_cd19

    /// Processes `blockCount` consecutive 64-byte blocks starting at `blocks`.
    mutating func compress(_ blocks: UnsafeRawPointer, blockCount: Int) {
        sha256RoundConstants.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                for blockIndex in 0..<blockCount {
                    let block = blocks + blockIndex * SHA256State.blockSize
                    compressBlock(block, k: k, w: w)
                }
            }
        }
    }

    private mutating func compressBlock(
        _ block: UnsafeRawPointer,
        k: UnsafeBufferPointer<UInt32>,
        w: UnsafeMutableBufferPointer<UInt32>
    ) {
        for i in 0..<16 {
            w[i] = block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self).bigEndian
        }
        for i in 16..<64 {
            let x = w[i - 15]
            let y = w[i - 2]
            let s0 = rotateRight(x, 7) ^ rotateRight(x, 18) ^ (x >> 3)
            let s1 = rotateRight(y, 17) ^ rotateRight(y, 19) ^ (y >> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }

        var a = h0
        var b = h1
        var c = h2
        var d = h3
        var e = h4
        var f = h5
        var g = h6
        var h = h7
        for i in 0..<64 {
            let s1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)
            let choice = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ choice &+ k[i] &+ w[i]
            let s0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ majority
            h = g
            g = f
            f = e
            e = d &+ t1
            d = c
            c = b
            b = a
            a = t1 &+ t2
        }

        h0 &+= a
        h1 &+= b
        h2 &+= c
        h3 &+= d
        h4 &+= e
        h5 &+= f
        h6 &+= g
        h7 &+= h
    }

    func bigEndianBytes() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
            bytes.append(UInt8(truncatingIfNeeded: word >> 24))
            bytes.append(UInt8(truncatingIfNeeded: word >> 16))
            bytes.append(UInt8(truncatingIfNeeded: word >> 8))
            bytes.append(UInt8(truncatingIfNeeded: word))
        }
        return bytes
    }
}

@inline(__always)
private func rotateRight(_ value: UInt32, _ count: UInt32) -> UInt32 {
    (value >> count) | (value << (32 - count))
}

/// The first 32 bits of the fractional parts of the cube roots of the first 64 primes
/// (FIPS 180-4, section 4.2.2).
private let sha256RoundConstants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
]
