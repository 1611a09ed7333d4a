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
        let jobs = try JobListQuery.jobs(in: store, filter: filter, limit: limit)

        let output = OutputBuffer()
        if format == .json {
            let details = try jobs.compactMap { try JobDetailQuery.load(jid: $0.jid, from: store) }
            output.write(try JobListRenderer.json(details))
        } else {
            output.write(ReportRenderer.render(JobListRenderer.report(jobs), as: format))
        }
        output.flush()
        return ExitCode.success
    }
}
