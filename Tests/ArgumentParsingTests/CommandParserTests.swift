import Testing

@testable import ArgumentParsing

@Suite struct CommandParserTests {
    @Test(arguments: [
        (["ingest", "a.json"], "ingest --format=json <paths>=a.json"),
        (["load", "a.json"], "ingest --format=json <paths>=a.json"),
        (["ingest", "--format", "msgpack", "a"], "ingest --format=msgpack <paths>=a"),
        (["ingest", "--format=msgpack", "a"], "ingest --format=msgpack <paths>=a"),
        (["ingest", "-f", "msgpack", "a"], "ingest --format=msgpack <paths>=a"),
        (["ingest", "-f=msgpack", "a"], "ingest --format=msgpack <paths>=a"),
        (["ingest", "--format", "json", "--format", "msgpack", "a"], "ingest --format=msgpack <paths>=a"),
        (["ingest", "-vqf", "msgpack", "a"], "ingest --format=msgpack --verbose --quiet <paths>=a"),
        (["ingest", "-vv", "-v", "a"], "ingest --format=json --verbose --verbose --verbose <paths>=a"),
        (
            ["ingest", "a", "--quiet", "b", "-p", "x", "c"],
            "ingest --product=x --format=json --quiet <paths>=a <paths>=b <paths>=c"
        ),
        (
            ["ingest", "--product", "a,b", "-p", "c", "x"],
            "ingest --product=a --product=b --product=c --format=json <paths>=x"
        ),
        (["ingest", "--progress", "--no-progress", "a"], "ingest --format=json --no-progress <paths>=a"),
        (["ingest", "--no-progress", "--progress", "a"], "ingest --format=json --progress <paths>=a"),
        (["ingest", "--", "-v", "--db", "-"], "ingest --format=json <paths>=-v <paths>=--db <paths>=-"),
        (["ingest", "a", "--", "--", "-h"], "ingest --format=json <paths>=a <paths>=-- <paths>=-h"),
        (["ingest", "-"], "ingest --format=json <paths>=-"),
        (["ingest", "--db", "-", "a"], "ingest --format=json --db=- <paths>=a"),
        (["ingest", "--limit=-5", "a"], "ingest --format=json --limit=-5 <paths>=a"),
        (["ingest", "-n=-5", "a"], "ingest --format=json --limit=-5 <paths>=a"),
        (["ingest", "--db=", "a"], "ingest --format=json --db= <paths>=a"),
        (["ingest", "--assume-timezone", "UTC", "a"], "ingest --format=json --assume-timezone=UTC <paths>=a"),
        (["job"], "job list"),
        (["job", "--no-header", "-q"], "job list --no-header --quiet"),
        (["job", "list", "--header"], "job list --header"),
        (["job", "show", "20240101", "web1"], "job show --format=table <jid>=20240101 <minion>=web1"),
        (["job", "show", "--format", "csv", "7"], "job show --format=csv <jid>=7"),
        (["export", "-o", "out.jsonl"], "export --output=out.jsonl"),
    ])
    func parsesArguments(arguments: [String], expected: String) throws {
        let outcome = try DemoCommands.parser().parse(arguments)
        #expect(outcome.summary == expected)
    }

    @Test func positionalsKeepCommandLineOrder() throws {
        let outcome = try DemoCommands.parser().parse(["job", "show", "--quiet", "7", "--db", "x.db", "web1"])
        guard case .command(let parsed) = outcome else {
            Issue.record("Expected a command, got \(outcome.summary)")
            return
        }
        #expect(parsed.positionals == ["7", "web1"])
        #expect(parsed.argument("jid") == "7")
        #expect(parsed.argument("minion") == "web1")
        #expect(parsed.commandName == "demo job show")
    }

    @Test func accessorsReportDefaultsAndPresence() throws {
        let parsed = try parseCommand(["job"])
        #expect(parsed.flag("header"))
        #expect(parsed.explicitFlag("header") == nil)
        #expect(!parsed.flag("quiet"))
        #expect(!parsed.isSpecified("db"))
        #expect(parsed.value("db") == nil)

        let ingest = try parseCommand(["ingest", "a"])
        #expect(ingest.value("format") == "json")
        #expect(!ingest.isSpecified("format"))
        #expect(!ingest.flag("progress"))
        #expect(ingest.explicitFlag("progress") == nil)
        #expect(ingest.values("product") == [])
        #expect(ingest.argument("paths") == "a")
    }

