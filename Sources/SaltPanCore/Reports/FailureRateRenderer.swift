/// Writes the result of `saltpan failures`.
public enum FailureRateRenderer {
    /// Builds the rows with the grouping's name as the key field (`minion`, `function` or
    /// `product`).
    ///
    /// Grouped by minion, the `role` field is `master` for the master's id, under which runner
    /// and wheel jobs count, and `minion` otherwise.
    public static func report(_ rates: [FailureRate], by grouping: ResultGrouping) -> ReportTable {
        var columns = [ReportTable.Column(grouping.rawValue, grouping.rawValue.uppercased())]
        if grouping == .minion { columns.append(.init("role", "ROLE")) }
        columns += [
            .init("targeted", "TARGETED", .right),
            .init("returned", "RETURNED", .right),
            .init("failed", "FAILED", .right),
            .init("missing", "MISSING", .right),
            .init("unknown", "UNKNOWN", .right),
            .init("conflict", "CONFLICT", .right),
            .init("failure_rate", "FAILURE RATE", .right),
            .init("missing_rate", "MISSING RATE", .right),
            .init("streak", "STREAK", .right),
            .init("last_failed_jid", "LAST FAILED JID"),
        ]

        var report = ReportTable(columns)
        for rate in rates {
            var row: [ReportTable.Cell] = [.optional(rate.key)]
            if grouping == .minion { row.append(.text(rate.isMaster ? "master" : "minion")) }
            row += [
                .count(rate.targeted),
                .count(rate.returned),
                .count(rate.failed),
                .count(rate.missing),
                .count(rate.unknown),
                .count(rate.conflict),
                .optionalFraction(rate.failureRate),
                .optionalFraction(rate.missingRate),
                .count(rate.streak),
                .optional(rate.lastFailedJid),
            ]
            report.append(row)
        }
        return report
    }
}
