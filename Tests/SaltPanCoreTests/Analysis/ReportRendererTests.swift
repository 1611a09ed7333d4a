import Testing

@testable import SaltPanCore

@Suite struct ReportRendererTests {
    static func sample() -> ReportTable {
        var report = ReportTable([
            .init("name", "NAME"),
            .init("count", "COUNT", .right),
            .init("rate", "RATE", .right),
            .init("detail", "DETAIL", maximumTableWidth: 12),
        ])
        report.append([.text("a|b, \"c\""), .integer(3), .fraction(2.0 / 3.0), .text("line one\nline two")])
        report.append([.null, .integer(-1), .null, .list(["x", "y"])])
        return report
    }

    @Test func csvQuotesAndEndsLinesWithLF() {
        let csv = ReportRenderer.render(Self.sample(), as: .csv)
        let lines = [
            "name,count,rate,detail",
            #""a|b, ""c""",3,0.6666666666666666,"line one"#,
            #"line two""#,
            #",-1,,"x, y""#,
        ]
        #expect(csv == lines.joined(separator: "\n") + "\n")
    }

    @Test func markdownEscapesPipes() {
        let markdown = ReportRenderer.render(Self.sample(), as: .md)
        #expect(
            markdown == """
                | NAME | COUNT | RATE | DETAIL |
                | --- | ---: | ---: | --- |
                | a\\|b, "c" | 3 | 66.7% | line one␊line two |
                | - | -1 | - | x, y |

                """
        )
    }

    @Test func tableShortensAndKeepsOneLine() {
        let table = ReportRenderer.render(Self.sample(), as: .table)
        let lines = table.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[2].hasSuffix("line one␊li…"))
        #expect(lines[2].contains("66.7%"))
    }

    @Test func jsonUsesFieldNamesAndTypes() {
        let json = ReportRenderer.render(Self.sample(), as: .json)
        #expect(
            json.hasPrefix(
                "[\n  {\n    \"name\": \"a|b, \\\"c\\\"\",\n    \"count\": 3,\n    \"rate\": 0.6666666666666666,"
            )
        )
        #expect(json.contains("\"detail\": [\n      \"x\",\n      \"y\"\n    ]"))
        #expect(json.contains("\"rate\": null"))
    }

    @Test func percentageRounds() {
        #expect(ReportRenderer.percentage(0.46666) == "46.7%")
        #expect(ReportRenderer.percentage(1) == "100.0%")
        #expect(ReportRenderer.percentage(0) == "0.0%")
    }
}