    @Test func typedValueConverts() throws {
        let parsed = try parseCommand(["ingest", "-n", "10", "a"])
        #expect(try parsed.value("limit", as: Int.self) == 10)
        #expect(try parsed.value("assume-timezone", as: Int.self) == nil)
    }

    @Test func typedValueRejectsText() throws {
        let parsed = try parseCommand(["ingest", "-n", "ten", "a"])
        #expect(throws: UsageError.self) { try parsed.value("limit", as: Int.self) }
        do {
            _ = try parsed.value("limit", as: Int.self)
        } catch {
            #expect(
                error.description == """
                    Error: The value 'ten' is invalid for '--limit <limit>'
                    Help:  --limit <limit>  Stop after this many records.
                    Usage: \(ingestUsage)
                      See 'demo ingest --help' for more information.
                    """
            )
        }
    }

    @Test func commandErrorHasSameShape() throws {
        let parsed = try parseCommand(["job", "show", "7"])
        let error = UsageError("'--quiet' and '--verbose' cannot be used together.", in: parsed)
        #expect(
            error.description == """
                Error: '--quiet' and '--verbose' cannot be used together.
                Usage: demo job show [--format <format>] [--db <path>] [--quiet] <jid> [<minion>]
                  See 'demo job show --help' for more information.
                """
        )
        #expect(error.exitCode == 64)
    }

    // MARK: - Environment

    @Test(arguments: [
        (["DEMO_DB": "env.db"], ["ingest", "a"], "ingest --format=json --db=env.db <paths>=a"),
        (["DEMO_DB": "env.db"], ["ingest", "--db", "cli.db", "a"], "ingest --format=json --db=cli.db <paths>=a"),
        (["DEMO_DB": ""], ["ingest", "a"], "ingest --format=json <paths>=a"),
        (["DEMO_FORMAT": "json"], ["job", "show", "1"], "job show --format=json <jid>=1"),
        (["DEMO_FORMAT": "json"], ["job", "show", "--format", "csv", "1"], "job show --format=csv <jid>=1"),
        (["DEMO_FORMAT": "xml"], ["job", "show", "--format", "csv", "1"], "job show --format=csv <jid>=1"),
    ])
    func environmentFillsAbsentOptions(environment: [String: String], arguments: [String], expected: String) throws {
        let outcome = try DemoCommands.parser(environment: environment).parse(arguments)
        #expect(outcome.summary == expected)
    }

    @Test func environmentSourceCountsAsSpecified() throws {
        let outcome = try DemoCommands.parser(environment: ["DEMO_DB": "env.db"]).parse(["job"])
        guard case .command(let parsed) = outcome else {
            Issue.record("Expected a command, got \(outcome.summary)")
            return
        }
        #expect(parsed.isSpecified("db"))
    }

    @Test func environmentFillsRequiredAndRepeatedOptions() throws {
        let command = CommandSpec(
            name: "tool",
            options: [
                .value("token", help: "The access token.", isRequired: true, environmentVariable: "TOOL_TOKEN"),
                .repeated("tag", help: "A tag to match.", environmentVariable: "TOOL_TAGS", splitsCommas: true),
            ]
        )
        let environment = ["TOOL_TOKEN": "secret", "TOOL_TAGS": "a,b"]
        let parser = CommandParser(root: command, environment: environment, width: 80)

        #expect(try parser.parse([]).summary == " --token=secret --tag=a --tag=b")
        #expect(try parser.parse(["--tag", "c"]).summary == " --token=secret --tag=c")
    }

    @Test func invalidEnvironmentValueNamesVariable() {
        let parser = DemoCommands.parser(environment: ["DEMO_FORMAT": "xml"])
        #expect(
            errorText(parser, ["job", "show", "1"]) == """
                Error: The value 'xml' from DEMO_FORMAT is invalid for '--format <format>'
                Help:  --format <format>  The output format. (default: table) (values: table, json, csv) (env: DEMO_FORMAT)
                Usage: demo job show [--format <format>] [--db <path>] [--quiet] <jid> [<minion>]
                  See 'demo job show --help' for more information.
                """
        )
    }

    // MARK: - Help and version

    @Test(arguments: [
        [[], ["-h"], ["--help"], ["-help"], ["help"], ["--help", "ingest"], ["-vh"]],
        [
            ["ingest", "-h"], ["ingest", "--help"], ["ingest", "-help"], ["help", "ingest"], ["help", "load"],
            ["load", "--db", "-h"], ["ingest", "--bogus", "--help"], ["ingest", "-qh"],
        ],
        [["job", "--help"], ["job", "-h"], ["help", "job"], ["job", "help"]],
        [
            ["job", "show", "-h"], ["help", "job", "show"], ["job", "help", "show"],
            ["job", "show", "--format", "xml", "--help"], ["help", "job", "show", "--db"],
        ],
    ])
    func helpSpellingsGiveSameText(spellings: [[String]]) throws {
        let parser = DemoCommands.parser()
        let texts = try spellings.map { arguments -> String in
            guard case .help(let text) = try parser.parse(arguments) else {
                Issue.record("No help for \(arguments)")
                return ""
            }
            return text
        }
        #expect(Set(texts).count == 1)
        #expect(texts.first?.hasPrefix("OVERVIEW: ") == true)
    }

    @Test func helpTextForPathMatchesHelpFlag() throws {
        let parser = DemoCommands.parser()
        #expect(try parser.parse(["job", "show", "--help"]) == .help(parser.helpText(for: ["job", "show"]) ?? ""))
        #expect(parser.helpText(for: ["job", "missing"]) == nil)
    }

    @Test(arguments: [
        ["--version"], ["ingest", "--version"], ["job", "show", "1", "--version"], ["-q", "--version"],
    ])
    func versionAnywhere(arguments: [String]) throws {
        #expect(try DemoCommands.parser().parse(arguments) == .version("1.2.3"))
    }

    @Test func helpWinsOverVersion() throws {
        let outcome = try DemoCommands.parser().parse(["--version", "--help"])
        #expect(outcome.summary == "(help)")
    }

    @Test func terminatorHidesHelpAndVersion() throws {
        let outcome = try DemoCommands.parser().parse(["ingest", "--", "--help", "--version"])
        #expect(outcome.summary == "ingest --format=json <paths>=--help <paths>=--version")
    }

    @Test func versionUnknownWithoutVersionString() {
        let parser = CommandParser(root: DemoCommands.root, environment: [:], width: 80)
        #expect(
            errorText(parser, ["--version"]) == """
                Error: Unknown option '--version'
                Usage: demo <subcommand>
                  See 'demo --help' for more information.
                """
        )
        #expect(parser.helpText(for: [])?.contains("--version") == false)
    }

    // MARK: - Errors

    @Test(arguments: [
        (["ingest", "--fromat", "json", "a"], "Unknown option '--fromat'. Did you mean '--format'?"),
        (["ingest", "--formats=json", "a"], "Unknown option '--formats'. Did you mean '--format'?"),
        (["ingest", "--no-progres", "a"], "Unknown option '--no-progres'. Did you mean '--no-progress'?"),
        (["ingest", "--hepl"], "Unknown option '--hepl'. Did you mean '--help'?"),
        (["ingest", "--something-else", "a"], "Unknown option '--something-else'"),
        (["ingest", "--no-quiet", "a"], "Unknown option '--no-quiet'. Did you mean '--quiet'?"),
        (["ingest", "-x", "a"], "Unknown option '-x'"),
        (["ingest", "-vxq", "a"], "Unknown option '-x'"),
        (["ingest", "-nme", "a"], "Unknown option '-m'"),
        (["ingest", "-dbb", "a"], "Unknown option '-dbb'. Did you mean '--db'?"),
        (["ingest", "-verbose", "a"], "Unknown option '-e'"),
        (["ingest", "-5", "a"], "Unknown option '-5'"),
        (["ingest", "--db"], "Missing value for '--db <path>'"),
        (["ingest", "--db", "--quiet", "a"], "Missing value for '--db <path>'"),
        (["ingest", "--db", "--", "a"], "Missing value for '--db <path>'"),
        (["ingest", "--limit", "-5", "a"], "Missing value for '--limit <limit>'"),
        (["ingest", "-n"], "Missing value for '-n <limit>'"),
        (["ingest", "-fv", "json", "a"], "Missing value for '-f <format>'"),
        (
            ["ingest", "-vf=json", "a"],
            "The bundled short options in '-vf=json' cannot take a value after '='. Write '-vf json' instead."
        ),
        (["ingest", "--quiet=yes", "a"], "The option '--quiet' does not take any value, but 'yes' was specified."),
        (["ingest", "-q=yes", "a"], "The option '-q' does not take any value, but 'yes' was specified."),
        (
            ["ingest", "--no-progress=", "a"],
            "The option '--no-progress' does not take any value, but '' was specified."
        ),
        (["ingest", "--version=2", "a"], "The option '--version' does not take any value, but '2' was specified."),
        (["ingest"], "Missing expected argument '<paths> ...'"),
        (["ingest", "--quiet"], "Missing expected argument '<paths> ...'"),
    ])
    func ingestErrors(arguments: [String], message: String) {
        #expect(
            errorText(DemoCommands.parser(), arguments) == """
                Error: \(message)
                Usage: \(ingestUsage)
                  See 'demo ingest --help' for more information.
                """
        )
    }

    @Test(arguments: [
        (["job", "show"], "Missing expected argument '<jid>'"),
        (["job", "show", "1", "2", "3"], "Unexpected argument '3'"),
        (["job", "show", "1", "2", "3", "-", "--", "-x"], "3 unexpected arguments: '3', '-', '-x'"),
    ])
    func showErrors(arguments: [String], message: String) {
        #expect(
            errorText(DemoCommands.parser(), arguments) == """
                Error: \(message)
                Usage: demo job show [--format <format>] [--db <path>] [--quiet] <jid> [<minion>]
                  See 'demo job show --help' for more information.
                """
        )
    }

    @Test func invalidValueListsValidValues() {
        #expect(
            errorText(DemoCommands.parser(), ["ingest", "-f", "xml", "a"]) == """
                Error: The value 'xml' is invalid for '-f <format>'
                Help:  -f <format>  The input format. (default: json) (values: json, msgpack)
                Usage: \(ingestUsage)
                  See 'demo ingest --help' for more information.
                """
        )
    }

    @Test func requiredOptionMissing() {
        #expect(
            errorText(DemoCommands.parser(), ["export"]) == """
                Error: Missing expected argument '--output <output>'
                Usage: demo export --output <output>
                  See 'demo export --help' for more information.
                """
        )
    }

    @Test(arguments: [
        (["bogus"], "Unexpected argument 'bogus'"),
        (["--bogus"], "Unknown option '--bogus'"),
        (["help", "nosuch"], "Unknown subcommand 'nosuch'"),
    ])
    func rootErrors(arguments: [String], message: String) {
        #expect(
            errorText(DemoCommands.parser(), arguments) == """
                Error: \(message)
                Usage: demo <subcommand>
                  See 'demo --help' for more information.
                """
        )
    }

    @Test func unknownNestedHelpSubcommandUsesGroup() {
        #expect(
            errorText(DemoCommands.parser(), ["help", "job", "nosuch"]) == """
                Error: Unknown subcommand 'nosuch'
                Usage: demo job <subcommand>
                  See 'demo job --help' for more information.
                """
        )
    }

    @Test func undeclaredOptionNameStopsProcess() async {
        await #expect(processExitsWith: .failure) {
            let outcome = try DemoCommands.parser().parse(["job", "show", "1"])
            if case .command(let parsed) = outcome {
                _ = parsed.value("no-such-option")
            }
        }
    }

    // MARK: - Helpers

    private let ingestUsage =
        "demo ingest [--product <product> ...] [--format <format>] [--progress] [--no-progress] [--verbose] "
        + "[--limit <limit>] [--assume-timezone <zone>] [--db <path>] [--quiet] <paths> ..."

    private func parseCommand(_ arguments: [String]) throws -> ParsedCommand {
        let outcome = try DemoCommands.parser().parse(arguments)
        guard case .command(let parsed) = outcome else {
            throw UnexpectedOutcome(summary: outcome.summary)
        }
        return parsed
    }

    private struct UnexpectedOutcome: Error {
        var summary: String
    }

    /// Returns the rendered usage error for `arguments`, or a marker when parsing succeeds.
    private func errorText(_ parser: CommandParser, _ arguments: [String]) -> String {
        do {
            let outcome = try parser.parse(arguments)
            return "(no error: \(outcome.summary))"
        } catch {
            return error.description
        }
    }
}
