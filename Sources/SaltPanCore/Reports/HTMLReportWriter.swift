/// Writes a report as one self-contained HTML file: inline CSS and inline SVG charts, no
/// scripts, fonts, images or links to anything outside the file, so it reads the same when
/// mailed, opened offline or printed.
public enum HTMLReportWriter {
    public static func write(_ document: ReportDocument) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(document.title))</title>
            <style>
            \(HTMLReportStyle.css)</style>
            </head>
            <body>
            <main>
            <h1>\(escape(document.title))</h1>
            <p class="lead">\(escape(document.header.windowText)) (all times \(ReportHeader.timeZone))</p>

            """
        for section in document.sections {
            html += "<section id=\"\(escape(section.id))\">\n<h2>\(escape(section.title))</h2>\n"
            for block in section.blocks {
                html += write(block)
            }
            html += "</section>\n"
        }
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    private static func write(_ block: ReportBlock) -> String {
        switch block {
        case .subheading(let title):
            return "<h3>\(escape(title))</h3>\n"
        case .paragraph(let text):
            return "<p>\(escape(text))</p>\n"
        case .notice(let text):
            return "<p class=\"notice\"><strong>Note:</strong> \(escape(text))</p>\n"
        case .facts(let facts):
            return factTable(facts)
        case .table(let id, let table, let emptyText):
            guard !table.rows.isEmpty else { return "<p class=\"empty\">\(escape(emptyText))</p>\n" }
            return dataTable(table, id: id)
        case .chart(let chart):
            return """
                <figure class="chart">
                \(SVGChart.render(chart))
                <figcaption>\(escape(chart.caption))</figcaption>
                </figure>

                """
        }
    }

    private static func factTable(_ facts: [ReportFact]) -> String {
        var html = "<table class=\"facts\">\n<tbody>\n"
        for fact in facts {
            html += "<tr><th scope=\"row\">\(escape(fact.label))</th><td>\(cellText(fact.value))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    private static func dataTable(_ table: ReportTable, id: String) -> String {
        var html = "<div class=\"table-wrap\">\n<table class=\"data\" data-table=\"\(escape(id))\">\n<thead>\n<tr>"
        for column in table.columns {
            html += "<th\(column.alignment == .right ? " class=\"num\"" : "")>\(escape(column.title))</th>"
        }
        html += "</tr>\n</thead>\n<tbody>\n"
        let eventColumn = table.columns.firstIndex { $0.key == "event" }
        for row in table.rows {
            let event = eventColumn.map { ReportRenderer.displayText(row[$0]) }
            html += event.map { "<tr class=\"event-\(escape($0))\">" } ?? "<tr>"
            for (column, cell) in zip(table.columns, row) {
                html += "<td\(cellClass(cell, column: column))>\(cellText(cell))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n"
    }

    /// Returns `num` for right-aligned columns, `outcome-failed` and the like for outcome
    /// columns, `jid` and `time` for jids and times, which break only after a time's `T`, and
    /// `token` for other long text without spaces (hashes, long minion ids), which may break
    /// anywhere rather than widen the table past the page.
    private static func cellClass(_ cell: ReportTable.Cell, column: ReportTable.Column) -> String {
        if column.alignment == .right { return " class=\"num\"" }
        let text = ReportRenderer.displayText(cell)
        if column.key == "outcome" || column.key.hasSuffix("_outcome"), Outcome(rawValue: text) != nil {
            return " class=\"outcome-\(text)\""
        }
        if Jid.isValid(text) { return " class=\"jid\"" }
        if isTime(text) { return " class=\"time\"" }
        let isToken = text.count > 24 && !text.contains(where: \.isWhitespace)
        return isToken ? " class=\"token\"" : ""
    }

    /// Returns the cell as the Markdown report shows it, escaped for HTML, with a line break
    /// allowed after the `T` of a time.
    private static func cellText(_ cell: ReportTable.Cell) -> String {
        let text = MarkdownWriter.shortened(ReportRenderer.displayText(cell), to: MarkdownWriter.maximumCellLength)
        guard isTime(text) else { return escape(text) }
        return escape(text).replacing("T", with: "T<wbr>")
    }

    private static func isTime(_ text: String) -> Bool {
        (20...27).contains(text.count) && text.hasSuffix("Z") && Timestamp(iso8601: text) != nil
    }

    static func escape(_ text: String) -> String {
        SVGChart.escape(text)
    }
}
