import ArgumentParsing

/// A small command tree that exercises every kind of option and argument.
///
///     demo
///     ├── ingest (alias load)   options of each kind, repeated <paths>
///     ├── job                   group with default subcommand `list`
///     │   ├── list
///     │   └── show              <jid> [<minion>]
///     └── export                a required option and no arguments
enum DemoCommands {
    static let version = "1.2.3"

    static let shared = OptionGroup([
        .value("db", valueName: "path", help: "The database file.", environmentVariable: "DEMO_DB"),
        .flag("quiet", short: "q", help: "Print nothing but errors."),
    ])

    static let ingest = CommandSpec(
        name: "ingest",
        aliases: ["load"],
        abstract: "Read record files into the database.",
        discussion: "Files are read in the order given. Use '-' to read standard input.",
        options: [
            .repeated("product", short: "p", help: "Keep only records of this product.", splitsCommas: true),
            .value(
                "format",
                short: "f",
                help: "The input format.",
                defaultValue: "json",
                allowedValues: ["json", "msgpack"]
            ),
            .invertibleFlag("progress", help: "Show a progress line on standard error."),
            .flag("verbose", short: "v", help: "Print more detail. Repeat the flag for even more."),
            .value("limit", short: "n", help: "Stop after this many records."),
            .value("assume-timezone", valueName: "zone", help: "The time zone of timestamps that have none."),
        ],
        optionGroups: [shared],
        positionals: [PositionalSpec("paths", help: "The files to read.", isRepeated: true)]
    )

    static let list = CommandSpec(
        name: "list",
        abstract: "List jobs.",
        options: [.invertibleFlag("header", defaultValue: true, help: "Print a header row.")],
        optionGroups: [shared]
    )

    static let show = CommandSpec(
        name: "show",
        abstract: "Print one job.",
        options: [
            .value(
                "format",
                help: "The output format.",
                defaultValue: "table",
                allowedValues: ["table", "json", "csv"],
                environmentVariable: "DEMO_FORMAT"
            )
        ],
        optionGroups: [shared],
        positionals: [
            PositionalSpec("jid", help: "The job id."),
            PositionalSpec("minion", help: "Show only this minion's result.", isRequired: false),
        ]
    )

    static let job = CommandSpec(
        name: "job",
        abstract: "Inspect jobs.",
        subcommands: [list, show],
        defaultSubcommand: "list"
    )

    static let export = CommandSpec(
        name: "export",
        abstract: "Write the database as JSON lines.",
        options: [
            .value("output", short: "o", help: "The file to write, or '-' for standard output.", isRequired: true)
        ]
    )

    static let root = CommandSpec(
        name: "demo",
        abstract: "Load records into a database and report on them.",
        subcommands: [ingest, job, export]
    )

    /// Returns a parser for the demo tree with a fixed width and environment.
    static func parser(environment: [String: String] = [:], width: Int = 80) -> CommandParser {
        CommandParser(root: root, version: version, environment: environment, width: width)
    }
}
