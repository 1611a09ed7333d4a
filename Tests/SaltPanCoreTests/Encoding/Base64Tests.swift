import Testing

@testable import SaltPanCore

@Suite struct Base64Tests {
    /// The test vectors of RFC 4648, section 10.
    @Test(arguments: [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfcVectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func everyByteValueRoundTrips() {
        let bytes = (0...255).map { UInt8($0) }
        for length in 0...bytes.count {
            let prefix = Array(bytes.prefix(length))
            #expect(Base64.decode(Base64.encode(prefix)) == prefix)
        }
        #expect(Base64.encode([0xfb, 0xff, 0xbf]) == "+/+/")
    }

    @Test func appendsToExistingBuffer() {
        var output = Array("x=".utf8)
        Base64.appendEncoding(of: [0x8f, 0x00, 0xff, 0x73, 0x68, 0x61], to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "x=jwD/c2hh")
    }

    @Test(arguments: ["Zg", "Zg=", "Z===", "====", "=Zm9", "Zm9v!", "Zm 9v", "Zm9v\n", "Zg==Zg==", "Zm-_"])
    func invalidTextIsRejected(text: String) {
        #expect(Base64.decode(text) == nil)
    }
}
