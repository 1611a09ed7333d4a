import ArgumentParsing
import SaltPanCore

/// `saltpan retcodes`: how often each retcode came back, per product, function or minion.
enum RetcodesCommand {
    static let spec = CommandSpec(
        name: "retcodes",
        abstract: "Count returns per retcode value for each product, function or minion.",
        discussion: """
            One column per retcode seen, plus returns without a retcode (runner jobs, old and \
            exported records) and expected minions without a return. Table and Markdown cells \
            show each count's share of the group's total. Groups are sorted by name.

            \(Commands.exitStatusText)
            """,
        options: [
            .value(
                "by",
                valueName: "group",
                help: "What to group results by.",
                defaultValue: ResultGrouping.product.rawValue,
                allowedValues: [ResultGrouping.product, .function, .minion].map(\.rawValue)
            )
        ],
        optionGroups: [QueryOptions.format, QueryOptions.filters, Commands.database]
    )

    static func run(_ command: ParsedCommand) throws -> Int32 {
        let grouping = command.value("by").flatMap(ResultGrouping.init(rawValue:)) ?? .product
        let format = QueryOptions.outputFormat(command)
        let filter = try QueryOptions.filter(command)
        let store = try CommandRunner.openStore(command)
        let breakdown = try RetcodeBreakdownQuery.breakdown(in: store, by: grouping, filter: filter)

        let output = OutputBuffer()
        output.write(RetcodeRenderer.render(breakdown, as: format))
        try output.finish()
        return ExitCode.success
    }
}
