import ArgumentParsing
import SaltPanCore

/// `saltpan states`: failing states across state runs, or what changed, or what was slow.
enum StatesCommand {
    static let spec = CommandSpec(
        name: "states",
        abstract: "Show the failing states of state runs, or with --changes what changed, or the --slowest.",
        discussion: """
            Without --changes or --slowest, each failing state is one row, identified by its SLS, \
            state id and state function: the minions where it failed, the runs, the first and last \
            jid and the newest comment. Root causes come first: states that failed \
            ('failed'), SLS files that did not render or were not found ('did_not_compile') and \
            pillar errors ('pillar_failed'). States that never ran because a requisite failed \
            ('requisite_failed') follow. Orchestrations count under the master's id.

            \(Commands.exitStatusText)
            """,
        options: [
            .flag("changes", help: "List the states that changed something, newest job first."),
            .flag("slowest", help: "List the states that took longest, by their duration."),
            .value(
                "limit",
                valueName: "count",
                help: "The maximum number of rows to print; 0 prints all (default: 20 with --slowest, else 0)."
            ),
        ],
        optionGroups: [QueryOptions.format, QueryOptions.filters, Commands.database]
    )

    static func run(_ command: ParsedCommand) throws -> Int32 {
        if command.flag("changes") && command.flag("slowest") {
            throw UsageError("'--changes' and '--slowest' cannot be combined; give one of them", in: command)
        }
        let format = QueryOptions.outputFormat(command)
        let filter = try QueryOptions.filter(command)
        let limit = command.isSpecified("limit") ? try QueryOptions.limit(command) : nil
        let store = try CommandRunner.openStore(command)

        let report: ReportTable
        if command.flag("changes") {
            report = StateReportRenderer.changes(try StateChangeQuery.changes(in: store, filter: filter, limit: limit))
        } else if command.flag("slowest") {
            let count = command.isSpecified("limit") ? limit : 20
            report = StateReportRenderer.slowest(try SlowestStateQuery.slowest(in: store, filter: filter, limit: count))
        } else {
            var failures = try StateFailureQuery.failures(in: store, filter: filter)
            if let limit { failures = Array(failures.prefix(limit)) }
            report = StateReportRenderer.failures(failures)
        }

        let output = OutputBuffer()
        output.write(ReportRenderer.render(report, as: format))
        try output.finish()
        return ExitCode.success
    }
}
