import Testing

@testable import SaltPanCore

/// Checks that the encoder picks the same form as msgpack-python for each value.
///
/// The expected bytes follow the smallest form that the format specification allows, which is
/// what msgpack-python writes.
@Suite struct MessagePackEncoderTests {
    private let encoder = MessagePackEncoder()

    /// Returns the encoding of `value`, checking that decoding it gives `value` back.
    private func encode(_ value: Value, useBinType: Bool = true) throws -> [UInt8] {
        let bytes = MessagePackEncoder(useBinType: useBinType).encode(value)
        #expect(try MessagePackDecoder().decode(bytes).value == value)
        return bytes
    }

    @Test func scalars() throws {
        #expect(try encode(.null) == [0xc0])
        #expect(try encode(.bool(false)) == [0xc2])
        #expect(try encode(.bool(true)) == [0xc3])
        #expect(try encode(.double(0.25)) == [0xcb, 0x3f, 0xd0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00])
        #expect(try encode(.double(-0.0)) == [0xcb, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00])
    }

    static let integerFormsCases: [(Int64, [UInt8])] = [
        (0, [0x00]),
        (127, [0x7f]),
        (128, [0xcc, 0x80]),
        (255, [0xcc, 0xff]),
        (256, [0xcd, 0x01, 0x00]),
        (65_535, [0xcd, 0xff, 0xff]),
        (65_536, [0xce, 0x00, 0x01, 0x00, 0x00]),
        (4_294_967_295, [0xce, 0xff, 0xff, 0xff, 0xff]),
        (4_294_967_296, [0xcf, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]),
        (Int64.max, [0xcf, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
        (-1, [0xff]),
        (-32, [0xe0]),
        (-33, [0xd0, 0xdf]),
        (-128, [0xd0, 0x80]),
        (-129, [0xd1, 0xff, 0x7f]),
        (-32_768, [0xd1, 0x80, 0x00]),
        (-32_769, [0xd2, 0xff, 0xff, 0x7f, 0xff]),
        (Int64(Int32.min), [0xd2, 0x80, 0x00, 0x00, 0x00]),
        (Int64(Int32.min) - 1, [0xd3, 0xff, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff]),
        (Int64.min, [0xd3, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]),
    ]

    @Test(arguments: integerFormsCases)
    func integerForms(number: Int64, expected: [UInt8]) throws {
        #expect(try encode(.int(number)) == expected)
    }

    @Test func unsignedForms() throws {
        #expect(try encode(.unsigned(UInt64.max)) == [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
        #expect(try encode(.unsigned(1 << 63)) == [0xcf, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00])
        // A small `.unsigned` is not canonical: it takes the `.int` form and decodes as `.int`.
        #expect(encoder.encode(.unsigned(5)) == [0x05])
    }

    static let stringHeadersCases: [(Int, [UInt8])] = [
        (0, [0xa0]),
        (31, [0xbf]),
        (32, [0xd9, 0x20]),
        (255, [0xd9, 0xff]),
        (256, [0xda, 0x01, 0x00]),
        (65_535, [0xda, 0xff, 0xff]),
        (65_536, [0xdb, 0x00, 0x01, 0x00, 0x00]),
    ]

    @Test(arguments: stringHeadersCases)
    func stringHeaders(length: Int, header: [UInt8]) throws {
        let text = String(repeating: "x", count: length)
        let bytes = try encode(.string(text))
        #expect(Array(bytes.prefix(header.count)) == header)
        #expect(bytes.count == header.count + length)
    }

    static let binHeadersCases: [(Int, [UInt8])] = [
        (0, [0xc4, 0x00]),
        (255, [0xc4, 0xff]),
        (256, [0xc5, 0x01, 0x00]),
        (65_536, [0xc6, 0x00, 0x01, 0x00, 0x00]),
    ]

    @Test(arguments: binHeadersCases)
    func binHeaders(length: Int, header: [UInt8]) throws {
        let bytes = try encode(.bytes([UInt8](repeating: 0x8f, count: length)))
        #expect(Array(bytes.prefix(header.count)) == header)
        #expect(bytes.count == header.count + length)
    }

    @Test func invalidStringStaysInStrFamily() throws {
        #expect(try encode(.invalidString([0x63, 0x61, 0x66, 0xe9])) == [0xa4, 0x63, 0x61, 0x66, 0xe9])
    }

    static let arrayHeadersCases: [(Int, [UInt8])] = [
        (15, [0x9f]), (16, [0xdc, 0x00, 0x10]), (65_536, [0xdd, 0x00, 0x01, 0x00, 0x00]),
    ]

    @Test(arguments: arrayHeadersCases)
    func arrayHeaders(count: Int, header: [UInt8]) throws {
        let bytes = try encode(.array(Array(repeating: .null, count: count)))
        #expect(Array(bytes.prefix(header.count)) == header)
        #expect(bytes.count == header.count + count)
    }

    static let mapHeadersCases: [(Int, [UInt8])] = [
        (15, [0x8f]), (16, [0xde, 0x00, 0x10]), (65_536, [0xdf, 0x00, 0x01, 0x00, 0x00]),
    ]

    @Test(arguments: mapHeadersCases)
    func mapHeaders(count: Int, header: [UInt8]) throws {
        let entries = (0..<count).map { Value.MapEntry(key: .int(Int64($0)), value: .null) }
        let bytes = try encode(.map(entries))
        #expect(Array(bytes.prefix(header.count)) == header)
    }

    static let extensionHeadersCases: [(Int, [UInt8])] = [
        (1, [0xd4, 0x05]),
        (2, [0xd5, 0x05]),
        (4, [0xd6, 0x05]),
        (8, [0xd7, 0x05]),
        (16, [0xd8, 0x05]),
        (0, [0xc7, 0x00, 0x05]),
        (3, [0xc7, 0x03, 0x05]),
        (17, [0xc7, 0x11, 0x05]),
        (256, [0xc8, 0x01, 0x00, 0x05]),
        (65_536, [0xc9, 0x00, 0x01, 0x00, 0x00, 0x05]),
    ]

    @Test(arguments: extensionHeadersCases)
    func extensionHeaders(length: Int, header: [UInt8]) throws {
        let bytes = try encode(.ext(type: 5, data: [UInt8](repeating: 0x01, count: length)))
        #expect(Array(bytes.prefix(header.count)) == header)
        #expect(bytes.count == header.count + length)
    }

    @Test func datetimeIsExtension78() throws {
        // The same bytes as `collected_at` in the inventory.snapshot job's return.p.
        let text = "20240517T08:30:15.123456"
        #expect(try encode(.datetime(text)) == [0xc7, 0x18, 0x4e] + Array(text.utf8))
    }

    @Test func mapKeepsEntryOrder() throws {
        // `"pids_by_port": {22: 812, 80: 1290}` as it is in the inventory.snapshot return.p.
        let value = Value.map([
            Value.MapEntry(key: .int(22), value: .int(812)),
            Value.MapEntry(key: .int(80), value: .int(1290)),
        ])
        #expect(try encode(value) == [0x82, 0x16, 0xcd, 0x03, 0x2c, 0x50, 0xcd, 0x05, 0x0a])
    }

    @Test func withoutBinTypeUsesOldSpecification() throws {
        // `salt.payload.dumps` defaults to use_bin_type=False: no str8, bytes in the str family.
        let comment = String(repeating: "c", count: 40)
        #expect(try encode(.string(comment), useBinType: false).prefix(3) == [0xda, 0x00, 0x28])
        #expect(try encode(.string("short"), useBinType: false).first == 0xa5)
        #expect(MessagePackEncoder(useBinType: false).encode(.bytes([0x01, 0x02])) == [0xa2, 0x01, 0x02])
    }

    @Test func nestedValueRoundTrips() throws {
        let value = Value.object([
            "return": .object([
                "collected_at": .datetime("20240517T08:30:15.123456"),
                "checksum_raw": .bytes([0x8f, 0x00, 0xff]),
                "ports": .array([.int(80), .int(443)]),
                "legacy": .invalidString([0xe9]),
                "signature": .ext(type: -5, data: [1, 2, 3]),
                "counter": .unsigned(UInt64.max),
                "ratio": .double(0.25),
            ]),
            "retcode": .int(0),
            "success": .bool(true),
        ])
        let bytes = try encode(value)
        #expect(bytes.first == 0x83)
    }
}
