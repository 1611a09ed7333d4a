import ArgumentParsing
import SaltPanCore

/// `saltpan sql QUERY`: one read-only SQL query on the database.
enum SQLCommand {
    static let spec = CommandSpec(
        name: "sql",
        abstract: "Run one read-only SQL query on the database; docs/SCHEMA.md describes the tables and views.",
        discussion: """
            The database is opened read-only and every statement that would write is rejected, \
            including ATTACH and VACUUM INTO. Values stored from Salt (arguments, targets, loads, \
            returns) are JSON text, which SQLite's JSON functions read. Blobs are printed as \
            {"$bytes": "<base64>"}.

            \(Commands.exitStatusText)
            """,
        optionGroups: [QueryOptions.format, Commands.database],
        positionals: [PositionalSpec("query", help: "One SQL statement, such as 'SELECT count(*) FROM jobs'.")]
    )

    static func run(_ command: ParsedCommand) throws -> Int32 {
        guard let query = command.argument("query") else {
            throw UsageError("Missing expected argument '<query>'", in: command)
        }
        let path = CommandRunner.databasePath(command)
        guard Store.exists(path: path) else {
            throw CommandError("database '\(path)' does not exist; create it with 'saltpan ingest PATH'")
        }

        let report: ReportTable
        do {
            report = try ReadOnlySQL.run(query, databasePath: path)
        } catch let error as ReadOnlySQLError {
            throw UsageError(error.description, in: command)
        }

        let output = OutputBuffer()
        output.write(ReportRenderer.render(report, as: QueryOptions.outputFormat(command)))
        try output.finish()
        return ExitCode.success
    }
}
