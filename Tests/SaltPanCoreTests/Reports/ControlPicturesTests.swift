import Foundation
import Testing

@testable import SaltPanCore

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Control characters in minion ids and outputs, in the formats `ReportRenderer` and
/// `SVGChart` write.
///
/// The corpus in `fixtures/` has no return with control characters, so these inputs are built
/// here. `output` stands for the ANSI-coloured output of `cmd.run 'ls --color=always'` on a
/// Windows minion (CRLF line ends) that also printed a NUL, a bell and a DEL, and `minion` for a
/// minion id that carries a clear-screen sequence.
@Suite struct ControlPicturesTests {
    static let output = "\u{1B}[0;32mok\u{1B}[0m\r\n\u{0}\u{7}\u{7F}"
    static let minion = "web\u{1B}[2J01\u{0}\r\u{7}\u{7F}"

    static func report() -> ReportTable {
        var report = ReportTable([.init("minion", "MINION"), .init("output", "OUTPUT")])
        report.append([.text(minion), .text(output)])
        return report
    }

    @Test func lineShowsEveryControl() {
        #expect(ControlPictures.line(Self.output) == "␛[0;32mok␛[0m␍␊␀␇␡")
        #expect(ControlPictures.line(Self.minion) == "web␛[2J01␀␍␇␡")
        #expect(ControlPictures.line("a\tb\u{1F}") == "a␉b␟")
        #expect(ControlPictures.line("Ω café ␛") == "Ω café ␛")
    }

    @Test func linesKeepsLineFeedsAndTabs() {
        #expect(ControlPictures.lines(Self.output) == "␛[0;32mok␛[0m\n␀␇␡")
        #expect(ControlPictures.lines("50%\r100%\n\tdone\r") == "50%␍100%\n\tdone␍")
    }

    /// A minion id with a right-to-left override, which a terminal shows with `10bew` as
    /// `web01`, so a row could name another minion.
    @Test func controlsWithoutPictureBecomeEscapeText() {
        #expect(ControlPictures.line("db\u{202E}10bew\u{202C}x") == "db\\u{202E}10bew\\u{202C}x")
        #expect(ControlPictures.line("a\u{2066}b\u{2069}") == "a\\u{2066}b\\u{2069}")
        #expect(ControlPictures.line("csi\u{9B}2J") == "csi\\u{9B}2J")
        #expect(ControlPictures.line("\u{2028}\u{FFFE}\u{FFFF}") == "\\u{2028}\\u{FFFE}\\u{FFFF}")
        #expect(ControlPictures.lines("line\n\u{202E}two") == "line\n\\u{202E}two")
    }

    @Test func tableShowsControls() {
        let table = ReportRenderer.render(Self.report(), as: .table)
        #expect(
            table == """
                MINION         OUTPUT
                -------------  ------------------
                web␛[2J01␀␍␇␡  ␛[0;32mok␛[0m␍␊␀␇␡

                """
        )
    }

    @Test func markdownShowsControls() {
        let markdown = ReportRenderer.render(Self.report(), as: .md)
        #expect(
            markdown == """
                | MINION | OUTPUT |
                | --- | --- |
                | web␛\\[2J01␀␍␇␡ | ␛\\[0;32mok␛\\[0m␍␊␀␇␡ |

                """
        )
    }

    @Test func markdownTextShowsControls() {
        #expect(MarkdownWriter.escape(Self.minion) == "web␛\\[2J01␀␍␇␡")
    }

    /// CSV keeps the bytes and quotes every field that contains a control character.
    @Test func csvKeepsControlsQuoted() {
        let csv = ReportRenderer.render(Self.report(), as: .csv)
        #expect(csv == "minion,output\n\"\(Self.minion)\",\"\(Self.output)\"\n")
        #expect(ReportRenderer.csvField("a\u{1B}b") == "\"a\u{1B}b\"")
        #expect(ReportRenderer.csvField("a\u{7F}b") == "\"a\u{7F}b\"")
        #expect(ReportRenderer.csvField("plain") == "plain")
    }

    /// JSON escapes C0 controls as RFC 8259 requires, and writes DEL raw because RFC 8259
    /// does not count it as a control character.
    @Test func jsonEscapesControls() {
        let json = ReportRenderer.render(Self.report(), as: .json)
        #expect(
            json == """
                [
                  {
                    "minion": "web\\u001b[2J01\\u0000\\r\\u0007\u{7F}",
                    "output": "\\u001b[0;32mok\\u001b[0m\\r\\n\\u0000\\u0007\u{7F}"
                  }
                ]

                """
        )
    }

    @Test func returnPreviewShowsControls() {
        let preview = ReturnPreview.line(.string(Self.output), function: "cmd.run")
        #expect(preview == "␛[0;32mok␛[0m (+1 lines)")
    }

    @Test func htmlEscapeShowsControls() {
        #expect(SVGChart.escape("<\(Self.minion)>") == "&lt;web␛[2J01␀␍␇␡&gt;")
    }

    @Test func svgChartIsValidXML() throws {
        let chart = ReportChart(
            id: "failures",
            title: "failures on \(Self.minion)",
            caption: Self.output,
            style: .bars,
            series: [.init(key: "rate", label: "rate", color: "#0072B2")],
            rows: [ReportChart.Row(label: Self.minion, values: [0.5], annotation: Self.output)],
            rowKey: "minion"
        )
        let svg = SVGChart.render(chart)
        #expect(svg.contains("<title>failures on web␛[2J01␀␍␇␡</title>"))
        #expect(svg.contains("<desc>␛[0;32mok␛[0m␍␊␀␇␡</desc>"))
        let allowedControls: Set<Unicode.Scalar> = ["\n", "\t", "\r"]
        let forbiddenControls = svg.unicodeScalars.filter { $0.value < 0x20 && !allowedControls.contains($0) }
        #expect(forbiddenControls.isEmpty)
        #expect(!svg.unicodeScalars.contains { $0 == "\u{FFFE}" || $0 == "\u{FFFF}" })

        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }
}
