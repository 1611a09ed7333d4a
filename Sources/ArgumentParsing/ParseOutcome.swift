/// The result of parsing a command line: a command to run, help text or the version.
///
/// Print `help` and `version` text to standard output with `print` and exit
/// with `ExitCode.success`.
public enum ParseOutcome: Sendable, Equatable {
    /// A command to run.
    case command(ParsedCommand)

    /// Help text, for `-h`, `--help`, `-help`, `help <subcommand>`, or a group command named without a subcommand.
    case help(String)

    /// The version string, for `--version`.
    case version(String)
}
