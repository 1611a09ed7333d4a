/// The opening of every report: its window and time zone, the inputs behind it and the time
/// they cover, the outcome rule, saltpan's version and when the report was made.
public struct ReportHeader: Sendable {
    /// The window as requested; nil ends are open.
    public var since: Timestamp?
    public var until: Timestamp?
    public var filterDescription: [String]
    public var inputs: [ReportInput]
    public var coverage: InputCoverage
    /// saltpan's version, or `pinned`.
    public var version: String
    public var generatedAt: Timestamp
    public var isPinned: Bool

    /// The zone of every time in a report.
    public static let timeZone = "UTC"

    /// Reads the inputs and works out how much of the window they cover.
    ///
    /// An open end of the window is taken from the inputs: the first or the last job any input
    /// reported.
    static func load(in store: Store, request: ReportRequest) throws -> ReportHeader {
        let inputs = try ReportInputQuery.inputs(in: store.database, filter: request.filter)
        let spans = inputs.compactMap(\.span)
        let start = request.filter.since ?? spans.map(\.start).min() ?? request.now
        let end = request.filter.until ?? spans.map(\.end).max() ?? request.now
        let window = TimeSpan(start: start, end: max(start, end))
        let hasJobs = inputs.contains { $0.jobsInWindow > 0 }

        return ReportHeader(
            since: request.filter.since,
            until: request.filter.until,
            filterDescription: request.filterDescription,
            inputs: inputs,
            coverage: InputCoverage(window: window, inputSpans: spans, hasJobs: hasJobs),
            version: request.isPinned ? ReportRequest.pinnedText : SaltPan.version,
            generatedAt: request.generatedAt,
            isPinned: request.isPinned
        )
    }

    /// The window as one line, such as `2026-12-03T20:00:00Z to 2026-12-04T20:00:00Z`.
    public var windowText: String {
        if since == nil, until == nil, coverage.spans.isEmpty {
            return "the whole database, which contains no jobs"
        }
        let start = since.map(ReportTime.text) ?? "the first job (\(ReportTime.text(coverage.window.start)))"
        let end = until.map(ReportTime.text) ?? "the last job (\(ReportTime.text(coverage.window.end)))"
        return "\(start) to \(end)"
    }

    /// One or two sentences on how much of the window the inputs cover.
    public var coverageText: String {
        switch coverage.status {
        case .covered:
            return "The inputs cover the whole window: a time without jobs in it was quiet, not unseen."
        case .blind:
            return "No input covers any of this window, so saltpan is blind here: no jobs in the report does "
                + "not mean nothing ran. Ingest a job cache or an export taken during the window."
        case .partial:
            let blind = coverage.blindSpans.reduce(Int64(0)) { $0 + $1.microseconds }
            let share = coverage.coveredFraction.map(ReportRenderer.percentage) ?? "-"
            return "The inputs cover \(share) of the window; for \(ReportTime.duration(microseconds: blind)) of it "
                + "(listed below) no input was taken, so jobs then are not in this report. A Salt master "
                + "keeps its job cache for 24 hours by default, so copy it at least daily."
        }
    }

    /// Returns the header as the first section of a report.
    func section(outcomeRule: String) -> ReportSection {
        var blocks: [ReportBlock] = [
            .facts([
                ReportFact("window", "window", .text(windowText)),
                ReportFact("window_start", "window start", .text(ReportTime.text(coverage.window.start))),
                ReportFact("window_end", "window end", .text(ReportTime.text(coverage.window.end))),
                ReportFact("time_zone", "time zone", .text(Self.timeZone)),
                ReportFact("filters", "filters", filterDescription.isEmpty ? .text("none") : .list(filterDescription)),
                ReportFact("coverage", "coverage", .text(coverage.status.rawValue)),
                ReportFact(
                    "covered_fraction",
                    "share of the window covered",
                    .optionalFraction(coverage.coveredFraction)
                ),
                ReportFact("saltpan_version", "saltpan version", .text(version)),
                ReportFact("generated_at", "generated at", .text(ReportTime.text(generatedAt))),
            ])
        ]
        blocks.append(coverage.status == .covered ? .paragraph(coverageText) : .notice(coverageText))
        blocks.append(.subheading("Inputs"))
        blocks.append(.table(id: "inputs", inputTable(), emptyText: "No inputs: the database is empty."))
        blocks.append(.subheading("Parts of the window no input covers"))
        blocks.append(
            .table(
                id: "blind_spans",
                spanTable(coverage.blindSpans),
                emptyText: coverage.status == .blind
                    ? "No input covers any time." : "Every part of the window lies in some input's span."
            )
        )
        blocks.append(.subheading("Gaps between inputs"))
        blocks.append(
            .table(
                id: "gaps",
                spanTable(coverage.gaps),
                emptyText: "No gaps between inputs: their spans overlap or touch."
            )
        )
        blocks.append(.subheading("Outcome rule"))
        blocks.append(.paragraph(outcomeRule))
        return ReportSection(id: "header", title: "About this report", blocks: blocks)
    }

    private func inputTable() -> ReportTable {
        var table = ReportTable([
            .init("path", "INPUT"),
            .init("kind", "KIND"),
            .init("size", "BYTES", .right),
            .init("sha256", "SHA-256"),
            .init("status", "STATUS"),
            .init("first_ingested_at", "FIRST INGESTED"),
            .init("last_ingested_at", "LAST INGESTED"),
            .init("first_job", "FIRST JOB"),
            .init("last_job", "LAST JOB"),
            .init("jobs", "JOBS", .right),
            .init("jobs_in_window", "IN WINDOW", .right),
            .init("problems", "PROBLEMS", .right),
        ])
        for input in inputs {
            table.append([
                .text(input.path),
                .text(input.kind),
                input.size.map(ReportTable.Cell.integer) ?? .null,
                .text(input.sha256),
                .text(input.status),
                .text(isPinned ? ReportRequest.pinnedText : input.firstIngestedAt),
                .text(isPinned ? ReportRequest.pinnedText : input.lastIngestedAt),
                .optional(input.span.map { ReportTime.text($0.start) }),
                .optional(input.span.map { ReportTime.text($0.end) }),
                .count(input.jobCount),
                .count(input.jobsInWindow),
                .count(input.problemCount),
            ])
        }
        return table
    }

    private func spanTable(_ spans: [TimeSpan]) -> ReportTable {
        var table = ReportTable([.init("start", "FROM"), .init("end", "TO"), .init("duration", "DURATION", .right)])
        for span in spans {
            table.append([
                .text(ReportTime.text(span.start)),
                .text(ReportTime.text(span.end)),
                .text(ReportTime.duration(microseconds: span.microseconds)),
            ])
        }
        return table
    }
}
