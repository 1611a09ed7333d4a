/// The summary section every report starts with: the window's totals and the thresholds.
enum ReportSummary {
    /// Builds the summary section.
    ///
    /// A window without jobs first states whether it was quiet or unseen, and each crossed
    /// threshold gets a notice.
    static func section(totals: WindowTotals, coverage: InputCoverage, thresholds: ReportThresholds) -> ReportSection {
        var blocks: [ReportBlock] = []
        if totals.jobs.isEmpty {
            blocks.append(.notice(WindowTotals.emptyText(coverage: coverage)))
        }
        blocks.append(.facts(totals.facts()))

        let crossings = thresholds.crossings(of: totals.results)
        if !thresholds.isEmpty {
            blocks.append(.subheading("Thresholds"))
            blocks.append(.facts(thresholds.facts() + [ReportFact("crossed", "crossed", .list(crossings))]))
            if crossings.isEmpty {
                blocks.append(.paragraph("No threshold is crossed."))
            }
            for crossing in crossings {
                blocks.append(.notice("Threshold crossed: \(crossing)."))
            }
        }
        return ReportSection(id: "summary", title: "Summary", blocks: blocks)
    }
}
