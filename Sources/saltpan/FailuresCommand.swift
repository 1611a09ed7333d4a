import ArgumentParsing
import SaltPanCore

/// `saltpan failures`: failure and missing rates per minion, function or product.
enum FailuresCommand {
    static let spec = CommandSpec(
        name: "failures",
        abstract: "Show failure and missing rates per minion, function or product, worst first.",
        discussion: """
            For each group: jobs targeted (returns plus expected minions without one), returned, \
            failed, missing, unknown and conflict; the failure rate (failed ÷ returned) and the \
            missing rate (missing ÷ targeted) as fractions; the streak, the failed jobs in a row \
            up to the newest; and the last failed jid. Runner jobs count under the master's id, \
            with the role 'master'. Groups are sorted by failure rate, then failures, missing rate \
            and missing, highest first.

            \(Commands.exitStatusText)
            """,
        options: [
            .value(
                "by",
                valueName: "group",
                help: "What to group results by.",
                defaultValue: ResultGrouping.minion.rawValue,
                allowedValues: ResultGrouping.allCases.map(\.rawValue)
            )
        ],
        optionGroups: [QueryOptions.format, QueryOptions.filters, Commands.database]
    )

    static func run(_ command: ParsedCommand) throws -> Int32 {
        let grouping = command.value("by").flatMap(ResultGrouping.init(rawValue:)) ?? .minion
        let format = QueryOptions.outputFormat(command)
        let filter = try QueryOptions.filter(command)
        let store = try CommandRunner.openStore(command)
        let rates = try FailureRateQuery.rates(in: store, by: grouping, filter: filter)

        let output = OutputBuffer()
        output.write(ReportRenderer.render(FailureRateRenderer.report(rates, by: grouping), as: format))
        try output.finish()
        return ExitCode.success
    }
}
