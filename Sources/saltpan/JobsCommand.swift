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
        optionGroups: [QueryOptions.format, QueryOptions.filters, Commands.database]
    )

    static func run(_ command: ParsedCommand) throws -> Int32 {
        let format = QueryOptions.outputFormat(command)
        let filter = try QueryOptions.filter(command)
        let limit = try QueryOptions.limit(command)
        let store = try CommandRunner.openStore(command)

        let output = OutputBuffer()
        switch format {
        case .json:
            try JobListRenderer.writeJSON(from: store, filter: filter, limit: limit) { output.write(bytes: $0) }
        case .csv:
            try JobListRenderer.writeCSV(from: store, filter: filter, limit: limit) { output.write($0) }
        case .table, .md:
            let jobs = try JobListQuery.jobs(in: store, filter: filter, limit: limit)
            output.write(ReportRenderer.render(JobListRenderer.report(jobs), as: format))
        }
        output.flush()
        return ExitCode.success
    }
}
