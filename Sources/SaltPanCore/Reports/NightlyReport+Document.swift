extension NightlyReport {
    /// Lays the report out as sections.
    public func document() -> ReportDocument {
        ReportDocument(
            kind: .nightly,
            title: "saltpan nightly summary",
            header: header,
            sections: [
                header.section(outcomeRule: OutcomeRuleText.paragraph),
                ReportSummary.section(totals: totals, coverage: header.coverage, thresholds: thresholds),
                productSection(),
                minionSection(),
                changeSection(),
                ReportSection(
                    id: "top_failing_states",
                    title: "Top failing state ids",
                    blocks: [
                        .paragraph(
                            "The \(Self.topCount) failing states with the most runs, root causes before states "
                                + "that failed only because a requisite failed, as saltpan states lists them."
                        ),
                        .table(
                            id: "states",
                            StateReportRenderer.failures(topFailingStates),
                            emptyText: "No state failed in this window."
                        ),
                    ]
                ),
                ReportSection(
                    id: "missing_minions",
                    title: "Minions that did not return",
                    blocks: [
                        .table(
                            id: "minions",
                            ReportTables.missingMinions(missingMinions),
                            emptyText: "Every expected minion returned in this window."
                        )
                    ]
                ),
                retcodeSection(),
                ReportSection(
                    id: "slowest_runs",
                    title: "Slowest state runs",
                    blocks: [
                        .paragraph("State runs by the sum of their states' durations, as Salt reports them."),
                        .table(
                            id: "runs",
                            ReportTables.slowestRuns(slowestRuns),
                            emptyText: "No state run with durations in this window."
                        ),
                    ]
                ),
                ReportSection(
                    id: "schedules",
                    title: "Minion-scheduled jobs",
                    blocks: [
                        .paragraph(
                            "Jobs a minion's scheduler started, grouped by schedule name. Salt stores them "
                                + "without a publishing user and without expected minions."
                        ),
                        .table(
                            id: "schedules",
                            ReportTables.schedules(schedules),
                            emptyText: "No minion-scheduled job in this window."
                        ),
                    ]
                ),
                timelineSection(),
            ]
        )
    }

    private func productSection() -> ReportSection {
        ReportSection(
            id: "products",
            title: "Products",
            blocks: [
                .table(
                    id: "products",
                    ReportTables.products(totals.products, activity: activity),
                    emptyText: "No minion results in this window."
                ),
                .chart(ReportCharts.retcodeMix(retcodes)),
            ]
        )
    }

    private func minionSection() -> ReportSection {
        ReportSection(
            id: "minions",
            title: "Failure rate per minion",
            blocks: [
                .chart(ReportCharts.failureRates(totals.minions)),
                .table(
                    id: "minions",
                    FailureRateRenderer.report(totals.minions, by: .minion),
                    emptyText: "No minion results in this window."
                ),
            ]
        )
    }

    private func changeSection() -> ReportSection {
        var blocks: [ReportBlock] = []
        if let previous = changes.previousWindow {
            blocks.append(
                .facts([
                    ReportFact(
                        "previous_window_start",
                        "previous window start",
                        .text(ReportTime.text(previous.start))
                    ),
                    ReportFact("previous_window_end", "previous window end", .text(ReportTime.text(previous.end))),
                    ReportFact(
                        "previous_coverage",
                        "previous window coverage",
                        .optional(changes.previousCoverage?.rawValue)
                    ),
                ])
            )
            if changes.previousCoverage == .blind {
                blocks.append(
                    .notice(
                        "No input covers the previous window, so every failure below counts as new only because "
                            + "nothing before it was seen."
                    )
                )
            }
        } else {
            blocks.append(.paragraph("The window has an open end, so there is no previous window to compare with."))
        }
        blocks += [
            .subheading("Minions failing now but not before"),
            .table(
                id: "newly_failing_minions",
                ReportTables.minionRates(changes.newlyFailingMinions),
                emptyText: "None."
            ),
            .subheading("Minions that recovered (failed before, only succeeded now)"),
            .table(id: "recovered_minions", ReportTables.minionRates(changes.recoveredMinions), emptyText: "None."),
            .subheading("States failing now but not before"),
            .table(
                id: "newly_failing_states",
                StateReportRenderer.failures(changes.newlyFailingStates),
                emptyText: "None."
            ),
            .subheading("States that recovered (failed before, ran and passed now)"),
            .table(id: "recovered_states", StateReportRenderer.failures(changes.recoveredStates), emptyText: "None."),
        ]
        return ReportSection(id: "changes", title: "New since the previous window", blocks: blocks)
    }

    private func retcodeSection() -> ReportSection {
        let usual = UnusualRetcodeQuery.usualRetcodes.sorted().map(String.init).joined(separator: ", ")
        return ReportSection(
            id: "unusual_retcodes",
            title: "Unusual retcodes",
            blocks: [
                .paragraph(
                    "Retcodes other than \(usual). A Salt minion sets 0 for success, 1 for an error or a state run "
                        + "that did not compile and 2 for a failed state; other values come from what ran, such "
                        + "as a script's exit status."
                ),
                .table(
                    id: "retcodes",
                    ReportTables.unusualRetcodes(unusualRetcodes),
                    emptyText: "None in this window."
                ),
            ]
        )
    }

    private func timelineSection() -> ReportSection {
        let blocks: [ReportBlock] =
            timeline.map { [.chart($0.chart())] }
            ?? [.paragraph("No input covers this window, so there is nothing to chart.")]
        return ReportSection(id: "activity", title: "Jobs and failures over time", blocks: blocks)
    }
}
