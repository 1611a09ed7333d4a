/// The result of parsing a command line that names a command to run.
///
/// The caller switches on `path` and reads options and arguments by name.
/// Reading a name that the command does not declare, or reading an option
/// with the wrong accessor for its kind, is a programming error and stops
/// the process with a precondition failure that names the option.
public struct ParsedCommand: Sendable, Equatable {
    /// The primary names of the subcommands after the tool name, even when an alias was typed.
    ///
    /// The path is empty when the root command runs, and includes a default
    /// subcommand chosen because no subcommand was named.
    public let path: [String]

    /// Every positional value, in command-line order.
    public let positionals: [String]

    /// The specification of the command that was parsed.
    public let command: CommandSpec

    /// The tool name followed by the subcommand names, such as `demo job show`.
    public let commandName: String

    /// The command's synopsis, for `UsageError` lines.
    public let usage: String

    let flagCounts: [String: Int]
    let flagStates: [String: Bool]
    let optionValues: [String: [String]]
    let argumentValues: [String: [String]]

    /// Returns whether a flag is set.
    ///
    /// For a flag pair this is the last of `--name` and `--no-name` given,
    /// otherwise the pair's default, otherwise false.
    public func flag(_ name: String) -> Bool {
        let option = declaredOption(name)
        switch option.kind {
        case .flag:
            return flagCount(name) > 0
        case .invertibleFlag(let defaultValue):
            return flagStates[name] ?? defaultValue ?? false
        case .value, .repeatedValue:
            preconditionFailure("Option '--\(name)' takes a value; read it with value(_:) or values(_:)")
        }
    }

    /// Returns the state of a flag pair as given on the command line, or nil when neither spelling was given.
    public func explicitFlag(_ name: String) -> Bool? {
        let option = declaredOption(name)
        guard case .invertibleFlag = option.kind else {
            preconditionFailure("Option '--\(name)' is not a flag pair such as '--\(name)/--no-\(name)'")
        }
        return flagStates[name]
    }

    /// Returns how many times a flag was given, so that `-vv` counts 2.
    public func flagCount(_ name: String) -> Int {
        let option = declaredOption(name)
        precondition(option.kind == .flag, "Option '--\(name)' is not a plain flag")
        return flagCounts[name] ?? 0
    }

    /// Returns an option's value: the last one given, else its environment variable, else its default.
    public func value(_ name: String) -> String? {
        let option = declaredOption(name)
        precondition(option.kind == .value, "Option '--\(name)' does not take a single value")
        return optionValues[name]?.last ?? option.defaultValue
    }

    /// Returns an option's value converted to `type`, or nil when the option has no value.
    ///
    /// - Throws: `UsageError` naming the value and the option when the
    ///   conversion fails, such as `The value 'ten' is invalid for '--limit <limit>'`.
    public func value<Value: LosslessStringConvertible>(
        _ name: String,
        as type: Value.Type
    ) throws(UsageError) -> Value? {
        guard let text = value(name) else {
            return nil
        }
        guard let converted = Value(text) else {
            let option = declaredOption(name)
            let label = option.label(spelledAs: "--\(name)")
            throw UsageError(
                "The value '\(text)' is invalid for '\(label)'",
                usage: usage,
                commandName: commandName,
                help: HelpFormatter.helpLine(label: label, description: HelpFormatter.description(of: option))
            )
        }
        return converted
    }

    /// Returns a repeated option's values in order, else its environment variable's, else its default.
    public func values(_ name: String) -> [String] {
        let option = declaredOption(name)
        precondition(option.kind == .repeatedValue, "Option '--\(name)' is not a repeated option")
        return optionValues[name] ?? option.defaultValue.map { [$0] } ?? []
    }

    /// Returns whether an option was given on the command line or through its environment variable.
    public func isSpecified(_ name: String) -> Bool {
        _ = declaredOption(name)
        return flagCounts[name] != nil || flagStates[name] != nil || optionValues[name] != nil
    }

    /// Returns the value of a positional argument, or nil when an optional one is absent.
    public func argument(_ name: String) -> String? {
        arguments(name).first
    }

    /// Returns the values of a positional argument, which a repeated argument may have many of.
    public func arguments(_ name: String) -> [String] {
        precondition(
            command.positionals.contains { $0.name == name },
            "Command '\(commandName)' has no argument '<\(name)>'"
        )
        return argumentValues[name] ?? []
    }

    private func declaredOption(_ name: String) -> OptionSpec {
        guard let option = command.allOptions.first(where: { $0.name == name }) else {
            preconditionFailure("Command '\(commandName)' has no option '--\(name)'")
        }
        return option
    }
}
