/// Matches the arguments after the subcommand names against one command's options and positionals.
///
/// Options are matched left to right as they appear. Then options that are
/// still absent are read from their environment variables, required options
/// and positionals are checked, and positional values are assigned to the
/// declared arguments in order. The first problem found is thrown.
struct CommandMatcher {
    /// The commands from the root to the one being matched.
    let commands: [CommandSpec]

    /// The environment that options fall back to.
    let environment: [String: String]

    /// Whether `--version` is a built-in option.
    let recognizesVersion: Bool

    private var flagCounts: [String: Int] = [:]
    private var flagStates: [String: Bool] = [:]
    private var optionValues: [String: [String]] = [:]
    private var positionalValues: [String] = []

    init(commands: [CommandSpec], environment: [String: String], recognizesVersion: Bool) {
        self.commands = commands
        self.environment = environment
        self.recognizesVersion = recognizesVersion
    }

    private var command: CommandSpec { commands[commands.count - 1] }

    /// Matches `tokens` and returns the parsed command.
    mutating func match(_ tokens: ArraySlice<ArgumentToken>) throws(UsageError) -> ParsedCommand {
        var remaining = tokens
        while let token = remaining.popFirst() {
            switch token.kind {
            case .terminator:
                continue
            case .value(let value):
                positionalValues.append(value)
            case .long(let name, let value):
                try matchLong(name: name, attachedValue: value, remaining: &remaining)
            case .shorts(let letters, let value):
                try matchShorts(letters, attachedValue: value, token: token, remaining: &remaining)
            }
        }

        try readEnvironment()
        try checkRequiredOptions()
        let argumentValues = try assignPositionals()

        return ParsedCommand(
            path: commands.dropFirst().map(\.name),
            positionals: positionalValues,
            command: command,
            commandName: commandName,
            usage: HelpFormatter.synopsis(for: commands),
            flagCounts: flagCounts,
            flagStates: flagStates,
            optionValues: optionValues,
            argumentValues: argumentValues
        )
    }

    // MARK: - Options

    private mutating func matchLong(
        name: String,
        attachedValue: String?,
        remaining: inout ArraySlice<ArgumentToken>
    ) throws(UsageError) {
        let spelling = "--\(name)"
        if name == "help" || (name == "version" && recognizesVersion) {
            // A bare `--help` or `--version` was handled before matching, so a value is attached.
            throw doesNotTakeValue(spelling, value: attachedValue ?? "")
        }

        if let option = command.allOptions.first(where: { $0.name == name }) {
            try apply(option, spelling: spelling, attachedValue: attachedValue, remaining: &remaining)
            return
        }

        if name.hasPrefix("no-"), let option = invertibleOption(named: String(name.dropFirst(3))) {
            if let attachedValue {
                throw doesNotTakeValue(spelling, value: attachedValue)
            }
            flagStates[option.name] = false
            return
        }

        throw unknownOption(spelling, suggestingFor: name)
    }

    private mutating func matchShorts(
        _ letters: [Character],
        attachedValue: String?,
        token: ArgumentToken,
        remaining: inout ArraySlice<ArgumentToken>
    ) throws(UsageError) {
        let options = letters.map { letter in command.allOptions.first { $0.shortName == letter } }
        if letters.isEmpty || options.allSatisfy({ $0 == nil }) {
            // Report the whole argument, because it may be a mistyped long name such as `-nmae`.
            let spelling = letters.isEmpty ? token.text : "-\(String(letters))"
            throw unknownOption(spelling, suggestingFor: letters.count > 1 ? String(letters) : nil)
        }
        if letters.count > 1, let attachedValue {
            throw makeError(
                "The bundled short options in '\(token.text)' cannot take a value after '='. "
                    + "Write '-\(String(letters)) \(attachedValue)' instead."
            )
        }

        if let unknown = options.firstIndex(where: { $0 == nil }) {
            throw unknownOption("-\(letters[unknown])", suggestingFor: nil)
        }

        for (offset, (letter, option)) in zip(letters, options.compactMap { $0 }).enumerated() {
            let spelling = "-\(letter)"
            let isLast = offset == letters.count - 1
            if option.takesValue && !isLast {
                throw makeError("Missing value for '\(option.label(spelledAs: spelling))'")
            }
            try apply(option, spelling: spelling, attachedValue: attachedValue, remaining: &remaining)
        }
    }

