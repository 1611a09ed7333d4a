extension IncidentTimeline {
    /// Lays the report out as sections.
    public func document() -> ReportDocument {
        ReportDocument(
            kind: .incident,
            title: "saltpan incident timeline",
            header: header,
            sections: [
                header.section(outcomeRule: OutcomeRuleText.paragraph),
                ReportSummary.section(totals: totals, coverage: header.coverage, thresholds: thresholds),
                ReportSection(
                    id: "timeline",
                    title: "Timeline",
                    blocks: [
                        .paragraph(
                            "Publishes, returns, missing minions and changes in time order (UTC). A job cache "
                                + "does not record when a return arrived, so such returns are listed right after "
                                + "their publish, and the basis column says so."
                        ),
                        .table(id: "events", eventTable(), emptyText: "Nothing happened in this window."),
                    ]
                ),
                ReportSection(
                    id: "repeated_publishes",
                    title: "Conflicts and repeated publishes",
                    blocks: [
                        .subheading("Conflicts"),
                        .table(
                            id: "conflicts",
                            conflictTable(),
                            emptyText: "No minion refused a job because the same function was running."
                        ),
                        .subheading("Repeated publishes"),
                        .paragraph(
                            "Jobs with the same function, arguments, target and user as a job published less "
                                + "than \(Self.repeatWindowSeconds) s before."
                        ),
                        .table(id: "repeated_publishes", repeatTable(), emptyText: "None."),
                    ]
                ),
                ReportSection(
                    id: "source_gaps",
                    title: "Jobs one input has and another lacks",
                    blocks: [
                        .paragraph(
                            "Jobs missing from an input whose span covers their start. An export that leaves "
                                + "out some kinds of job (saltshaker stores no runner jobs) shows up here as well "
                                + "as lost events."
                        ),
                        .table(id: "jobs", sourceGapTable(), emptyText: "Every input that covers a job reported it."),
                    ]
                ),
                ReportSection(
                    id: "charts",
                    title: "Charts",
                    blocks: [
                        activity.map { .chart($0.chart()) }
                            ?? .paragraph("No input covers this window, so there is nothing to chart."),
                        .chart(ReportCharts.failureRates(totals.minions)),
                    ]
                ),
            ]
        )
    }

    private func eventTable() -> ReportTable {
        var table = ReportTable([
            .init("time", "TIME"),
            .init("time_basis", "BASIS"),
            .init("jid", "JID"),
            .init("event", "EVENT"),
            .init("minion", "MINION"),
            .init("outcome", "OUTCOME"),
            .init("detail", "DETAIL"),
        ])
        for event in events {
            table.append([
                .optional(ReportTime.text(stored: event.time)),
                .text(event.timeBasis),
                .text(event.jid),
                .text(event.kind.rawValue),
                .optional(event.minion),
                .optional(event.outcome?.rawValue),
                .text(event.detail),
            ])
        }
        return table
    }

    private func conflictTable() -> ReportTable {
        var table = ReportTable([
            .init("jid", "JID"),
            .init("start_time", "START TIME"),
            .init("function", "FUNCTION"),
            .init("minion", "MINION"),
            .init("cause", "CAUSE"),
        ])
        for conflict in conflicts {
            table.append([
                .text(conflict.jid),
                .optional(ReportTime.text(stored: conflict.startTime)),
                .optional(conflict.function),
                .text(conflict.minion),
                .optional(conflict.cause),
            ])
        }
        return table
    }

    private func repeatTable() -> ReportTable {
        var table = ReportTable([
            .init("jid", "JID"),
            .init("earlier_jid", "EARLIER JID"),
            .init("seconds", "SECONDS APART", .right),
            .init("user", "USER"),
            .init("function", "FUNCTION"),
            .init("arguments", "ARGUMENTS"),
            .init("target", "TARGET"),
        ])
        for repeated in repeatedPublishes {
            table.append([
                .text(repeated.jid),
                .text(repeated.earlierJid),
                .number(repeated.seconds),
                .optional(repeated.user),
                .optional(repeated.function),
                repeated.arguments.map(ReportTable.Cell.value) ?? .null,
                repeated.target.map { $0.stringValue.map(ReportTable.Cell.text) ?? .value($0) } ?? .null,
            ])
        }
        return table
    }

    private func sourceGapTable() -> ReportTable {
        var table = ReportTable([
            .init("jid", "JID"),
            .init("start_time", "START TIME"),
            .init("function", "FUNCTION"),
            .init("seen_in", "SEEN IN"),
            .init("missing_from", "NOT IN"),
        ])
        for gap in sourceGaps {
            table.append([
                .text(gap.jid),
                .optional(ReportTime.text(stored: gap.startTime)),
                .optional(gap.function),
                .list(gap.seenIn),
                .list(gap.missingFrom),
            ])
        }
        return table
    }
}
