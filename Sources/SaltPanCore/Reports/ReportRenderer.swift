/// Writes a `ReportTable` as a terminal table, JSON, CSV or Markdown.
///
/// Every format contains the same rows in the same order. Text is valid UTF-8 in every format,
/// because a Swift string always is: invalid bytes in a return were replaced or base64-encoded
/// before they reached a cell.
public enum ReportRenderer {
    /// Renders the report in `format`, ending in a newline.
    public static func render(_ report: ReportTable, as format: OutputFormat) -> String {
        switch format {
        case .table: return table(report)
        case .json: return json(jsonValue(report))
        case .csv: return csv(report)
        case .md: return markdown(report)
        }
    }

    /// Writes `value` as one pretty-printed JSON document in the output dialect, ending in a newline.
    public static func json(_ value: Value) -> String {
        JSONWriter(dialect: .output, prettyPrinted: true).text(value) + "\n"
    }

    /// Returns the report as a JSON array of objects keyed by the columns' field names.
    public static func jsonValue(_ report: ReportTable) -> Value {
        .array(
            report.rows.map { row in
                .map(
                    zip(report.columns, row).map { column, cell in
                        Value.MapEntry(key: .string(column.key), value: jsonValue(cell))
                    }
                )
            }
        )
    }

    static func jsonValue(_ cell: ReportTable.Cell) -> Value {
        switch cell {
        case .null: return .null
        case .text(let text): return .string(text)
        case .integer(let number): return .int(number)
        case .number(let number), .fraction(let number): return .double(number)
        case .value(let value): return value
        case .list(let items): return .array(items.map(Value.string))
        }
    }

    // MARK: - Table

    private static func table(_ report: ReportTable) -> String {
        var table = TextTable(report.columns.map { TextTable.Column($0.title, $0.alignment) })
        for row in report.rows {
            table.append(
                zip(report.columns, row).map { column, cell in
                    shorten(ControlPictures.line(displayText(cell)), to: column.maximumTableWidth)
                }
            )
        }
        return table.render()
    }

    /// Returns a cell as people read it: `-` for null, a percentage for a fraction.
    static func displayText(_ cell: ReportTable.Cell) -> String {
        switch cell {
        case .null: return "-"
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .number(let number): return number.description
        case .fraction(let fraction): return percentage(fraction)
        case .value(let value): return JSONWriter(dialect: .output).text(value)
        case .list(let items): return items.joined(separator: ", ")
        }
    }

    /// Formats a fraction as a percentage with one decimal, such as `46.7%`.
    static func percentage(_ fraction: Double) -> String {
        guard fraction.isFinite else { return "-" }
        let tenths = Int((fraction * 1000).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))%"
    }

    private static func shorten(_ text: String, to width: Int?) -> String {
        guard let width, text.count > width else { return text }
        return String(text.prefix(max(1, width - 1))) + "…"
    }

    // MARK: - CSV

    /// RFC 4180 records ending in LF.
    ///
    /// A field holding a comma, a quote, CR or LF is quoted and its quotes doubled.
    private static func csv(_ report: ReportTable) -> String {
        var text = csvHeader(report.columns)
        for row in report.rows {
            text += csvRecord(row)
        }
        return text
    }

    /// Returns the header record of the CSV output: the columns' field names, ending in LF.
    static func csvHeader(_ columns: [ReportTable.Column]) -> String {
        columns.map { csvField($0.key) }.joined(separator: ",") + "\n"
    }

    /// Returns one record of the CSV output, ending in LF, so a long report can be written one
    /// row at a time.
    static func csvRecord(_ row: [ReportTable.Cell]) -> String {
        row.map { csvField(csvText($0)) }.joined(separator: ",") + "\n"
    }

    private static func csvText(_ cell: ReportTable.Cell) -> String {
        switch cell {
        case .null: return ""
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .number(let number), .fraction(let number): return number.description
        case .value(let value): return JSONWriter(dialect: .output).text(value)
        case .list(let items): return items.joined(separator: ", ")
        }
    }

    /// Returns `text` as one CSV field, quoted when it contains a comma, a quote or any control
    /// character.
    ///
    /// Control characters are kept as they are, unlike in the formats people read, because CSV
    /// is data for spreadsheets and scripts. A script that compares the output of a minion with
    /// its log or the JSON output needs the bytes the minion sent, and `␛` in place of ESC would
    /// be a different value. Quoting makes a reader take CR, LF and the rest as part of the
    /// field. So `saltpan … --format csv` written to a terminal can pass an escape sequence to it,
    /// and the table format is the one to read there.
    static func csvField(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || ControlPictures.isControl($0) }
        guard needsQuotes else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    // MARK: - Markdown

    /// Renders a GitHub-flavoured Markdown table.
    ///
    /// `|` in a cell is escaped as `\|`. Control characters, line breaks among them, are shown
    /// as `ControlPictures.line(_:)` shows them, so every row stays one table row. `<`, `[`, `]`,
    /// `` ` ``, `*` and `&` are escaped too, because cells contain minion ids and output from
    /// minions. Raw HTML, a link or an image that loads from another host must not reach a
    /// reader, and `*word*` or `&lt;` must show as written.
    private static func markdown(_ report: ReportTable) -> String {
        var text = "| " + report.columns.map { markdownCell($0.title) }.joined(separator: " | ") + " |\n"
        text += "|" + report.columns.map { $0.alignment == .right ? " ---: |" : " --- |" }.joined() + "\n"
        for row in report.rows {
            text += "| " + row.map { markdownCell(displayText($0)) }.joined(separator: " | ") + " |\n"
        }
        return text
    }

    static func markdownCell(_ text: String) -> String {
        var escaped = ""
        for character in ControlPictures.line(text) {
            if markdownMarkup.contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// The characters `markdownCell` escapes with a backslash.
    ///
    /// `_` is left out: GitHub Flavored Markdown reads no emphasis inside a word, and ids such as
    /// `Cache_Node-7` stay readable as text. `#` and `>` only have a meaning at the start of a line.
    private static let markdownMarkup: Set<Character> = ["\\", "|", "<", "[", "]", "`", "*", "&"]
}
