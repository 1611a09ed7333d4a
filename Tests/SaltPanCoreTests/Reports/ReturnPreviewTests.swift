import Testing

@testable import SaltPanCore

@Suite struct ReturnPreviewTests {
    /// The real `cmd.run 'seq 1 36000'` return of web01.
    @Test func manyLinesShowFirstAndCount() throws {
        let capture = try ExportFixtures.bytes(try ExportFixtures.cliOutput(ofStep: "cmd_large"))
        var reader = JSONDocumentReader(bytes: capture)
        let document = try #require(try reader.nextDocument())
        let output = try #require(document.value["web01.example.test"])

        #expect(ReturnPreview.line(output, function: "cmd.run") == "1 (+35999 lines)")
    }

    /// Stands in for `cmd.run 'seq 1 500000'` with CRLF line ends: blank lines are skipped and
    /// the rest counted.
    @Test func giantOutputCountsLines() {
        let text = "\n  \n" + (1...500_000).map { "\($0)\r\n" }.joined()

        let preview = ReturnPreview.line(.string(text), function: "cmd.run")

        #expect(preview == "1 (+499999 lines)")
    }

    /// Stands in for a 10 MB single-line return with a tab, as `cat` of a minified file gives.
    @Test func longLineIsCut() {
        let text = "\t" + String(repeating: "x", count: 10_000_000)

        let preview = ReturnPreview.line(.string(text), function: "cmd.run")

        #expect(preview == "␉" + String(repeating: "x", count: ReturnPreview.maximumLength - 2) + "…")
    }
}
