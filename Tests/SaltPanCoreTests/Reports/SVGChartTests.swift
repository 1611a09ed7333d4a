import Foundation
import Testing

@testable import SaltPanCore

#if canImport(FoundationXML)
import FoundationXML
#endif

/// SVG charts: text is escaped, values become shapes, and the result is well-formed XML.
@Suite struct SVGChartTests {
    static let hostile = "<script>alert('x')</script> & \"more\""

    static func chart(_ style: ReportChart.Style, rows: [ReportChart.Row]) -> ReportChart {
        ReportChart(
            id: "test_chart",
            title: Self.hostile,
            caption: Self.hostile,
            style: style,
            series: [
                .init(key: "a", label: Self.hostile, color: "#0072B2"),
                .init(key: "b", label: "b", color: "#D55E00"),
            ],
            rows: rows,
            rowKey: "row"
        )
    }

    @Test(arguments: [ReportChart.Style.bars, .stackedBars, .timeSeries])
    func textIsEscaped(style: ReportChart.Style) throws {
        let rows = [
            ReportChart.Row(label: Self.hostile, values: [0.5, 2], annotation: Self.hostile),
            ReportChart.Row(label: "2026-12-04T19:50:00Z", values: [nil, 1]),
        ]
        let svg = SVGChart.render(Self.chart(style, rows: rows))
        #expect(!svg.contains("<script"))
        #expect(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;more&quot;"))

        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }

    @Test func barLengthFollowsTheFraction() {
        let rows = [ReportChart.Row(label: "web01", values: [0.5]), ReportChart.Row(label: "web02", values: [nil])]
        let svg = SVGChart.render(Self.chart(.bars, rows: rows))
        // Bars are 330 wide at 100%, so 50% is 165 and a missing rate is 0.
        #expect(svg.contains("width=\"165\" height=\"14\""))
        #expect(svg.contains("width=\"0\" height=\"14\""))
    }

    @Test func longLabelsAreCutWithTheFullTextAsTooltip() {
        let label = String(repeating: "very-long-minion-id.", count: 5)
        let svg = SVGChart.render(Self.chart(.bars, rows: [ReportChart.Row(label: label, values: [0.1])]))
        #expect(svg.contains("<title>\(label)</title>"))
        #expect(svg.contains("…</text>"))
    }

    @Test func gridMaximumIsRound() {
        #expect(SVGChart.niceMaximum(0) == 4)
        #expect(SVGChart.niceMaximum(5) == 8)
        #expect(SVGChart.niceMaximum(25) == 40)
        #expect(SVGChart.niceMaximum(120) == 120)
        #expect(SVGChart.niceMaximum(121) == 200)
    }
}
