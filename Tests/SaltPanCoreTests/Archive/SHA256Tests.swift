import Foundation
import Testing

@testable import SaltPanCore

@Suite struct SHA256Tests {
    /// The examples of FIPS 180-2, appendix B, and the digest of the empty message.
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ])
    func standardVectors(message: String, expected: String) {
        var digest = SHA256()
        digest.update(Array(message.utf8))
        #expect(digest.hexDigest == expected)
    }

    @Test func millionLetterA() {
        var digest = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 {
            digest.update(chunk)
        }
        #expect(digest.hexDigest == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Piece sizes that cross the 64-byte block boundary in every way must give the same digest.
    @Test func piecewiseUpdatesMatchOneUpdate() {
        let message = ArchiveTesting.pseudoRandomBytes(1000)
        let whole = SHA256.hash(message)
        for pieceSize in [1, 3, 55, 56, 63, 64, 65, 127, 999] {
            var digest = SHA256()
            var start = 0
            while start < message.count {
                let end = min(start + pieceSize, message.count)
                digest.update(Array(message[start..<end]))
                start = end
            }
            #expect(digest.finalize() == whole, "piece size \(pieceSize)")
        }
    }

    /// Padding needs a second block when 56 to 63 bytes are left over.
    @Test(arguments: [55, 56, 63, 64, 119, 120])
    func lengthsAroundPaddingBoundary(length: Int) throws {
        let message = [UInt8](repeating: UInt8(ascii: "x"), count: length)
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("message", message)
        let output = try ArchiveTesting.run("/usr/bin/sha256sum", ["message"], in: folder.path)
        let expected = String(decoding: output.prefix(64), as: UTF8.self)
        #expect(hexString(SHA256.hash(message)) == expected)
    }

    @Test func finalizeLeavesDigestUsable() {
        var digest = SHA256()
        digest.update(Array("ab".utf8))
        _ = digest.finalize()
        digest.update(Array("c".utf8))
        #expect(digest.hexDigest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// A copy shares libcrypto's state until one of the two takes more bytes.
    @Test func copiesAreIndependent() {
        var original = SHA256()
        original.update(Array("ab".utf8))
        var copy = original
        copy.update(Array("c".utf8))
        original.update(Array("x".utf8))
        #expect(copy.hexDigest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(original.hexDigest == hexString(SHA256.hash(Array("abx".utf8))))
        #expect(original.hexDigest != copy.hexDigest)
    }

    @Test func fixtureArchiveMatchesSha256sum() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ArchiveTesting.jobsArchive)))
        #expect(hexString(SHA256.hash(bytes)) == ArchiveTesting.archiveSHA256)
    }

    /// Salt 3008 with its default `hash_type: sha256` names a job's cache folder after the
    /// SHA-256 of the jid: the first two hex digits, then the other 62.
    @Test func jidHashNamesJobFolder() {
        let digest = hexString(SHA256.hash(Array(ArchiveTesting.knownJid.utf8)))
        #expect("jobs/" + digest.prefix(2) + "/" + digest.dropFirst(2) == ArchiveTesting.knownJobFolder)
    }
}
