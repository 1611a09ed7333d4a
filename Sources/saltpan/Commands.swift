import ArgumentParsing

/// The command tree of `saltpan`; help text is generated from it.
enum Commands {
    static let exitStatusText = """
        Exit status: 0 done; 1 failed; 2 done, but some input was skipped or damaged (each named \
        on standard error); 64 the command line is invalid.
        """

    static let database = OptionGroup([
        .value(
            "db",
            valueName: "path",
            help: "The saltpan database file.",
            defaultValue: "./saltpan.db",
            environmentVariable: "SALTPAN_DB"
        )
    ])

    static let root = CommandSpec(
        name: "saltpan",
        abstract: "Analyze SaltStack job history offline: ingest job caches, then ask about jobs.",
        discussion: exitStatusText,
        subcommands: [
            IngestCommand.spec, JobCommand.spec, ProductMapCommand.spec, JobsCommand.spec, FailuresCommand.spec,
            RetcodesCommand.spec, StatesCommand.spec, SearchCommand.spec, SQLCommand.spec, ReportCommand.spec,
        ]
    )
}
