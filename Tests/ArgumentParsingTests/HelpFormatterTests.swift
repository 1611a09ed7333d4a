import Testing

@testable import ArgumentParsing

@Suite struct HelpFormatterTests {
    @Test func rootHelp() {
        #expect(
            DemoCommands.parser().helpText(for: []) == """
                OVERVIEW: Load records into a database and report on them.

                USAGE: demo <subcommand>

                OPTIONS:
                  --version               Show the version.
                  -h, --help              Show help information.

                SUBCOMMANDS:
                  ingest, load            Read record files into the database.
                  job                     Inspect jobs.
                  export                  Write the database as JSON lines.

                  See 'demo help <subcommand>' for detailed help.
                """
        )
    }

    @Test func leafHelpWithEveryOptionKind() {
        #expect(
            DemoCommands.parser().helpText(for: ["ingest"]) == """
                OVERVIEW: Read record files into the database.

                Files are read in the order given. Use '-' to read standard input.

                USAGE: demo ingest [--product <product> ...] [--format <format>] [--progress]
                       [--no-progress] [--verbose] [--limit <limit>] [--assume-timezone <zone>]
                       [--db <path>] [--quiet] <paths> ...

                ARGUMENTS:
                  <paths>                 The files to read.

                OPTIONS:
                  -p, --product <product> Keep only records of this product.
                  -f, --format <format>   The input format. (default: json) (values: json,
                                          msgpack)
                  --progress/--no-progress
                                          Show a progress line on standard error.
                  -v, --verbose           Print more detail. Repeat the flag for even more.
                  -n, --limit <limit>     Stop after this many records.
                  --assume-timezone <zone>
                                          The time zone of timestamps that have none.
                  --db <path>             The database file. (env: DEMO_DB)
                  -q, --quiet             Print nothing but errors.
                  --version               Show the version.
                  -h, --help              Show help information.

                """
        )
    }

    @Test func nestedGroupHelp() {
        #expect(
            DemoCommands.parser().helpText(for: ["job"]) == """
                OVERVIEW: Inspect jobs.

                USAGE: demo job <subcommand>

                OPTIONS:
                  --version               Show the version.
                  -h, --help              Show help information.

                SUBCOMMANDS:
                  list (default)          List jobs.
                  show                    Print one job.

                  See 'demo help job <subcommand>' for detailed help.
                """
        )
    }

    @Test func nestedLeafHelp() {
        #expect(
            DemoCommands.parser().helpText(for: ["job", "show"]) == """
                OVERVIEW: Print one job.

                USAGE: demo job show [--format <format>] [--db <path>] [--quiet] <jid>
                       [<minion>]

                ARGUMENTS:
                  <jid>                   The job id.
                  <minion>                Show only this minion's result.

                OPTIONS:
                  --format <format>       The output format. (default: table) (values: table,
                                          json, csv) (env: DEMO_FORMAT)
                  --db <path>             The database file. (env: DEMO_DB)
                  -q, --quiet             Print nothing but errors.
                  --version               Show the version.
                  -h, --help              Show help information.

                """
        )
    }

    @Test func narrowWidthWrapsEverySection() {
        #expect(
            DemoCommands.parser(width: 50).helpText(for: ["job", "list"]) == """
                OVERVIEW: List jobs.

                USAGE: demo job list [--header] [--no-header]
                       [--db <path>] [--quiet]

                OPTIONS:
                  --header/--no-header    Print a header row.
                                          (default: --header)
                  --db <path>             The database file. (env:
                                          DEMO_DB)
                  -q, --quiet             Print nothing but
                                          errors.
                  --version               Show the version.
                  -h, --help              Show help information.

                """
        )
    }

    @Test(arguments: [40, 50, 80, 120])
    func linesFitWidth(width: Int) {
        let parser = DemoCommands.parser(width: width)
        for path in [[], ["ingest"], ["job"], ["job", "list"], ["job", "show"], ["export"]] {
            let text = parser.helpText(for: path) ?? ""
            for line in text.split(separator: "\n") {
                #expect(line.count <= width, "\(path): \(line)")
            }
        }
    }

    @Test func discussionKeepsLinesAndIndentation() {
        let command = CommandSpec(
            name: "tool",
            abstract: "Do one thing.",
            discussion: "Examples:\n\n  tool --all first second third fourth fifth sixth seventh\n\nThe end."
        )
        let parser = CommandParser(root: command, environment: [:], width: 50)
        #expect(
            parser.helpText(for: []) == """
                OVERVIEW: Do one thing.

                Examples:

                  tool --all first second third fourth fifth sixth
                  seventh

                The end.

                USAGE: tool

                OPTIONS:
                  -h, --help              Show help information.

                """
        )
    }

    @Test(arguments: [
        ("one two three four", 9, ["one two", "three", "four"]),
        ("averyveryverylongword x", 5, ["averyveryverylongword", "x"]),
        ("a\n\nb", 10, ["a", "", "b"]),
        ("", 10, [""]),
    ])
    func wrapBreaksAtSpaces(text: String, width: Int, expected: [String]) {
        #expect(HelpFormatter.wrap(text, to: width) == expected)
    }
}
