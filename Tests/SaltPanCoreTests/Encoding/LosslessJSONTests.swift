import Testing

@testable import SaltPanCore

@Suite struct LosslessJSONTests {
    private let writer = JSONWriter(dialect: .lossless)

    /// Writes `value` as lossless JSON and reads it back.
    private func roundTrip(_ value: Value) throws -> Value {
        try Value(losslessJSONText: writer.encode(value))
    }

    /// Returns the error that reading `text` throws, or nil when it succeeds.
    private func readingError(_ text: String) -> LosslessJSONError? {
        do throws(LosslessJSONError) {
            _ = try Value(losslessJSONText: Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    /// Values that plain JSON would change, one per case.
    static let trickyValues: [Value] = [
        .null,
        .bool(false),
        .int(Int64.min),
        .int(Int64.max),
        .unsigned(UInt64(Int64.max) + 1),
        .unsigned(UInt64.max),
        .double(2.0),
        .double(-0.0),
        .double(0.1),
        .double(1e300),
        .double(.leastNonzeroMagnitude),
        .double(.infinity),
        .double(-.infinity),
        .double(18_446_744_073_709_551_616),
        .string(""),
        .string("$bytes"),
        .string("line\nbreak \"quoted\" \u{00} Grüße 😀"),
        .invalidString([0x63, 0x61, 0x66, 0xe9]),
        .invalidString([]),
        .bytes([0x8f, 0x00, 0xff, 0x73, 0x68, 0x61]),
        .bytes([]),
        .datetime("20240517T08:30:15.123456"),
        .ext(type: 78, data: Array("20240517T08:30:15.123456".utf8)),
        .ext(type: -128, data: [0x00]),
        .ext(type: 127, data: []),
        .array([]),
        .map([]),
        .array([.array([.array([])])]),
    ]

    @Test(arguments: trickyValues)
    func valueRoundTrips(value: Value) throws {
        #expect(try roundTrip(value) == value)
        // The same value inside an array and a map must survive too.
        #expect(try roundTrip(.array([value, value])) == .array([value, value]))
        #expect(try roundTrip(.object(["v": value])) == .object(["v": value]))
    }

    @Test func integralDoubleStaysDouble() throws {
        let back = try roundTrip(.array([.double(2.0), .int(2)]))
        #expect(back == .array([.double(2.0), .int(2)]))
    }

    @Test func negativeZeroKeepsItsSign() throws {
        guard case .double(let number) = try roundTrip(.double(-0.0)) else {
            Issue.record("-0.0 did not come back as a double")
            return
        }
        #expect(number.sign == .minus)
    }

    @Test func nanRoundTrips() throws {
        // NaN never equals itself, so `==` cannot check it.
        guard case .double(let number) = try roundTrip(.double(.nan)) else {
            Issue.record("NaN did not come back as a double")
            return
        }
        #expect(number.isNaN)
    }

    @Test(arguments: ["$bytes", "$invalid_utf8", "$datetime", "$ext", "$double", "$map"])
    func mapsWhoseKeyIsATagRoundTrip(tag: String) throws {
        let payloads: [Value] = [.string("AQI="), .array([.int(5), .string("")]), .string("nan"), .null]
        for payload in payloads {
            let value = Value.map([Value.MapEntry(key: .string(tag), value: payload)])
            #expect(try roundTrip(value) == value)
        }
    }

    @Test func mapsWithAnyKeyRoundTrip() throws {
        let value = Value.map([
            Value.MapEntry(key: .int(22), value: .int(812)),
            Value.MapEntry(key: .string("name"), value: .string("web01")),
            Value.MapEntry(key: .null, value: .bool(true)),
            Value.MapEntry(key: .double(.infinity), value: .double(.infinity)),
            Value.MapEntry(key: .bytes([0x01]), value: .invalidString([0xff])),
            Value.MapEntry(key: .array([.int(1), .int(2)]), value: .datetime("20240501T00:00:00.000000")),
            Value.MapEntry(key: .object(["$map": .int(1)]), value: .ext(type: 3, data: [9])),
            Value.MapEntry(key: .unsigned(UInt64.max), value: .map([])),
            Value.MapEntry(key: .int(22), value: .string("duplicate key kept")),
        ])
        #expect(try roundTrip(value) == value)
    }

    @Test func nestedSaltReturnRoundTrips() throws {
        // The shape of an inventory.snapshot return, nested under a job's minion map.
        let snapshot = Value.object([
            "minion": .string("web01.example.test"),
            "collected_at": .datetime("20240517T08:30:15.123456"),
            "open_ports": .array([.int(80), .int(443), .int(22)]),
            "pids_by_port": .map([
                Value.MapEntry(key: .int(22), value: .int(812)),
                Value.MapEntry(key: .int(80), value: .int(1290)),
            ]),
            "checksum_raw": .bytes([0x8f, 0x00, 0xff, 0x73, 0x68, 0x61]),
            "huge_counter": .string("1180591620717411303424"),
            "balance": .int(-42),
            "ratio": .double(0.25),
            "nested": .object(["$bytes": .object(["$map": .array([.object(["$ext": .null])])])]),
        ])
        let job = Value.object(["web01.example.test": .object(["return": snapshot, "retcode": .int(0)])])
        #expect(try roundTrip(job) == job)
    }

    @Test func deepestDecodableValueRoundTrips() throws {
        // 512 levels of integer-key maps, the deepest the MessagePack decoder accepts, take
        // three JSON levels each.
        var value = Value.bytes([0x01])
        for level in 0..<512 {
            value = .map([Value.MapEntry(key: .int(Int64(level)), value: value)])
        }
        #expect(try roundTrip(value) == value)
    }

    @Test func plainJSONReadsAsItself() throws {
        let text = #"{"fun":"test.ping","arg":[],"ret":"","n":1.5,"big":18446744073709551615}"#
        let value = try Value(losslessJSONText: Array(text.utf8))
        #expect(
            value
                == .object([
                    "fun": .string("test.ping"), "arg": .array([]), "ret": .string(""), "n": .double(1.5),
                    "big": .unsigned(UInt64.max),
                ])
        )
    }

    @Test func readsFromRawBuffer() throws {
        let bytes = writer.encode(.bytes([1, 2, 3]))
        let value = try bytes.withUnsafeBytes { buffer throws(LosslessJSONError) in
            try Value(losslessJSONText: buffer)
        }
        #expect(value == .bytes([1, 2, 3]))
    }

    @Test(arguments: [
        (#"{"$bytes":5}"#, "$bytes", "must be a base64 string, found a number"),
        (#"{"$bytes":"A"}"#, "$bytes", #"must be a base64 string, found "A""#),
        (#"{"$invalid_utf8":null}"#, "$invalid_utf8", "must be a base64 string, found null"),
        (#"{"$datetime":20240517}"#, "$datetime", "must be a string, found a number"),
        (#"{"$ext":[300,""]}"#, "$ext", "type must be an integer from -128 to 127, found a number"),
        (#"{"$ext":[1]}"#, "$ext", "must be an array of type and base64 data, found an array of 1 items"),
        (#"{"$ext":[1,"!!!!"]}"#, "$ext", #"must be a base64 string, found "!!!!""#),
        (#"{"$double":"NaN"}"#, "$double", #"must be "nan", "inf" or "-inf", found the string "NaN""#),
        (#"{"$map":{}}"#, "$map", "must be an array of [key, value] pairs, found an object"),
        (#"{"$map":[[1]]}"#, "$map", "entry must be a [key, value] pair, found an array of 1 items"),
        (#"[{"$map":[[1,{"$bytes":true}]]}]"#, "$bytes", "must be a base64 string, found a boolean"),
    ])
    func invalidTagsAreRejected(text: String, tag: String, message: String) {
        #expect(readingError(text) == .invalidTag(tag: tag, message: message))
    }

    @Test func invalidTagErrorDescription() {
        let error = readingError(#"{"$double":"x"}"#)
        #expect(
            error?.description
                == #"invalid lossless JSON: $double must be "nan", "inf" or "-inf", found the string "x""#
        )
    }

    @Test func syntaxErrorsKeepTheirLocation() {
        let error = readingError("{\"$bytes\": \"AQI=\"")
        #expect(
            error
                == .syntax(
                    JSONError(
                        message: "expected ',' or '}' after object member, found end of input",
                        line: 1,
                        column: 18,
                        offset: 17
                    )
                )
        )
    }
}
