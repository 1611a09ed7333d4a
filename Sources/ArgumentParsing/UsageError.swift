/// A command line that cannot be run as written, reported in the shape swift-argument-parser uses.
///
/// The text, from `description`, has three or four lines:
///
///     Error: Missing value for '--db <db>'
///     Help:  --db <db>  The database file.
///     Usage: demo ingest [--db <db>] <paths> ...
///       See 'demo ingest --help' for more information.
///
/// The `Help:` line appears only when the error names an option or argument
/// that has help text. Write the text to standard error and exit with
/// `exitCode` (64, `EX_USAGE`). Commands raise their own validation errors
/// with `init(_:in:)`, so those look the same.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The sentence after `Error: `, with the offending value in single quotes.
    public var message: String

    /// The label and help text of the option or argument at fault, printed after `Help:  `.
    public var help: String?

    /// The command's synopsis without the `Usage: ` prefix, such as `demo ingest [--db <db>]`.
    public var usage: String

    /// The tool name followed by the subcommand names, such as `demo ingest`.
    public var commandName: String

    /// Creates an error from its parts.
    public init(_ message: String, usage: String, commandName: String, help: String? = nil) {
        self.message = message
        self.help = help
        self.usage = usage
        self.commandName = commandName
    }

    /// Creates an error raised by a command after parsing, such as a check that two options are not both given.
    public init(_ message: String, in command: ParsedCommand) {
        self.init(message, usage: command.usage, commandName: command.commandName)
    }

    /// The process exit status for usage errors.
    public var exitCode: Int32 { ExitCode.usage }

    /// The error text, without a trailing newline, ready for `print(_:to:)`.
    public var description: String {
        var lines = ["Error: \(message)"]
        if let help {
            lines.append("Help:  \(help)")
        }
        lines.append("Usage: \(usage)")
        lines.append("  See '\(commandName) --help' for more information.")
        return lines.joined(separator: "\n")
    }
}
