import Testing

@testable import SaltPanCore

/// Hand-made MessagePack bytes for every type.
///
/// Each comment names the Salt data that the bytes stand for.
@Suite struct MessagePackDecoderTests {
    /// Decodes `bytes` and requires that the object uses all of them.
    private func decode(_ bytes: [UInt8]) throws -> Value {
        let decoded = try MessagePackDecoder().decode(bytes)
        #expect(decoded.byteCount == bytes.count)
        #expect(decoded.trailingByteCount == 0)
        return decoded.value
    }

    /// Returns the error that decoding `bytes` throws, or nil when it succeeds.
    private func decodingError(_ bytes: [UInt8], maxDepth: Int = 512) -> MessagePackError? {
        do throws(MessagePackError) {
            _ = try MessagePackDecoder(maxDepth: maxDepth).decode(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func nilAndBooleans() throws {
        // `"ret": None`, `"success": False` and `"result": True` in job returns.
        #expect(try decode([0xc0]) == .null)
        #expect(try decode([0xc2]) == .bool(false))
        #expect(try decode([0xc3]) == .bool(true))
    }

    @Test func fixints() throws {
        // `"retcode": 0`, a `__run_num__` of 127, and small negative retcodes such as -1.
        #expect(try decode([0x00]) == .int(0))
        #expect(try decode([0x7f]) == .int(127))
        #expect(try decode([0xff]) == .int(-1))
        #expect(try decode([0xe0]) == .int(-32))
    }

    @Test func unsignedIntegers() throws {
        // Port 443 in `open_ports` takes uint16. Larger pids, sizes and counters take uint32 and uint64.
        #expect(try decode([0xcc, 0xff]) == .int(255))
        #expect(try decode([0xcd, 0x01, 0xbb]) == .int(443))
        #expect(try decode([0xce, 0x00, 0x01, 0x00, 0x00]) == .int(65_536))
        #expect(try decode([0xcf, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) == .int(Int64.max))
        #expect(try decode([0xcf, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]) == .unsigned(1 << 63))
        #expect(try decode([0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]) == .unsigned(UInt64.max))
    }

    @Test func signedIntegers() throws {
        // `"balance": -42` from the inventory.snapshot custom module, and wider negatives.
        #expect(try decode([0xd0, 0xd6]) == .int(-42))
        #expect(try decode([0xd1, 0x80, 0x00]) == .int(-32_768))
        #expect(try decode([0xd2, 0x80, 0x00, 0x00, 0x00]) == .int(Int64(Int32.min)))
        #expect(try decode([0xd3, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]) == .int(Int64.min))
        // A non-negative number in the int family is valid MessagePack, though Python never writes it.
        #expect(try decode([0xd0, 0x05]) == .int(5))
    }

    @Test func floats() throws {
        // `"ratio": 0.25` from inventory.snapshot; Salt writes float64, other writers float32.
        #expect(try decode([0xcb, 0x3f, 0xd0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]) == .double(0.25))
        #expect(try decode([0xca, 0x3f, 0xc0, 0x00, 0x00]) == .double(1.5))
        #expect(try decode([0xca, 0x3d, 0xcc, 0xcc, 0xcd]) == .double(Double(Float(0.1))))
    }

    @Test func fixstrAndStr8() throws {
        // A minion id, and a state comment between 32 and 255 bytes long.
        #expect(try decode([0xa3] + Array("cmd".utf8)) == .string("cmd"))
        #expect(try decode([0xa0]) == .string(""))

        let comment = "The directory /srv/saltlab/run/work/web01.example.test is in the correct state"
        #expect(try decode([0xd9, UInt8(comment.utf8.count)] + Array(comment.utf8)) == .string(comment))
    }

    @Test func str16WithUnicode() throws {
        // A file.managed diff with non-ASCII text, written by `salt.payload.dumps` in str16.
        let diff = "--- \n+++ \n@@ -1,2 +1,2 @@\n-Grüße ✓ from CLI pillar\n+Grüße ✓ from pillar top\n"
        let length = UInt16(diff.utf8.count)
        let bytes = [0xda, UInt8(length >> 8), UInt8(length & 0xff)] + Array(diff.utf8)
        #expect(try decode(bytes) == .string(diff))
    }

    @Test func str32() throws {
        // The ~200 KB output of `cmd.run "seq 1 36000"`, which Salt writes as str32.
        let output = (1...36_000).map(String.init).joined(separator: "\n")
        let length = UInt32(output.utf8.count)
        let header: [UInt8] = [
            0xdb, UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff),
        ]

        let value = try decode(header + Array(output.utf8))
        let text = try #require(value.stringValue)
        #expect(text.utf8.count == 204_893)
        #expect(text.hasPrefix("1\n2\n3\n"))
        #expect(text.hasSuffix("35999\n36000"))
    }

    @Test func invalidUTF8InStrIsKept() throws {
        // A Python 2 era cache that wrote Latin-1 bytes ("café") in the str family.
        #expect(try decode([0xa4, 0x63, 0x61, 0x66, 0xe9]) == .invalidString([0x63, 0x61, 0x66, 0xe9]))
        // An encoded surrogate (U+D800) is not valid UTF-8 either.
        #expect(try decode([0xa3, 0xed, 0xa0, 0x80]) == .invalidString([0xed, 0xa0, 0x80]))
        // A 4-byte sequence cut short.
        #expect(try decode([0xa3, 0xf0, 0x9f, 0x98]) == .invalidString([0xf0, 0x9f, 0x98]))
        // An overlong encoding of '/'.
        #expect(try decode([0xa2, 0xc0, 0xaf]) == .invalidString([0xc0, 0xaf]))
        // A valid 4-byte sequence (U+1F600) next to ASCII longer than eight bytes stays text.
        #expect(try decode([0xad] + Array("grinning 😀".utf8)) == .string("grinning 😀"))
    }

    @Test func binFamily() throws {
        // `"checksum_raw"` from inventory.snapshot and `file.read binary=True` output.
        #expect(
            try decode([0xc4, 0x06, 0x8f, 0x00, 0xff, 0x73, 0x68, 0x61])
                == .bytes([0x8f, 0x00, 0xff, 0x73, 0x68, 0x61])
        )
        #expect(try decode([0xc4, 0x00]) == .bytes([]))

        let kilobyte = [UInt8](repeating: 0xab, count: 1024)
        #expect(try decode([0xc5, 0x04, 0x00] + kilobyte) == .bytes(kilobyte))
        #expect(try decode([0xc6, 0x00, 0x00, 0x04, 0x00] + kilobyte) == .bytes(kilobyte))
    }

    @Test func arrays() throws {
        // `"arg": ["uptime"]` in a job load, `"open_ports": [80, 443, 22]`, and a long minion list.
        #expect(try decode([0x91, 0xa6] + Array("uptime".utf8)) == .array([.string("uptime")]))
        #expect(try decode([0x93, 0x50, 0xcd, 0x01, 0xbb, 0x16]) == .array([.int(80), .int(443), .int(22)]))
        #expect(try decode([0x90]) == .array([]))

        let sixteen = [UInt8](repeating: 0xc3, count: 16)
        #expect(try decode([0xdc, 0x00, 0x10] + sixteen) == .array(Array(repeating: .bool(true), count: 16)))
        #expect(try decode([0xdd, 0x00, 0x00, 0x00, 0x02, 0xc0, 0xc2]) == .array([.null, .bool(false)]))
    }

    @Test func mapsWithIntegerKeysKeepOrder() throws {
        // `"pids_by_port": {22: 812, 80: 1290}` from inventory.snapshot.
        let value = try decode([0x82, 0x16, 0xcd, 0x03, 0x2c, 0x50, 0xcd, 0x05, 0x0a])
        #expect(
            value
                == .map([
                    Value.MapEntry(key: .int(22), value: .int(812)),
                    Value.MapEntry(key: .int(80), value: .int(1290)),
                ])
        )
    }

