/// Parses command lines against a tree of command specifications.
///
/// Parsing first follows subcommand names from the root, stopping at the
/// first argument that does not name a subcommand. A help request
/// (`-h`, `--help`, `-help` anywhere before `--`, or `help <subcommand>…`
/// in place of a subcommand) then returns that level's help and ignores
/// everything else, and `--version` returns the version. Otherwise a group
/// command descends into its default subcommand, and the remaining
/// arguments are matched against the command's options and positionals.
public struct CommandParser: Sendable {
    /// The root command, whose name is the tool name.
    public let root: CommandSpec

    /// The text that `--version` prints.
    ///
    /// When it is nil, `--version` is an unknown option.
    public let version: String?

    /// The environment that options with an environment variable fall back to.
    public let environment: [String: String]

    /// The width in columns that help text wraps to.
    public let width: Int

    /// Creates a parser.
    ///
    /// `environment` defaults to the process environment. `width` defaults to
    /// `terminalWidth(environment:)`, which reads `COLUMNS` from `environment`.
    public init(root: CommandSpec, version: String? = nil, environment: [String: String]? = nil, width: Int? = nil) {
        let environment = environment ?? environmentVariables()
        self.root = root
        self.version = version
        self.environment = environment
        self.width = width ?? terminalWidth(environment: environment)
    }

    /// Parses `arguments`, which exclude the program name (`CommandLine.arguments.dropFirst()`).
    ///
    /// - Throws: `UsageError` when the arguments do not fit the command tree.
    public func parse(_ arguments: [String]) throws(UsageError) -> ParseOutcome {
        let tokens = ArgumentToken.split(arguments)
        var commands = [root]
        var position = tokens.startIndex

        while position < tokens.endIndex, case .value(let word) = tokens[position].kind,
            let subcommand = commands[commands.count - 1].subcommand(named: word)
        {
            commands.append(subcommand)
            position += 1
        }
        let remaining = tokens[position...]

        if Self.requestsHelp(remaining) {
            return .help(helpText(for: commands))
        }
        if let version, Self.requestsVersion(remaining) {
            return .version(version)
        }
        if let helpCommands = try helpSubcommandPath(from: commands, arguments: remaining) {
            return .help(helpText(for: helpCommands))
        }

        while let name = commands[commands.count - 1].defaultSubcommand,
            let subcommand = commands[commands.count - 1].subcommand(named: name)
        {
            commands.append(subcommand)
        }

        var matcher = CommandMatcher(commands: commands, environment: environment, recognizesVersion: version != nil)
        let parsed = try matcher.match(remaining)
        if !parsed.command.subcommands.isEmpty {
            return .help(helpText(for: commands))
        }
        return .command(parsed)
    }

    /// Returns the help text of the command at `path` (subcommand names or aliases after the tool name),
    /// or nil when no command has that path.
    public func helpText(for path: [String]) -> String? {
        var commands = [root]
        for name in path {
            guard let subcommand = commands[commands.count - 1].subcommand(named: name) else {
                return nil
            }
            commands.append(subcommand)
        }
        return helpText(for: commands)
    }

    private func helpText(for commands: [CommandSpec]) -> String {
        HelpFormatter(commands: commands, recognizesVersion: version != nil, width: width).render()
    }

    /// Returns the commands named by `help <subcommand>…`, or nil when the arguments do not start with `help`.
    ///
    /// `help` counts only in a group command that has no subcommand called
    /// `help`. Options after it are ignored, as with `--help`.
    private func helpSubcommandPath(
        from commands: [CommandSpec],
        arguments: ArraySlice<ArgumentToken>
    ) throws(UsageError) -> [CommandSpec]? {
        let group = commands[commands.count - 1]
        guard case .value("help")? = arguments.first?.kind, !group.subcommands.isEmpty else {
            return nil
        }

        var helpCommands = commands
        for token in arguments.dropFirst() {
            guard case .value(let name) = token.kind else {
                break
            }
            guard let subcommand = helpCommands[helpCommands.count - 1].subcommand(named: name) else {
                let usage = HelpFormatter.synopsis(for: helpCommands)
                let commandName = helpCommands.map(\.name).joined(separator: " ")
                throw UsageError("Unknown subcommand '\(name)'", usage: usage, commandName: commandName)
            }
            helpCommands.append(subcommand)
        }
        return helpCommands
    }

    private static func requestsHelp(_ tokens: ArraySlice<ArgumentToken>) -> Bool {
        for token in tokens {
            switch token.kind {
            case .terminator:
                return false
            case .long("help", nil):
                return true
            case .shorts(let letters, nil) where letters.contains("h"):
                return true
            case .long, .shorts, .value:
                continue
            }
        }
        return false
    }

    private static func requestsVersion(_ tokens: ArraySlice<ArgumentToken>) -> Bool {
        for token in tokens {
            if token.kind == .terminator {
                return false
            }
            if token.kind == .long(name: "version", value: nil) {
                return true
            }
        }
        return false
    }
}
