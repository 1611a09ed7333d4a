/// Writes a report as one JSON document for dashboards.
///
/// The document has `report` (`nightly`, `audit` or `incident`), `title`, `time_zone`, then one
/// object per section under the section's id (`header`, `summary`, `products`, …). A section's
/// facts are its fields. Each table is an array of objects under the table's id, keyed by the
/// field names of its columns, and each chart's data is an array under the chart's id.
/// `notices` lists the statements the other formats highlight. Rates are fractions from 0 to 1, and null
/// when nothing returned. Prose paragraphs are left out.
public enum ReportJSON {
    public static func write(_ document: ReportDocument) -> String {
        ReportRenderer.json(value(document))
    }

    /// Returns the document as a JSON value.
    public static func value(_ document: ReportDocument) -> Value {
        var entries: [Value.MapEntry] = [
            entry("report", .string(document.kind.rawValue)),
            entry("title", .string(document.title)),
            entry("time_zone", .string(ReportHeader.timeZone)),
        ]
        for section in document.sections {
            entries.append(entry(section.id, value(section)))
        }
        return .map(entries)
    }

    private static func value(_ section: ReportSection) -> Value {
        var entries: [Value.MapEntry] = []
        var notices: [Value] = []
        for block in section.blocks {
            switch block {
            case .subheading, .paragraph:
                continue
            case .notice(let text):
                notices.append(.string(text))
            case .facts(let facts):
                entries += facts.map { entry($0.key, ReportRenderer.jsonValue($0.value)) }
            case .table(let id, let table, _):
                entries.append(entry(id, ReportRenderer.jsonValue(table)))
            case .chart(let chart):
                entries.append(entry(chart.id, value(chart)))
            }
        }
        entries.append(entry("notices", .array(notices)))
        return .map(entries)
    }

    private static func value(_ chart: ReportChart) -> Value {
        .array(
            chart.rows.map { row in
                var entries = [entry(chart.rowKey, .string(row.label))]
                for (series, number) in zip(chart.series, row.values) {
                    entries.append(entry(series.key, number.map(numberValue) ?? .null))
                }
                return .map(entries)
            }
        )
    }

    /// Counts as integers, rates as fractions.
    private static func numberValue(_ number: Double) -> Value {
        number == number.rounded() && abs(number) < 1e15 ? .int(Int64(number)) : .double(number)
    }

    private static func entry(_ key: String, _ value: Value) -> Value.MapEntry {
        Value.MapEntry(key: .string(key), value: value)
    }
}
