import Testing

@testable import SaltPanCore

/// `JSONScanner.skipValue()` must accept and reject exactly what `parseValue()` does, and stop
/// at the same byte, because the event log reader skips the members it does not need.
@Suite struct JSONSkippingTests {
    /// Returns the position after one value of `text` when parsed and when skipped, each nil
    /// when the scanner throws.
    private func endings(_ text: String, maxDepth: Int = 512) -> (parsed: Int?, skipped: Int?) {
        Array(text.utf8).withUnsafeBytes { bytes in
            var parser = JSONScanner(bytes: bytes, maxDepth: maxDepth)
            var skipper = JSONScanner(bytes: bytes, maxDepth: maxDepth)
            let parsed = (try? parser.parseValue()) != nil ? parser.position : nil
            let skipped = (try? skipper.skipValue()) != nil ? skipper.position : nil
            return (parsed, skipped)
        }
    }

    @Test(arguments: [
        "null", "true", "false", "0", "-0", "12.5e-3", "18446744073709551616", "1e400",
        #""""#, #""plain""#, #""esc\"aped \\ \/ \b\f\n\r\t \u00e9 \ud83d\ude00 \ud800""#, "\"caf\u{e9}\"",
        "[]", "{}", " [ 1 , [ ] , { } ] ", #"{"a": {"b": [1, {"c": null}]}, "a": 2}"#,
        #"{"return": {"file_|-x_|-/etc/x_|-managed": {"result": false, "changes": {}}}}"#,
        "[1, 2] trailing", #"{"k": "v"}, {"#,
    ])
    func validValuesEndAtSameByte(text: String) {
        let (parsed, skipped) = endings(text)
        #expect(parsed != nil)
        #expect(skipped == parsed)
    }

    @Test(arguments: [
        "", "   ", "nul", "tru", "fals", "01", "-", "1.", "1.e5", "1e", "+1", "NaN", "'single'",
        #""abc"#, #""ab\"#, #""a\qb""#, #""\u12G4""#, "\"a\nb\"", "\"a\u{01}\"",
        "[1 2]", "[1,]", "[", "{", #"{"a":1 "b":2}"#, #"{"a" 1}"#, "{1:2}", #"{"a":1,}"#, #"{"a"}"#,
        #"{"a\q": 1}"#, #"["\u00"]"#,
    ])
    func invalidValuesThrowInBoth(text: String) {
        let (parsed, skipped) = endings(text)
        #expect(parsed == nil)
        #expect(skipped == nil)
    }

    @Test func nestingLimitMatchesParser() {
        for depth in [63, 64, 65, 66, 129, 512, 513] {
            let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            let arraysEnd = endings(arrays)
            #expect(arraysEnd.skipped == arraysEnd.parsed, "arrays nested \(depth) deep")
            #expect((arraysEnd.skipped != nil) == (depth <= 512), "arrays nested \(depth) deep")

            let objects =
                String(repeating: #"{"k": [1, "#, count: depth) + "2" + String(repeating: "]}", count: depth)
            let objectsEnd = endings(objects, maxDepth: 2 * depth)
            #expect(objectsEnd.skipped == objectsEnd.parsed, "objects and arrays nested \(depth) deep")
            #expect(objectsEnd.skipped != nil, "objects and arrays nested \(depth) deep")
        }

        #expect(endings("[[{}]]", maxDepth: 2).skipped == nil)
        #expect(endings("[[]]", maxDepth: 2).skipped == 4)
    }

    @Test func mixedKindsAboveSixtyFourLevels() {
        // Levels beyond 64 are kept apart from the first 64, and a wrong closing bracket at any
        // level must still be caught.
        let opening = (0..<80).map { $0 % 3 == 0 ? #"{"k": "# : "[" }.joined()
        let closing = (0..<80).reversed().map { $0 % 3 == 0 ? "}" : "]" }.joined()
        #expect(endings(opening + "1" + closing).skipped == (opening + "1" + closing).utf8.count)

        let swapped = opening + "1" + String(closing.reversed())
        #expect(endings(swapped).parsed == nil)
        #expect(endings(swapped).skipped == nil)
    }

    @Test func hostileDepthFailsWithoutOverflow() {
        #expect(endings(String(repeating: "[", count: 100_000)).skipped == nil)
        #expect(endings(String(repeating: #"{"k":"#, count: 100_000)).skipped == nil)
    }
}
