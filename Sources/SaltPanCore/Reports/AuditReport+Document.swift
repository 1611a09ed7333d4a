extension AuditReport {
    /// Lays the report out as sections.
    public func document() -> ReportDocument {
        ReportDocument(
            kind: .audit,
            title: "saltpan audit report",
            header: header,
            sections: [
                header.section(outcomeRule: OutcomeRuleText.paragraph),
                ReportSummary.section(totals: totals, coverage: header.coverage, thresholds: thresholds),
                activitySection(),
                stateRunSection(),
                ReportSection(
                    id: "exceptions",
                    title: "Exceptions",
                    blocks: [
                        .paragraph(
                            "Every failed, missing and conflict result, by jid and minion, with the failed "
                                + "states and what the minion said."
                        ),
                        .table(id: "exceptions", exceptionTable(), emptyText: "No exceptions in this window."),
                    ]
                ),
                ReportSection(
                    id: "changes",
                    title: "Changes made by state runs",
                    blocks: [
                        .paragraph(
                            "Every state that changed something, newest job first. Test runs only predict "
                                + "changes and are left out."
                        ),
                        .table(
                            id: "changes",
                            changeTable(),
                            emptyText: "No state run changed anything in this window."
                        ),
                    ]
                ),
                chartSection(),
                ReportSection(
                    id: "appendix",
                    title: "Appendix: the outcome rule",
                    blocks: [
                        .paragraph(
                            "saltpan gives every return one outcome by the first of these steps that applies. "
                                + "Every command and report uses the same rule."
                        ),
                        .table(id: "outcome_rule", OutcomeRuleText.table(), emptyText: ""),
                    ]
                ),
            ]
        )
    }

    private func activitySection() -> ReportSection {
        let withoutUser = activity.filter { $0.user == nil }.reduce(0) { $0 + $1.jobs }
        var blocks: [ReportBlock] = [
            .table(id: "activity", activityTable(), emptyText: "No jobs in this window.")
        ]
        if withoutUser > 0 {
            blocks.insert(
                .notice(
                    "\(withoutUser) jobs had no user in their load, such as minion-scheduled jobs. Salt's job "
                        + "listings (salt-run jobs.list_jobs) show them as root; here they are flagged "
                        + "instead."
                ),
                at: 0
            )
        }
        return ReportSection(id: "activity", title: "Activity by user and function", blocks: blocks)
    }

    private func activityTable() -> ReportTable {
        var table = ReportTable([
            .init("user", "USER"),
            .init("user_in_load", "USER IN LOAD"),
            .init("function", "FUNCTION"),
            .init("jobs", "JOBS", .right),
            .init("returned", "RETURNS", .right),
            .init("failed", "FAILED", .right),
            .init("missing", "MISSING", .right),
        ])
        for group in activity {
            table.append([
                .optional(group.user),
                .text(group.user == nil ? "no (Salt shows root)" : "yes"),
                .optional(group.function),
                .count(group.jobs),
                .count(group.returned),
                .count(group.failed),
                .count(group.missing),
            ])
        }
        return table
    }

    private func stateRunSection() -> ReportSection {
        ReportSection(
            id: "state_runs",
            title: "State runs per minion and product",
            blocks: [
                .paragraph(
                    "The newest run that applied states (not test=True) and the newest test run, with the "
                        + "number of states it said would change."
                ),
                .table(id: "state_runs", stateRunTable(), emptyText: "No state runs in this window."),
                .subheading("Minions with no state run in the window"),
                .table(
                    id: "minions_without_state_run",
                    minionTable(),
                    emptyText: "Every minion known to the database had a state run in this window."
                ),
            ]
        )
    }

    private func stateRunTable() -> ReportTable {
        var table = ReportTable([
            .init("minion", "MINION"),
            .init("product", "PRODUCT"),
            .init("last_run_jid", "LAST RUN JID"),
            .init("last_run_start_time", "LAST RUN"),
            .init("last_run_function", "FUNCTION"),
            .init("last_run_outcome", "OUTCOME"),
            .init("last_run_cause", "CAUSE"),
            .init("last_test_jid", "LAST TEST JID"),
            .init("last_test_start_time", "LAST TEST"),
            .init("would_change", "WOULD CHANGE", .right),
        ])
        for record in stateRuns {
            table.append([
                .text(record.minion),
                .optional(record.product),
                .optional(record.lastRun?.jid),
                .optional(ReportTime.text(stored: record.lastRun?.startTime)),
                .optional(record.lastRun?.function),
                .optional(record.lastRun?.outcome.rawValue),
                .optional(record.lastRun?.cause),
                .optional(record.lastTestRun?.jid),
                .optional(ReportTime.text(stored: record.lastTestRun?.startTime)),
                .optional(record.wouldChange),
            ])
        }
        return table
    }

    private func minionTable() -> ReportTable {
        var table = ReportTable([.init("minion", "MINION")])
        for minion in minionsWithoutStateRun {
            table.append([.text(minion)])
        }
        return table
    }

    private func exceptionTable() -> ReportTable {
        var table = ReportTable([
            .init("jid", "JID"),
            .init("start_time", "START TIME"),
            .init("function", "FUNCTION"),
            .init("minion", "MINION"),
            .init("product", "PRODUCT"),
            .init("outcome", "OUTCOME"),
            .init("cause", "CAUSE"),
            .init("failed_states", "FAILED STATES"),
            .init("comments", "COMMENTS"),
        ])
        for exception in exceptions {
            table.append([
                .text(exception.jid),
                .optional(ReportTime.text(stored: exception.startTime)),
                .optional(exception.function),
                .text(exception.minion),
                .optional(exception.product),
                .text(exception.outcome.rawValue),
                .optional(exception.cause),
                .list(exception.failedStates),
                .list(exception.comments),
            ])
        }
        return table
    }

    /// Returns the changes with the fields of `saltpan states --changes` but the start time,
    /// which the jid already gives, so the table fits a printed page.
    private func changeTable() -> ReportTable {
        var table = ReportTable([
            .init("jid", "JID"),
            .init("minion", "MINION"),
            .init("sls", "SLS"),
            .init("state_id", "STATE ID"),
            .init("function", "FUNCTION"),
            .init("name", "NAME"),
            .init("result", "RESULT"),
            .init("changes", "CHANGES"),
        ])
        for change in changes {
            table.append([
                .text(change.jid),
                .text(change.minion),
                .optional(change.sls),
                .text(change.stateID),
                .text(change.function),
                .text(change.name),
                .value(.bool(change.result)),
                .value(change.changes),
            ])
        }
        return table
    }

    private func chartSection() -> ReportSection {
        var blocks: [ReportBlock] = [
            .chart(ReportCharts.failureRates(totals.minions)),
            .chart(ReportCharts.retcodeMix(retcodes)),
        ]
        blocks.append(
            timeline.map { .chart($0.chart()) } ?? .paragraph("No input covers this window, so there is no timeline.")
        )
        return ReportSection(id: "charts", title: "Charts", blocks: blocks)
    }
}