    private mutating func apply(
        _ option: OptionSpec,
        spelling: String,
        attachedValue: String?,
        remaining: inout ArraySlice<ArgumentToken>
    ) throws(UsageError) {
        switch option.kind {
        case .flag, .invertibleFlag:
            if let attachedValue {
                throw doesNotTakeValue(spelling, value: attachedValue)
            }
            if option.kind == .flag {
                flagCounts[option.name, default: 0] += 1
            } else {
                flagStates[option.name] = true
            }

        case .value, .repeatedValue:
            let label = option.label(spelledAs: spelling)
            guard let value = attachedValue ?? takeValue(from: &remaining) else {
                throw makeError("Missing value for '\(label)'")
            }
            try store(value, for: option, label: label, source: nil)
        }
    }

    /// Removes and returns the next token if it is a plain value, so an option value never starts with a dash.
    private func takeValue(from remaining: inout ArraySlice<ArgumentToken>) -> String? {
        guard let next = remaining.first, case .value(let value) = next.kind else {
            return nil
        }
        remaining.removeFirst()
        return value
    }

    /// Validates and records `value`, where `source` is the environment variable it came from, if any.
    private mutating func store(
        _ value: String,
        for option: OptionSpec,
        label: String,
        source: String?
    ) throws(UsageError) {
        let pieces: [String]
        if option.kind == .repeatedValue && option.splitsCommas {
            pieces = value.split(separator: ",").map(String.init)
        } else {
            pieces = [value]
        }

        for piece in pieces where !option.allowedValues.isEmpty && !option.allowedValues.contains(piece) {
            let origin = source.map { " from \($0)" } ?? ""
            throw makeError(
                "The value '\(piece)'\(origin) is invalid for '\(label)'",
                help: HelpFormatter.helpLine(label: label, description: HelpFormatter.description(of: option))
            )
        }

        if option.kind == .value {
            optionValues[option.name] = pieces
        } else {
            optionValues[option.name, default: []] += pieces
        }
    }

    private func invertibleOption(named name: String) -> OptionSpec? {
        command.allOptions.first { option in
            guard case .invertibleFlag = option.kind else { return false }
            return option.name == name
        }
    }

    // MARK: - Checks after matching

    private mutating func readEnvironment() throws(UsageError) {
        for option in command.allOptions where option.takesValue && optionValues[option.name] == nil {
            guard let variable = option.environmentVariable,
                let value = environment[variable], !value.isEmpty
            else { continue }
            try store(value, for: option, label: option.label(spelledAs: "--\(option.name)"), source: variable)
        }
    }

    private func checkRequiredOptions() throws(UsageError) {
        for option in command.allOptions where option.isRequired && optionValues[option.name] == nil {
            throw makeError("Missing expected argument '\(option.label(spelledAs: "--\(option.name)"))'")
        }
    }

    private func assignPositionals() throws(UsageError) -> [String: [String]] {
        var assigned: [String: [String]] = [:]
        var values = positionalValues[...]

        for positional in command.positionals {
            if positional.isRepeated {
                assigned[positional.name] = Array(values)
                values = []
            } else if let value = values.popFirst() {
                assigned[positional.name] = [value]
            }

            if positional.isRequired && (assigned[positional.name] ?? []).isEmpty {
                throw makeError("Missing expected argument '\(positional.label)'")
            }
        }

        if values.count == 1, let value = values.first {
            throw makeError("Unexpected argument '\(value)'")
        }
        if values.count > 1 {
            let list = values.map { "'\($0)'" }.joined(separator: ", ")
            throw makeError("\(values.count) unexpected arguments: \(list)")
        }
        return assigned
    }

    // MARK: - Errors

    private var commandName: String {
        commands.map(\.name).joined(separator: " ")
    }

    private func makeError(_ message: String, help: String? = nil) -> UsageError {
        UsageError(message, usage: HelpFormatter.synopsis(for: commands), commandName: commandName, help: help)
    }

    private func doesNotTakeValue(_ spelling: String, value: String) -> UsageError {
        makeError("The option '\(spelling)' does not take any value, but '\(value)' was specified.")
    }

    /// Builds an unknown-option error, suggesting the closest long name to `typedName` if there is one.
    private func unknownOption(_ spelling: String, suggestingFor typedName: String?) -> UsageError {
        var candidates: [String] = []
        for option in command.allOptions {
            candidates.append(option.name)
            if case .invertibleFlag = option.kind {
                candidates.append("no-\(option.name)")
            }
        }
        if recognizesVersion {
            candidates.append("version")
        }
        candidates.append("help")

        guard let typedName, let suggestion = closestName(to: typedName, among: candidates) else {
            return makeError("Unknown option '\(spelling)'")
        }
        return makeError("Unknown option '\(spelling)'. Did you mean '--\(suggestion)'?")
    }
}
