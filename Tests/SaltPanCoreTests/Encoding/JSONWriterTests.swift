import Testing

@testable import SaltPanCore

@Suite struct JSONWriterTests {
    private let lossless = JSONWriter(dialect: .lossless)
    private let output = JSONWriter(dialect: .output)

    /// `{22: 812, 80: 1290}`: the `pids_by_port` map of the inventory.snapshot custom module.
    private let portMap = Value.map([
        Value.MapEntry(key: .int(22), value: .int(812)),
        Value.MapEntry(key: .int(80), value: .int(1290)),
    ])

    @Test func scalarsInBothDialects() {
        for writer in [lossless, output] {
            #expect(writer.text(.null) == "null")
            #expect(writer.text(.bool(true)) == "true")
            #expect(writer.text(.bool(false)) == "false")
            #expect(writer.text(.int(0)) == "0")
            #expect(writer.text(.int(-42)) == "-42")
            #expect(writer.text(.int(Int64.min)) == "-9223372036854775808")
            #expect(writer.text(.int(Int64.max)) == "9223372036854775807")
            #expect(writer.text(.unsigned(UInt64.max)) == "18446744073709551615")
        }
    }

    @Test func doublesKeepAFractionOrExponent() {
        for writer in [lossless, output] {
            #expect(writer.text(.double(2.0)) == "2.0")
            #expect(writer.text(.double(0.25)) == "0.25")
            #expect(writer.text(.double(0.1)) == "0.1")
            #expect(writer.text(.double(-0.0)) == "-0.0")
            #expect(writer.text(.double(1e16)) == "1e+16")
            #expect(writer.text(.double(1e-5)) == "1e-05")
            #expect(writer.text(.double(123_456_789_012_345.0)) == "123456789012345.0")
            #expect(writer.text(.double(.leastNonzeroMagnitude)) == "5e-324")
        }
    }

    @Test func nonFiniteDoubles() {
        #expect(lossless.text(.double(.nan)) == #"{"$double":"nan"}"#)
        #expect(lossless.text(.double(.infinity)) == #"{"$double":"inf"}"#)
        #expect(lossless.text(.double(-.infinity)) == #"{"$double":"-inf"}"#)

        #expect(output.text(.double(.nan)) == "null")
        #expect(output.text(.double(-.infinity)) == "null")
    }

    @Test func stringEscapes() {
        let text = "quote \" backslash \\ slash / \u{08}\u{0C}\n\r\t \u{00}\u{01}\u{1f} del \u{7f} Grüße ✓ 😀"
        let expected =
            #""quote \" backslash \\ slash / \b\f\n\r\t \u0000\u0001\u001f del "# + "\u{7f}" + #" Grüße ✓ 😀""#
        #expect(lossless.text(.string(text)) == expected)
        #expect(output.text(.string(text)) == expected)
        #expect(lossless.text(.string("")) == #""""#)
    }

    @Test func losslessTagsForNonJSONValues() {
        // `checksum_raw` and `collected_at` from inventory.snapshot, and a Latin-1 str.
        #expect(lossless.text(.bytes([0x8f, 0x00, 0xff, 0x73, 0x68, 0x61])) == #"{"$bytes":"jwD/c2hh"}"#)
        #expect(lossless.text(.bytes([])) == #"{"$bytes":""}"#)
        #expect(lossless.text(.invalidString([0x63, 0x61, 0x66, 0xe9])) == #"{"$invalid_utf8":"Y2Fm6Q=="}"#)
        #expect(lossless.text(.datetime("20240517T08:30:15.123456")) == #"{"$datetime":"20240517T08:30:15.123456"}"#)
        #expect(lossless.text(.ext(type: 5, data: [0x01, 0x02])) == #"{"$ext":[5,"AQI="]}"#)
        #expect(lossless.text(.ext(type: -1, data: [])) == #"{"$ext":[-1,""]}"#)
    }

    @Test func losslessMapForms() {
        #expect(lossless.text(portMap) == #"{"$map":[[22,812],[80,1290]]}"#)
        #expect(lossless.text(.map([])) == "{}")
        #expect(lossless.text(.array([])) == "[]")
        #expect(
            lossless.text(.object(["fun": .string("test.ping"), "arg": .array([])])) == #"{"fun":"test.ping","arg":[]}"#
        )

        // One string key that is not a tag, and a tag next to other keys, stay plain objects.
        #expect(lossless.text(.object(["$other": .int(1)])) == #"{"$other":1}"#)
        #expect(lossless.text(.object(["$bytes": .int(1), "x": .int(2)])) == #"{"$bytes":1,"x":2}"#)

