/// Writes a report as GitHub-flavoured Markdown.
///
/// Charts are left out, because Markdown viewers do not draw inline SVG; the tables beside each
/// chart hold its numbers, and the HTML report draws it.
public enum MarkdownWriter {
    /// The maximum length of a cell's text; longer text is cut and ends in `…`.
    ///
    /// JSON keeps the whole text.
    static let maximumCellLength = 300

    public static func write(_ document: ReportDocument) -> String {
        var text = "# \(escape(document.title))\n"
        for section in document.sections {
            text += "\n## \(escape(section.title))\n"
            for block in section.blocks {
                if case .chart = block { continue }
                text += "\n" + write(block)
            }
        }
        return text
    }

    private static func write(_ block: ReportBlock) -> String {
        switch block {
        case .subheading(let title):
            return "### \(escape(title))\n"
        case .paragraph(let text):
            return escape(text) + "\n"
        case .notice(let text):
            return "> **Note:** \(escape(text))\n"
        case .facts(let facts):
            return facts.map { "- \(escape($0.label)): \(cellText($0.value))\n" }.joined()
        case .table(_, let table, let emptyText):
            return table.rows.isEmpty ? "_\(escape(emptyText))_\n" : markdownTable(table)
        case .chart:
            return ""
        }
    }

    private static func markdownTable(_ table: ReportTable) -> String {
        var text = "| " + table.columns.map { ReportRenderer.markdownCell($0.title) }.joined(separator: " | ") + " |\n"
        text += "|" + table.columns.map { $0.alignment == .right ? " ---: |" : " --- |" }.joined() + "\n"
        for row in table.rows {
            text += "| " + row.map(cellText).joined(separator: " | ") + " |\n"
        }
        return text
    }

    /// Returns the cell as `ReportRenderer` shows it in Markdown, cut to `maximumCellLength`.
    private static func cellText(_ cell: ReportTable.Cell) -> String {
        ReportRenderer.markdownCell(shortened(ReportRenderer.displayText(cell), to: maximumCellLength))
    }

    static func shortened(_ text: String, to length: Int) -> String {
        guard text.count > length else { return text }
        return String(text.prefix(length - 1)) + "…"
    }

    /// Escapes the characters Markdown would read as markup in running text.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in ControlPictures.line(text) {
            if "\\`*_[]<>|#".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
