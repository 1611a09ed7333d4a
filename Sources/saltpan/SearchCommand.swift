import ArgumentParsing
import SaltPanCore

/// `saltpan search TEXT`: full-text search over outputs and state comments.
enum SearchCommand {
    static let spec = CommandSpec(
        name: "search",
        abstract: "Search the text of returns: command output, state comments and error messages.",
        discussion: """
            TEXT matches returns holding every word, in any order and case; a word ending in '*' \
            matches as a prefix. With --fts, TEXT is an SQLite FTS5 query ("exact phrase", OR, \
            NOT, NEAR). Hits are listed newest jid first with a snippet, matches between '**'. \
            The search index is brought up to date with returns ingested since the last search \
            first, which takes a while after a large ingest.

            \(Commands.exitStatusText)
            """,
        options: [
            .flag("fts", help: "Read TEXT as an FTS5 query instead of plain words."),
            QueryOptions.limitOption(defaultValue: 50, rows: "hits"),
        ],
        optionGroups: [QueryOptions.format, QueryOptions.filters, Commands.database],
        positionals: [PositionalSpec("text", help: "The words to search for.")]
    )

    static func run(_ command: ParsedCommand) throws -> Int32 {
        guard let text = command.argument("text") else {
            throw UsageError("Missing expected argument '<text>'", in: command)
        }
        let format = QueryOptions.outputFormat(command)
        let filter = try QueryOptions.filter(command)
        let limit = try QueryOptions.limit(command)
        let store = try CommandRunner.openStore(command)
        try SearchIndex.updateSearchIndex(database: store.database)

        let hits: [SearchHit]
        do {
            hits = try SearchQuery.search(
                text,
                isFTSQuery: command.flag("fts"),
                in: store,
                filter: filter,
                limit: limit
            )
        } catch let error as QueryInputError {
            throw UsageError("The value '\(error.value)' is invalid for '<text>': \(error.reason)", in: command)
        }

        let output = OutputBuffer()
        output.write(ReportRenderer.render(SearchRenderer.report(hits), as: format))
        try output.finish()
        return ExitCode.success
    }
}