        // A mix of string and integer keys takes the tagged form for every entry.
        let mixed = Value.map([
            Value.MapEntry(key: .string("a"), value: .null),
            Value.MapEntry(key: .int(1), value: .bool(true)),
        ])
        #expect(lossless.text(mixed) == #"{"$map":[["a",null],[1,true]]}"#)
    }

    @Test(arguments: ["$bytes", "$invalid_utf8", "$datetime", "$ext", "$double", "$map"])
    func losslessEscapesMapsThatLookLikeTags(tag: String) {
        let value = Value.map([Value.MapEntry(key: .string(tag), value: .string("x"))])
        #expect(lossless.text(value) == #"{"$map":[[""# + tag + #"","x"]]}"#)
    }

    @Test func outputDialect() {
        #expect(output.text(.bytes([0x8f, 0x00, 0xff, 0x73, 0x68, 0x61])) == #"{"$bytes":"jwD/c2hh"}"#)
        #expect(output.text(.invalidString([0x63, 0x61, 0x66, 0xe9])) == #"{"$bytes":"Y2Fm6Q=="}"#)
        #expect(output.text(.datetime("20240517T08:30:15.123456")) == #""2024-05-17T08:30:15.123456""#)
        #expect(output.text(.datetime("not a date")) == #""not a date""#)
        #expect(output.text(.ext(type: 5, data: [0x01, 0x02])) == #"{"$ext":5,"$bytes":"AQI="}"#)
        #expect(output.text(portMap) == #"{"22":812,"80":1290}"#)
        // No escaping in this dialect: nothing reads it back.
        #expect(output.text(.object(["$bytes": .int(1)])) == #"{"$bytes":1}"#)
    }

    @Test func outputDialectKeyText() {
        let value = Value.map([
            Value.MapEntry(key: .null, value: .int(1)),
            Value.MapEntry(key: .bool(true), value: .int(2)),
            Value.MapEntry(key: .bool(false), value: .int(3)),
            Value.MapEntry(key: .unsigned(UInt64.max), value: .int(4)),
            Value.MapEntry(key: .double(1.5), value: .int(5)),
            Value.MapEntry(key: .double(.nan), value: .int(6)),
            Value.MapEntry(key: .double(.infinity), value: .int(7)),
            Value.MapEntry(key: .double(-.infinity), value: .int(8)),
            Value.MapEntry(key: .datetime("20240501T00:00:00.000000"), value: .int(9)),
            Value.MapEntry(key: .bytes([0x01, 0x02]), value: .int(10)),
            Value.MapEntry(key: .array([.int(1), .string("a")]), value: .int(11)),
        ])
        let expected =
            #"{"null":1,"true":2,"false":3,"18446744073709551615":4,"1.5":5,"NaN":6,"Infinity":7,"#
            + #""-Infinity":8,"2024-05-01T00:00:00.000000":9,"{\"$bytes\":\"AQI=\"}":10,"[1,\"a\"]":11}"#
        #expect(output.text(value) == expected)
    }

    @Test func prettyPrintedOutput() {
        let value = Value.object([
            "jid": .string("20261204195008509633"),
            "ret": .array([.int(1), .map([]), .array([]), .object(["ok": .bool(true)])]),
            "raw": .bytes([0x01, 0x02]),
            "ext": .ext(type: 5, data: [0x01, 0x02]),
        ])
        let expected = """
            {
              "jid": "20261204195008509633",
              "ret": [
                1,
                {},
                [],
                {
                  "ok": true
                }
              ],
              "raw": {
                "$bytes": "AQI="
              },
              "ext": {
                "$ext": 5,
                "$bytes": "AQI="
              }
            }
            """
        #expect(JSONWriter(dialect: .output, prettyPrinted: true).text(value) == expected)
        #expect(JSONWriter(dialect: .output, prettyPrinted: true).text(.int(1)) == "1")
    }

    @Test func prettyPrintedLosslessReadsBack() throws {
        let value = Value.object([
            "ports": portMap,
            "ext": .ext(type: 5, data: [0x01, 0x02]),
            "ratio": .double(.nan),
        ])
        let pretty = JSONWriter(dialect: .lossless, prettyPrinted: true)
        let expected = """
            {
              "ports": {
                "$map": [
                  [
                    22,
                    812
                  ],
                  [
                    80,
                    1290
                  ]
                ]
              },
              "ext": {
                "$ext": [
                  5,
                  "AQI="
                ]
              },
              "ratio": {
                "$double": "nan"
              }
            }
            """
        #expect(pretty.text(value) == expected)

        let back = try Value(losslessJSONText: pretty.encode(value))
        #expect(back["ports"] == portMap)
        #expect(back["ext"] == .ext(type: 5, data: [0x01, 0x02]))
    }

    @Test func writeAppendsToExistingBuffer() {
        var buffer = Array("prefix ".utf8)
        lossless.write(.array([.int(1), .string("two")]), to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == #"prefix [1,"two"]"#)
    }
}
