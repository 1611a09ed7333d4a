/// Writes the result of `saltpan retcodes`.
///
/// The table, CSV and Markdown forms have one column per retcode seen (`retcode_0`,
/// `retcode_2`, …), and the table and Markdown cells add the share of the group's total. The
/// JSON form nests the counts in a `retcodes` object keyed by the retcode as a string.
public enum RetcodeRenderer {
    public static func render(_ breakdown: RetcodeBreakdown, as format: OutputFormat) -> String {
        switch format {
        case .json: return ReportRenderer.json(jsonValue(breakdown))
        case .csv: return ReportRenderer.render(report(breakdown, withShares: false), as: .csv)
        case .table, .md: return ReportRenderer.render(report(breakdown, withShares: true), as: format)
        }
    }

    /// Returns an array of objects: the grouping key, `role` when grouped by minion,
    /// `retcodes`, `no_retcode`, `missing` and `total`.
    public static func jsonValue(_ breakdown: RetcodeBreakdown) -> Value {
        .array(
            breakdown.groups.map { group in
                var entries: [Value.MapEntry] = [
                    .init(key: .string(breakdown.grouping.rawValue), value: group.key.map(Value.string) ?? .null)
                ]
                if breakdown.grouping == .minion {
                    entries.append(.init(key: .string("role"), value: .string(group.isMaster ? "master" : "minion")))
                }
                let retcodes = group.retcodes.sorted { $0.key < $1.key }.map { retcode, count in
                    Value.MapEntry(key: .string(String(retcode)), value: .int(Int64(count)))
                }
                entries += [
                    .init(key: .string("retcodes"), value: .map(retcodes)),
                    .init(key: .string("no_retcode"), value: .int(Int64(group.noRetcode))),
                    .init(key: .string("missing"), value: .int(Int64(group.missing))),
                    .init(key: .string("total"), value: .int(Int64(group.total))),
                ]
                return .map(entries)
            }
        )
    }

    /// Builds the flat form; with `withShares`, count cells read `12 (80.0%)`.
    public static func report(_ breakdown: RetcodeBreakdown, withShares: Bool) -> ReportTable {
        let grouping = breakdown.grouping
        var columns = [ReportTable.Column(grouping.rawValue, grouping.rawValue.uppercased())]
        if grouping == .minion { columns.append(.init("role", "ROLE")) }
        columns += breakdown.retcodes.map { .init("retcode_\($0)", "RETCODE \($0)", .right) }
        columns += [
            .init("no_retcode", "NO RETCODE", .right),
            .init("missing", "MISSING", .right),
            .init("total", "TOTAL", .right),
        ]

        var report = ReportTable(columns)
        for group in breakdown.groups {
            func cell(_ count: Int) -> ReportTable.Cell {
                guard withShares else { return .count(count) }
                let share = group.total == 0 ? 0 : Double(count) / Double(group.total)
                return .text("\(count) (\(ReportRenderer.percentage(share)))")
            }

            var row: [ReportTable.Cell] = [.optional(group.key)]
            if grouping == .minion { row.append(.text(group.isMaster ? "master" : "minion")) }
            row += breakdown.retcodes.map { cell(group.retcodes[$0] ?? 0) }
            row += [cell(group.noRetcode), cell(group.missing), .count(group.total)]
            report.append(row)
        }
        return report
    }
}
