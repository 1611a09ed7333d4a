/// The description of a command or subcommand, from which both parsing and help text are derived.
///
/// A command with subcommands is a group. Run without a subcommand, a group
/// runs its default subcommand. A group without a default subcommand has
/// nothing to run, so parsing returns its help text.
public struct CommandSpec: Sendable, Equatable {
    /// The name typed on the command line, in kebab-case.
    public var name: String

    /// Other names accepted for this command, shown after the name in the parent's help.
    public var aliases: [String]

    /// The one-line summary for the OVERVIEW line and the parent's subcommand list.
    public var abstract: String

    /// Paragraphs printed after the OVERVIEW line, where each line of the text is wrapped on its own.
    public var discussion: String

    /// The command's own options.
    public var options: [OptionSpec]

    /// Shared option groups, whose options follow the command's own.
    public var optionGroups: [OptionGroup]

    /// The positional arguments, in order.
    public var positionals: [PositionalSpec]

    /// The subcommands, in the order help lists them.
    public var subcommands: [CommandSpec]

    /// The name of the subcommand that runs when none is named.
    public var defaultSubcommand: String?

    /// Creates a command.
    public init(
        name: String,
        aliases: [String] = [],
        abstract: String = "",
        discussion: String = "",
        options: [OptionSpec] = [],
        optionGroups: [OptionGroup] = [],
        positionals: [PositionalSpec] = [],
        subcommands: [CommandSpec] = [],
        defaultSubcommand: String? = nil
    ) {
        self.name = name
        self.aliases = aliases
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.optionGroups = optionGroups
        self.positionals = positionals
        self.subcommands = subcommands
        self.defaultSubcommand = defaultSubcommand
    }

    /// The command's own options followed by those of its groups.
    public var allOptions: [OptionSpec] {
        options + optionGroups.flatMap(\.options)
    }

    /// Returns the subcommand called `name` or having it as an alias.
    func subcommand(named name: String) -> CommandSpec? {
        subcommands.first { $0.name == name || $0.aliases.contains(name) }
    }
}
