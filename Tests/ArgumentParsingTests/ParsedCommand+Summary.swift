import ArgumentParsing

extension ParsedCommand {
    /// A one-line rendering of everything parsed, for comparing in table-driven tests.
    ///
    /// It lists the path, then each declared option that has a value
    /// (defaults included) in declaration order, then each argument value:
    /// `ingest --format=json --verbose --verbose <paths>=a`.
    var summary: String {
        var parts = [path.joined(separator: " ")]
        for option in command.allOptions {
            parts += summary(of: option)
        }
        for positional in command.positionals {
            parts += arguments(positional.name).map { "<\(positional.name)>=\($0)" }
        }
        return parts.joined(separator: " ")
    }

    private func summary(of option: OptionSpec) -> [String] {
        switch option.kind {
        case .flag:
            return Array(repeating: "--\(option.name)", count: flagCount(option.name))
        case .invertibleFlag:
            return explicitFlag(option.name).map { [$0 ? "--\(option.name)" : "--no-\(option.name)"] } ?? []
        case .value:
            return value(option.name).map { ["--\(option.name)=\($0)"] } ?? []
        case .repeatedValue:
            return values(option.name).map { "--\(option.name)=\($0)" }
        }
    }
}

extension ParseOutcome {
    /// The parsed command's summary, or a marker for help and version output.
    var summary: String {
        switch self {
        case .command(let parsed): parsed.summary
        case .help: "(help)"
        case .version(let version): "(version \(version))"
        }
    }
}
