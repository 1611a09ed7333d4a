import ArgumentParsing
import SaltPanCore

/// `saltpan jobs`: the job list, newest first.
enum JobsCommand {
    static let spec = CommandSpec(
        name: "jobs",
        abstract: "List jobs newest first, with expected, returned and missing minions and outcome counts.",
        discussion: """
            Times are in UTC. Internal jobs (saltutil.find_job, saltutil.running, runner.jobs.*) are \
            hidden unless --include-internal is given. Runner jobs count under the master's id. With \
            --minion, --product, --outcome or --retcode a job is listed when one of its minions matches \
            them all; the counts still cover every minion of the job.

            \(Commands.exitStatusText)
            """,
        options: [QueryOptions.limitOption(defaultValue: 50, rows: "jobs")],
        optionGroups: [format, QueryOptions.filters, Commands.database]
    )

    /// The value of `--format` that prints Salt's own listing shape.
    static let saltFormat = "salt"

    /// The shared `--format` values, plus `salt`.
    static let format = OptionGroup([
        .value(
            "format",
            valueName: "format",
            help: "The output format: an aligned table, one JSON document, CSV (RFC 4180 with LF line ends), "
                + "a Markdown table, or salt: the JSON object keyed by jid that salt-run jobs.list_jobs "
                + "--out=json prints (add --include-internal for the jobs Salt lists).",
            defaultValue: OutputFormat.table.rawValue,
            allowedValues: OutputFormat.allCases.map(\.rawValue) + [saltFormat]
        )
    ])

    static func run(_ command: ParsedCommand) throws -> Int32 {
        let format = QueryOptions.outputFormat(command)
        let filter = try QueryOptions.filter(command)
        let limit = try QueryOptions.limit(command)
        let store = try CommandRunner.openStore(command)

        let output = OutputBuffer()
        if command.value("format") == saltFormat {
            try SaltJobListing.write(from: store, filter: filter, limit: limit) { output.write(bytes: $0) }
            try output.finish()
            return ExitCode.success
        }
        switch format {
        case .json:
            try JobListRenderer.writeJSON(from: store, filter: filter, limit: limit) { output.write(bytes: $0) }
        case .csv:
            try JobListRenderer.writeCSV(from: store, filter: filter, limit: limit) { output.write($0) }
        case .table, .md:
            let jobs = try JobListQuery.jobs(in: store, filter: filter, limit: limit)
            output.write(ReportRenderer.render(JobListRenderer.report(jobs), as: format))
        }
        try output.finish()
        return ExitCode.success
    }
}
