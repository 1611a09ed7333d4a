import ArgumentParsing
import SaltPanCore

/// `saltpan job JID`: one job with every minion's outcome.
enum JobCommand {
    static let spec = CommandSpec(
        name: "job",
        abstract: "Show one job: its load, expected, returned and missing minions, and each outcome.",
        discussion: """
            Times are in UTC. Missing minions are the expected ones with no return in any source; \
            when no source stored the expected-minion list, missing is unknown rather than zero.

            \(Commands.exitStatusText) A jid that is not in the database exits with status 1.
            """,
        options: [
            .value(
                "format",
                valueName: "format",
                help: "The output format.",
                defaultValue: "table",
                allowedValues: ["table", "json"]
            ),
            .flag(
                "full",
                help: "Print every minion's whole return instead of a one-line preview; control characters "
                    + "other than line feeds and tabs print as spaces."
            ),
        ],
        optionGroups: [Commands.database],
        positionals: [PositionalSpec("jid", help: "The job id, such as 20261204195008509633.")]
    )

    static func run(_ command: ParsedCommand) throws -> Int32 {
        guard let jid = command.argument("jid") else {
            throw UsageError("Missing expected argument '<jid>'", in: command)
        }
        let store = try CommandRunner.openStore(command)
        guard let detail = try JobDetailQuery.load(jid: jid, from: store) else {
            var standardError = StandardError()
            print(
                "Error: no job with jid '\(jid)' in '\(store.database.path)'; list the stored jobs with 'saltpan jobs'",
                to: &standardError
            )
            return ExitCode.failure
        }

        let output = OutputBuffer()
        switch command.value("format") {
        case "json": output.write(JobDetailRenderer.json(detail))
        default: output.write(JobDetailRenderer.text(detail, full: command.flag("full")))
        }
        try output.finish()
        return ExitCode.success
    }
}