    @Test func mapFamily() throws {
        // A job load `{"fun": "test.ping"}`, an empty `"changes": {}`, and a highstate return
        // with 16 or more state ids.
        let fun: [UInt8] = [0xa3] + Array("fun".utf8) + [0xa9] + Array("test.ping".utf8)
        #expect(try decode([0x81] + fun) == .object(["fun": .string("test.ping")]))
        #expect(try decode([0x80]) == .map([]))
        #expect(try decode([0xde, 0x00, 0x01] + fun) == .object(["fun": .string("test.ping")]))
        #expect(try decode([0xdf, 0x00, 0x00, 0x00, 0x01] + fun) == .object(["fun": .string("test.ping")]))

        // Keys of other types: nil, a boolean, and an array (a tuple key in Python).
        let mixed = try decode([0x83, 0xc0, 0x01, 0xc3, 0x02, 0x92, 0x01, 0x02, 0x03])
        #expect(
            mixed
                == .map([
                    Value.MapEntry(key: .null, value: .int(1)),
                    Value.MapEntry(key: .bool(true), value: .int(2)),
                    Value.MapEntry(key: .array([.int(1), .int(2)]), value: .int(3)),
                ])
        )
    }

    @Test func datetimeExtension() throws {
        // `"collected_at": datetime(2024, 5, 17, 8, 30, 15, 123456)` from inventory.snapshot.
        let text = "20240517T08:30:15.123456"
        #expect(try decode([0xc7, 0x18, 0x4e] + Array(text.utf8)) == .datetime(text))

        // Type 78 with bytes outside ASCII is not Salt's datetime text: keep it as an extension.
        #expect(try decode([0xd4, 0x4e, 0xff]) == .ext(type: 78, data: [0xff]))
    }

    @Test func fixextFamily() throws {
        // Other writers' extension types, such as msgpack's timestamp (-1) and Salt's
        // constants (79): the decoder keeps every type with its payload.
        #expect(try decode([0xd4, 0x01, 0xaa]) == .ext(type: 1, data: [0xaa]))
        #expect(try decode([0xd5, 0x02, 0x01, 0x02]) == .ext(type: 2, data: [0x01, 0x02]))
        #expect(try decode([0xd6, 0xff, 0x00, 0x00, 0x00, 0x01]) == .ext(type: -1, data: [0x00, 0x00, 0x00, 0x01]))

        let eight: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        #expect(try decode([0xd7, 0x4f] + eight) == .ext(type: 79, data: eight))
        #expect(try decode([0xd8, 0x80] + eight + eight) == .ext(type: -128, data: eight + eight))
    }

    @Test func extFamily() throws {
        #expect(try decode([0xc7, 0x00, 0x05]) == .ext(type: 5, data: []))
        #expect(try decode([0xc7, 0x03, 0x05, 0x01, 0x02, 0x03]) == .ext(type: 5, data: [1, 2, 3]))

        let payload = [UInt8](repeating: 0x42, count: 300)
        #expect(try decode([0xc8, 0x01, 0x2c, 0x7f] + payload) == .ext(type: 127, data: payload))
        #expect(try decode([0xc9, 0x00, 0x00, 0x01, 0x2c, 0x7f] + payload) == .ext(type: 127, data: payload))
    }

    @Test func trailingBytesAreCounted() throws {
        // A cache file with a second object appended by a crashed writer.
        let decoded = try MessagePackDecoder().decode([0x81, 0xa1, 0x61, 0x01, 0xc0, 0xc0])
        #expect(decoded.value == .object(["a": .int(1)]))
        #expect(decoded.byteCount == 4)
        #expect(decoded.trailingByteCount == 2)
    }

    @Test func emptyInputHasItsOwnReason() {
        // Salt reads an empty `.p` file as None.
        let error = decodingError([])
        #expect(error?.reason == .emptyInput)
        #expect(error?.offset == 0)
    }

    @Test func truncatedInputNamesMissingBytes() {
        // A `return.p` cut off while Salt wrote it.
        let error = decodingError([0x92, 0x01, 0xcd, 0x01])
        #expect(error?.reason == .truncated(needed: 1))
        #expect(error?.offset == 3)
        #expect(error?.message == "truncated MessagePack input: needs 1 more bytes at offset 3")

        #expect(decodingError([0xcb, 0x3f])?.reason == .truncated(needed: 7))
        // A fixext8 payload cut after one byte.
        let extensionError = decodingError([0xd7, 0x01, 0x02])
        #expect(extensionError?.reason == .lengthExceedsInput(format: "fixext8", declared: 8, maximum: 1))

        // Cut inside an array or map: the header declares more items than bytes are left.
        let arrayError = decodingError([0x92, 0x01])
        #expect(arrayError?.reason == .lengthExceedsInput(format: "fixarray", declared: 2, maximum: 1))
        // The key "a" would leave no byte for its value.
        let keyError = decodingError([0x81, 0xa1, 0x61])
        #expect(keyError?.reason == .lengthExceedsInput(format: "fixstr", declared: 1, maximum: 0))
        #expect(keyError?.offset == 1)
    }

    @Test func hugeLengthFailsBeforeAllocating() {
        // A corrupt str32 header that declares 4 GB in a 100-byte file.
        let bytes: [UInt8] = [0xdb, 0xff, 0xff, 0xff, 0xff] + [UInt8](repeating: 0x61, count: 95)
        let error = decodingError(bytes)
        #expect(error?.reason == .lengthExceedsInput(format: "str32", declared: 4_294_967_295, maximum: 95))
        #expect(error?.offset == 0)
        #expect(
            error?.message
                == "str32 at offset 0 declares 4294967295 bytes, but the rest of the input can hold at most 95: "
                + "the input is truncated or corrupt"
        )
    }

    @Test func hugeCountsFailBeforeAllocating() {
        // Array and map headers that declare far more items than the input holds.
        let arrayError = decodingError([0xdd, 0xff, 0xff, 0xff, 0xff, 0xc0, 0xc0])
        #expect(arrayError?.reason == .lengthExceedsInput(format: "array32", declared: 4_294_967_295, maximum: 2))

        // Each map entry needs at least two bytes: three entries cannot fit in five bytes.
        let mapError = decodingError([0x83, 0x01, 0x02, 0x03, 0x04, 0x05])
        #expect(mapError?.reason == .lengthExceedsInput(format: "fixmap", declared: 3, maximum: 2))
        #expect(mapError?.message.hasPrefix("fixmap at offset 0 declares 3 entries") == true)

        // Nested headers share the input: the outer array already needs 15 bytes for its items.
        let nestedError = decodingError([0x9f, 0xdc, 0x00, 0x10] + [UInt8](repeating: 0xc0, count: 20))
        #expect(nestedError?.reason == .lengthExceedsInput(format: "array16", declared: 16, maximum: 6))
        #expect(nestedError?.offset == 1)

        let binError = decodingError([0x91, 0xc6, 0x7f, 0xff, 0xff, 0xff])
        #expect(binError?.reason == .lengthExceedsInput(format: "bin32", declared: 2_147_483_647, maximum: 0))
    }

    @Test func reservedByteIsRejected() {
        let error = decodingError([0x92, 0x01, 0xc1])
        #expect(error?.reason == .reservedByte)
        #expect(error?.offset == 2)
        #expect(error?.message == "invalid MessagePack: reserved byte 0xc1 at offset 2")
    }

    @Test func deepNestingFailsWithoutRecursion() {
        // Hostile input: 100,000 nested fixarrays.
        let hostile = [UInt8](repeating: 0x91, count: 100_000) + [0xc0]
        let error = decodingError(hostile)
        #expect(error?.reason == .depthLimitExceeded(limit: 512))
        #expect(error?.offset == 512)

        let hostileMaps = [UInt8](repeating: 0x81, count: 100_000) + [0xc0]
        #expect(decodingError(hostileMaps)?.reason == .depthLimitExceeded(limit: 512))
    }

    @Test func nestingUpToLimitIsAccepted() throws {
        let bytes = [UInt8](repeating: 0x91, count: 512) + [0xc0]
        var value = try decode(bytes)

        var depth = 0
        while case .array(let items) = value {
            depth += 1
            value = items[0]
        }
        #expect(depth == 512)
        #expect(value == .null)
    }

    @Test func customDepthLimit() {
        #expect(decodingError([0x91, 0x91, 0xc0], maxDepth: 2) == nil)
        #expect(decodingError([0x91, 0x91, 0x91, 0xc0], maxDepth: 2)?.reason == .depthLimitExceeded(limit: 2))
        // Empty containers count too.
        #expect(decodingError([0x91, 0x91, 0x90], maxDepth: 2)?.reason == .depthLimitExceeded(limit: 2))
        #expect(decodingError([0x80], maxDepth: 0)?.reason == .depthLimitExceeded(limit: 0))
        #expect(decodingError([0xc0], maxDepth: 0) == nil)
    }

    @Test func decodesFromRawBuffer() throws {
        // The same object read from memory that is not an array, such as a mapped file.
        let bytes: [UInt8] = [0x82, 0xa3, 0x6a, 0x69, 0x64, 0xa1, 0x31, 0xa3, 0x66, 0x75, 0x6e, 0xc0]
        let decoded = try bytes.withUnsafeBytes { buffer in
            try MessagePackDecoder().decode(UnsafeRawBufferPointer(rebasing: buffer[0...]))
        }
        #expect(decoded.value == .object(["jid": .string("1"), "fun": .null]))
        #expect(decoded.trailingByteCount == 0)
    }
}
