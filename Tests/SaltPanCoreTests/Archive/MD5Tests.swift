import Testing

@testable import SaltPanCore

@Suite struct MD5Tests {
    /// The test suite of RFC 1321, appendix A.5.
    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        (
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
            "57edf4a22be3c955ac49da2e2107b67a"
        ),
    ])
    func rfcVectors(message: String, expected: String) {
        var digest = MD5()
        digest.update(Array(message.utf8))
        #expect(digest.hexDigest == expected)
    }

    @Test func piecewiseUpdatesMatchOneUpdate() {
        let message = ArchiveTesting.pseudoRandomBytes(1000)
        let whole = MD5.hash(message)
        for pieceSize in [1, 7, 56, 63, 64, 65, 500] {
            var digest = MD5()
            var start = 0
            while start < message.count {
                let end = min(start + pieceSize, message.count)
                digest.update(Array(message[start..<end]))
                start = end
            }
            #expect(digest.finalize() == whole, "piece size \(pieceSize)")
        }
    }

    /// A master with `hash_type: md5` names the folder of this jid `bc/a98dab…`
    /// (`printf 20261204195008509633 | md5sum`).
    @Test func jidDigestMatchesMd5sum() {
        #expect(hexString(MD5.hash(Array(ArchiveTesting.knownJid.utf8))) == "bca98dabe05c94b133d9df6619edca72")
    }
}
