import Testing

@testable import SaltPanCore

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws -> Value {
        try JSONParser().parse(Array(text.utf8))
    }

    private func parse(bytes: [UInt8]) throws -> Value {
        try JSONParser().parse(bytes)
    }

    /// Returns the error that parsing `text` throws, or nil when it succeeds.
    private func parsingError(_ text: String, maxDepth: Int = 512) -> JSONError? {
        do throws(JSONError) {
            _ = try JSONParser(maxDepth: maxDepth).parse(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func literals() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse(" \t\r\nfalse \n") == .bool(false))
    }

    @Test func integers() throws {
        #expect(try parse("0") == .int(0))
        #expect(try parse("-0") == .int(0))
        #expect(try parse("812") == .int(812))
        #expect(try parse("-42") == .int(-42))
        #expect(try parse("9223372036854775807") == .int(Int64.max))
        #expect(try parse("-9223372036854775808") == .int(Int64.min))
    }

    @Test func integersBeyondInt64() throws {
        #expect(try parse("9223372036854775808") == .unsigned(1 << 63))
        #expect(try parse("18446744073709551615") == .unsigned(UInt64.max))
        // Larger integers and negative integers below Int64.min become doubles.
        #expect(try parse("18446744073709551616") == .double(18_446_744_073_709_551_616))
        #expect(try parse("-9223372036854775809") == .double(-9_223_372_036_854_775_809))
        #expect(try parse("1180591620717411303424") == .double(1_180_591_620_717_411_303_424))
    }

    @Test func doubles() throws {
        // Salt's `duration` fields and event `_stamp` numbers.
        #expect(try parse("2.0") == .double(2.0))
        #expect(try parse("0.25") == .double(0.25))
        #expect(try parse("-0.0") == .double(-0.0))
        #expect(try parse("-0.0").doubleSign == .minus)
        #expect(try parse("1e2") == .double(100))
        #expect(try parse("1E-2") == .double(0.01))
        #expect(try parse("1e+16") == .double(1e16))
        #expect(try parse("0.1") == .double(0.1))
        #expect(try parse("0.30000000000000004") == .double(0.30000000000000004))
        #expect(try parse("4.0923590660095215") == .double(4.0923590660095215))
        #expect(try parse("1.7976931348623157e308") == .double(.greatestFiniteMagnitude))
        #expect(try parse("5e-324") == .double(.leastNonzeroMagnitude))
        #expect(try parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
        #expect(try parse("1e400") == .double(.infinity))
        #expect(try parse("1e-400") == .double(0))
    }

    @Test func doublesRoundTripTheirShortestText() throws {
        // Both the exact fast path and the standard library fallback must round correctly.
        var generator = SplitMix64(seed: 0x5a17_9a11)
        for _ in 0..<20_000 {
            let number = Double(bitPattern: generator.next() & 0x7fef_ffff_ffff_ffff)
            let scaled = Double(generator.next() % 1_000_000_000) / 1000
            for candidate in [number, scaled, -scaled] {
                let parsed = try parse(candidate.description)
                #expect(parsed == .double(candidate), "\(candidate.description) parsed as \(parsed)")
            }
        }
    }

    @Test func stringEscapes() throws {
        #expect(try parse(#""a\"b\\c\/d""#) == .string("a\"b\\c/d"))
        #expect(try parse(#""\b\f\n\r\t""#) == .string("\u{08}\u{0C}\n\r\t"))
        #expect(try parse(#""\u0041\u00e9\u20AC""#) == .string("Aé€"))
        #expect(try parse(#""\u0000""#) == .string("\u{00}"))
        // An emoji as a UTF-16 surrogate pair, as Python's json.dumps writes it by default.
        #expect(try parse(#""\ud83d\ude00 ok""#) == .string("😀 ok"))
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try parse(#""\ud800""#) == .string("\u{FFFD}"))
        #expect(try parse(#""\udc00x""#) == .string("\u{FFFD}x"))
        #expect(try parse(#""\ud800\u0041""#) == .string("\u{FFFD}A"))
        #expect(try parse(#""\ud800\ud800\udc00""#) == .string("\u{FFFD}\u{10000}"))
    }

    @Test func rawInvalidUTF8BecomesReplacementCharacters() throws {
        // `cmd.run` output with Latin-1 bytes that a writer copied into JSON without decoding.
        let plain: [UInt8] = [0x22, 0x63, 0x61, 0x66, 0xe9, 0x22]
        #expect(try parse(bytes: plain) == .string("caf\u{FFFD}"))

        let escaped: [UInt8] = [0x22, 0x5c, 0x6e, 0xff, 0xfe, 0x41, 0x22]
        #expect(try parse(bytes: escaped) == .string("\n\u{FFFD}\u{FFFD}A"))
    }

    @Test func longStringsCrossWordBoundaries() throws {
        // Strings longer than the eight bytes tested per step, with specials at every position.
        for length in 0..<40 {
            let text = String(repeating: "x", count: length)
            #expect(try parse("\"\(text)\"") == .string(text))
            #expect(try parse("\"\(text)\\n\(text)\"") == .string(text + "\n" + text))
            #expect(try parse("\"\(text)é\"") == .string(text + "é"))
        }
    }

    @Test func objectsKeepOrderAndDuplicateKeys() throws {
        let value = try parse(#"{"b": 1, "a": {"x": []}, "b": 2, "": null}"#)
        let expected = Value.map([
            Value.MapEntry(key: .string("b"), value: .int(1)),
            Value.MapEntry(key: .string("a"), value: .object(["x": .array([])])),
            Value.MapEntry(key: .string("b"), value: .int(2)),
            Value.MapEntry(key: .string(""), value: .null),
        ])
        #expect(value == expected)
    }

    /// Python, and so Salt, keeps dictionary keys apart unless their code points are equal, while
    /// Swift's `==` on strings treats canonically equivalent text of any length as equal.
    @Test func keyLookupMatchesSameBytes() throws {
        let value = try parse(#"{"\u212a": 1, "e\u0301": 2, "K": 3, "\u00e9": 4}"#)

        #expect(value["K"] == .int(3))
        #expect(value["\u{212A}"] == .int(1))
        #expect(value["\u{E9}"] == .int(4))
        #expect(value["e\u{301}"] == .int(2))
        #expect(value["k"] == nil)
        #expect(value[""] == nil)
    }

    @Test func nestedArraysAndObjects() throws {
        let text = """
            {
                "web01.example.test": {"ret": [1, 2.5, "three", [], {}], "ok": true},
                "empty": [ ]
            }
            """
        let expected = Value.object([
            "web01.example.test": .object([
                "ret": .array([.int(1), .double(2.5), .string("three"), .array([]), .map([])]),
                "ok": .bool(true),
            ]),
            "empty": .array([]),
        ])
        #expect(try parse(text) == expected)
    }

    @Test(arguments: [
        (#"{"a":1 "b":2}"#, "expected ',' or '}' after object member, found '\"'", 1, 8),
        ("[1 2]", "expected ',' or ']' after array element, found '2'", 1, 4),
        (#"{"a" 1}"#, "expected ':' after object key, found '1'", 1, 6),
        ("{1:2}", "expected a string key or '}' after '{', found '1'", 1, 2),
        (#"{"a":1,}"#, "expected a string key after ',', found '}'", 1, 8),
        ("[1,]", "expected a JSON value, found ']'", 1, 4),
        ("01", "invalid number, leading zeros are not allowed", 1, 1),
        ("-", "expected a digit after '-', found end of input", 1, 2),
        ("1.", "expected a digit after '.', found end of input", 1, 3),
        ("1.e5", "expected a digit after '.', found 'e'", 1, 3),
        ("1e", "expected a digit in the exponent, found end of input", 1, 3),
        ("tru", "invalid literal, expected 'true'", 1, 1),
        ("nul", "invalid literal, expected 'null'", 1, 1),
        (#""abc"#, "unterminated string, the input ends before the closing '\"'", 1, 1),
        (#""ab\"#, "unterminated escape sequence at the end of the input", 1, 4),
        (#""a\qb""#, #"invalid escape '\q' in string"#, 1, 3),
        (#""\u12G4""#, #"invalid \u escape, expected 4 hexadecimal digits"#, 1, 2),
        ("\"a\nb\"", "unescaped control character U+000A in string, JSON requires an escape such as \\n", 1, 3),
        ("\"a\u{01}\"", "unescaped control character U+0001 in string, JSON requires an escape such as \\n", 1, 3),
        (#"{"a":1} x"#, "unexpected 'x' after the JSON value, only whitespace may follow a complete document", 1, 9),
        ("", "unexpected end of input, expected a JSON value", 1, 1),
        ("   \n  ", "unexpected end of input, expected a JSON value", 2, 3),
        ("'single'", "expected a JSON value, found '''", 1, 1),
        ("NaN", "expected a JSON value, found 'N'", 1, 1),
        ("{\n  \"a\": 1,\n  \"b\" 2\n}", "expected ':' after object key, found '2'", 3, 7),
        ("[\n1,\n2\n", "expected ',' or ']' after array element, found end of input", 4, 1),
    ])
    func syntaxErrors(text: String, message: String, line: Int, column: Int) {
        let error = parsingError(text)
        #expect(error?.message == message)
        #expect(error?.line == line)
        #expect(error?.column == column)
    }

    @Test func errorDescriptionNamesLineColumnAndOffset() {
        let error = parsingError("{\n  \"a\" 1\n}")
        #expect(error?.offset == 8)
        #expect(
            error?.description
                == "invalid JSON at line 2, column 7 (byte offset 8): expected ':' after object key, found '1'"
        )
    }

    @Test func sliceReportsCallerLine() throws {
        // One line of a JSON Lines file: the caller knows the line number and the file offset.
        let file = Array("{\"a\":1}\n{\"b\":\n{\"c\":3}\n".utf8)
        let parser = JSONParser()

        #expect(try parser.parse(file[0..<7], line: 1) == .object(["a": .int(1)]))
        #expect(try parser.parse(file[14..<21], line: 3) == .object(["c": .int(3)]))

        #expect(
            throws: JSONError(message: "unexpected end of input, expected a JSON value", line: 2, column: 6, offset: 13)
        ) {
            try parser.parse(file[8..<13], line: 2)
        }
    }

    @Test func rawBufferWithLineAndOffset() throws {
        let bytes = Array(#"[1, 2, x]"#.utf8)
        let error = bytes.withUnsafeBytes { buffer -> JSONError? in
            do throws(JSONError) {
                _ = try JSONParser().parse(buffer, line: 40, offset: 1000)
                return nil
            } catch {
                return error
            }
        }
        #expect(error?.line == 40)
        #expect(error?.column == 8)
        #expect(error?.offset == 1007)
    }

    @Test func nestingUpToLimitIsAccepted() throws {
        let arrays = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(parsingError(arrays) == nil)

        let objects = String(repeating: #"{"a":"#, count: 512) + "1" + String(repeating: "}", count: 512)
        #expect(parsingError(objects) == nil)
    }

    @Test func deepNestingIsRejected() {
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        let error = parsingError(tooDeep)
        #expect(
            error?.message == "arrays and objects nested deeper than 512 levels, the most saltpan reads"
        )
        #expect(error?.column == 513)

        // Hostile input: 100,000 unclosed brackets must fail without overflowing the stack.
        #expect(parsingError(String(repeating: "[", count: 100_000))?.offset == 512)
        #expect(parsingError(String(repeating: #"{"k":"#, count: 100_000))?.offset == 2560)
        #expect(parsingError("[[[1]]]", maxDepth: 2)?.column == 3)
        // Empty containers count too.
        #expect(parsingError("[[{}]]", maxDepth: 2)?.column == 3)
        #expect(parsingError("[[]]", maxDepth: 2) == nil)
    }

    @Test func eventLogHasSixCorruptLines() throws {
        // Salt cut six events short and glued the next event on: the line ends inside an object.
        let lines = try EncodingFixture.eventLines()
        #expect(lines.count == 1012)

        let parser = JSONParser()
        var failedLines: [Int] = []
        for (index, line) in lines.enumerated() {
            let lineNumber = index + 1
            do throws(JSONError) {
                let event = try parser.parse(line, line: lineNumber)
                #expect(event["tag"]?.stringValue != nil, "line \(lineNumber) has no tag")
                #expect(event["data"]?.mapEntries != nil, "line \(lineNumber) has no data")
            } catch {
                failedLines.append(lineNumber)
                #expect(error.line == lineNumber)
                #expect(error.column == line.count + 1)
                #expect(error.offset == line.endIndex)
                #expect(error.message == "expected ',' or '}' after object member, found end of input")
            }
        }
        #expect(failedLines == [257, 281, 886, 887, 888, 890])
    }

    @Test func firstEventIsAJobPublication() throws {
        let lines = try EncodingFixture.eventLines()
        let event = try JSONParser().parse(lines[0], line: 1)
        let tag = try #require(event["tag"]?.stringValue)
        #expect(tag.hasPrefix("salt/"))
    }
}

extension Value {
    /// The sign of a `.double`, for telling -0.0 from 0.0, which compare equal.
    fileprivate var doubleSign: FloatingPointSign? {
        if case .double(let number) = self { return number.sign }
        return nil
    }
}

/// A small seeded generator, so that the random doubles are the same in every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xbf58_476d_1ce4_e5b9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
        return mixed ^ (mixed >> 31)
    }
}
