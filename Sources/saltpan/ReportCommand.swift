import ArgumentParsing
import Foundation
import SaltPanCore

/// `saltpan report nightly|audit|incident`: the documents people hand to others.
enum ReportCommand {
    /// The exit status when the report was written and a `--max-*` threshold is crossed.
    static let thresholdCrossed: Int32 = 3

    static let spec = CommandSpec(
        name: "report",
        abstract: "Write the nightly summary, the audit report or an incident timeline as Markdown, HTML or JSON.",
        discussion: """
            nightly: per product the jobs, minions, failure and missing rates; what failed now but \
            not in the window before, and what recovered; the top failing state ids; minions that \
            did not return; unusual retcodes; the slowest state runs; minion-scheduled jobs. Its \
            window is the 24 hours before --now unless --since or --until is given.

            audit: activity by user and function, loads without a user flagged; per minion and \
            product the last real and the last test state run; every failed, missing and conflict \
            result with its failed states; the changes state runs made; the outcome rule. Its \
            window is the whole database unless --since or --until is given.

            incident: a time-ordered timeline of publishes, returns, changes, conflicts, repeated \
            publishes and jobs one input has and another lacks. It needs --since; --until defaults \
            to --now. Name the minions with --minion.

            Every report starts with its window, the inputs behind it with the time each covers, \
            the gaps between them, and whether an empty window was quiet or unseen. All times are \
            UTC. The report goes to standard output unless --output names a file; no other file \
            is written. HTML is one self-contained file with inline SVG charts.

            For reproducible output, --now and --generated-at fix the times, and the environment \
            variable SALTPAN_REPORT_PIN=1 writes 'pinned' in place of saltpan's version and the \
            ingest times.

            Exit status: 0 done; 1 failed; 3 the report was written and a --max-failed, \
            --max-missing or --max-failure-rate threshold is crossed; 64 the command line is \
            invalid.
            """,
        options: [
            .value(
                "format",
                valueName: "format",
                help: "The output format: Markdown, self-contained HTML with charts, or one JSON document.",
                defaultValue: ReportFormat.md.rawValue,
                allowedValues: ReportFormat.allCases.map(\.rawValue)
            ),
            .value(
                "output",
                short: "o",
                valueName: "file",
                help: "Write the report to this file instead of standard output."
            ),
            .value(
                "generated-at",
                valueName: "time",
                help:
                    "The generation time written into the report, as an ISO date-time with a zone (default: the clock)."
            ),
            .value(
                "max-failed",
                valueName: "count",
                help: "Exit with status 3 when more returns than this failed in the window."
            ),
            .value(
                "max-missing",
                valueName: "count",
                help: "Exit with status 3 when more expected minions than this did not return in the window."
            ),
            .value(
                "max-failure-rate",
                valueName: "rate",
                help: "Exit with status 3 when failed ÷ returned in the window is above this fraction (0.05) or "
                    + "percentage (5%)."
            ),
        ],
        optionGroups: [QueryOptions.filters, Commands.database],
        positionals: [
            PositionalSpec("report", help: "The report to write: nightly, audit or incident.")
        ]
    )

    static func run(_ command: ParsedCommand) throws -> Int32 {
        let request = try ReportOptions.request(command)
        let format = command.value("format").flatMap(ReportFormat.init(rawValue:)) ?? .md
        let outputPath = command.value("output")
        if let outputPath {
            try ReportOptions.checkOutputPath(outputPath, databasePath: CommandRunner.databasePath(command))
        }

        let store = try CommandRunner.openStore(command)
        let (document, crossings) = try build(request, in: store)
        let text = format.write(document)

        if let outputPath {
            do {
                try TextFile.write(text, to: outputPath)
            } catch {
                throw CommandError("cannot write the report to '\(outputPath)': \(error.localizedDescription)")
            }
        } else {
            let output = OutputBuffer()
            output.write(text)
            try output.finish()
        }

        guard crossings.isEmpty else {
            var standardError = StandardError()
            for crossing in crossings {
                print("saltpan report: threshold crossed: \(crossing)", to: &standardError)
            }
            return thresholdCrossed
        }
        return ExitCode.success
    }

    private static func build(_ request: ReportRequest, in store: Store) throws -> (ReportDocument, [String]) {
        switch request.kind {
        case .nightly:
            let report = try NightlyReport.build(in: store, request: request)
            return (report.document(), report.crossings)
        case .audit:
            let report = try AuditReport.build(in: store, request: request)
            return (report.document(), report.crossings)
        case .incident:
            let report = try IncidentTimeline.build(in: store, request: request)
            return (report.document(), report.crossings)
        }
    }
}

/// The formats `saltpan report` writes.
enum ReportFormat: String, CaseIterable {
    case md
    case html
    case json

    func write(_ document: ReportDocument) -> String {
        switch self {
        case .md: return MarkdownWriter.write(document)
        case .html: return HTMLReportWriter.write(document)
        case .json: return ReportJSON.write(document)
        }
    }
}
