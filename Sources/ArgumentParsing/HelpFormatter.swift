/// Renders help text and usage lines from command specifications, in swift-argument-parser's layout.
///
/// Help has these parts, separated by blank lines: `OVERVIEW:` with the
/// abstract and then the discussion, `USAGE:` with the synopsis,
/// `ARGUMENTS:`, `OPTIONS:` (ending with `--version` and `-h, --help`) and
/// `SUBCOMMANDS:` followed by a pointer to `help <subcommand>`. Each row is
/// indented 2 spaces, and descriptions start at column 26 and wrap to the
/// width. A label that does not fit before column 26 sits on its own line.
/// The synopsis continues on lines indented 7 spaces, the width of `USAGE: `.
struct HelpFormatter {
    /// The spaces before each row's label.
    static let rowIndent = 2

    /// The column where row descriptions start.
    static let labelColumnWidth = 26

    /// The commands from the root to the one whose help is rendered.
    let commands: [CommandSpec]

    /// Whether to list `--version`.
    let recognizesVersion: Bool

    /// The maximum line length in columns, which only a single word longer than a line exceeds.
    let width: Int

    private var command: CommandSpec { commands[commands.count - 1] }

    /// Returns the help text for printing with `print`, which adds the final newline.
    ///
    /// As in swift-argument-parser, the text of a command without
    /// subcommands already ends with a newline, so its printed help ends
    /// with a blank line.
    func render() -> String {
        var text = ""
        let overview = renderOverview()
        if !overview.isEmpty {
            text += overview + "\n\n"
        }
        text += renderUsage() + "\n\n"

        let sections = [
            renderSection("ARGUMENTS", rows: argumentRows()),
            renderSection("OPTIONS", rows: optionRows()),
            renderSection("SUBCOMMANDS", rows: subcommandRows()),
        ]
        text += sections.compactMap { $0 }.joined(separator: "\n")

        if !command.subcommands.isEmpty {
            let names = [commands[0].name, "help"] + commands.dropFirst().map(\.name) + ["<subcommand>"]
            let pointer = "  See '\(names.joined(separator: " "))' for detailed help."
            text += "\n" + Self.wrap(pointer, to: width).joined(separator: "\n")
        }
        return text
    }

    // MARK: - Parts

    private func renderOverview() -> String {
        var paragraphs: [String] = []
        if !command.abstract.isEmpty {
            paragraphs.append(Self.wrap("OVERVIEW: \(command.abstract)", to: width).joined(separator: "\n"))
        }
        if !command.discussion.isEmpty {
            paragraphs.append(Self.wrap(command.discussion, to: width).joined(separator: "\n"))
        }
        return paragraphs.joined(separator: "\n\n")
    }

    private func renderUsage() -> String {
        let elements = Self.synopsisElements(for: commands)
        let hangingIndent = String(repeating: " ", count: "USAGE: ".count)
        var lines: [String] = []
        var line = "USAGE:"

        for element in elements {
            if line == "USAGE:" {
                line += " " + element
            } else if line.count + 1 + element.count <= width {
                line += " " + element
            } else {
                lines.append(line)
                line = hangingIndent + element
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    private func renderSection(_ title: String, rows: [(label: String, description: String)]) -> String? {
        guard !rows.isEmpty else {
            return nil
        }
        return "\(title):\n" + rows.map { renderRow(label: $0.label, description: $0.description) }.joined()
    }

    private func renderRow(label: String, description: String) -> String {
        let paddedLabel = String(repeating: " ", count: Self.rowIndent) + label
        let descriptionColumn = String(repeating: " ", count: Self.labelColumnWidth)
        var lines = Self.wrap(description, to: max(width - Self.labelColumnWidth, 10))[...]
        var text = paddedLabel

        if description.isEmpty {
            lines = []
        } else if paddedLabel.count < Self.labelColumnWidth, let first = lines.popFirst() {
            text += String(repeating: " ", count: Self.labelColumnWidth - paddedLabel.count) + first
        }
        text += "\n"

        for line in lines {
            text += (line.isEmpty ? "" : descriptionColumn + line) + "\n"
        }
        return text
    }

    // MARK: - Rows

    private func argumentRows() -> [(label: String, description: String)] {
        command.positionals.map { ("<\($0.name)>", $0.help) }
    }

    private func optionRows() -> [(label: String, description: String)] {
        var rows = command.allOptions.map { (Self.label(of: $0), Self.description(of: $0)) }
        if recognizesVersion {
            rows.append(("--version", "Show the version."))
        }
        rows.append(("-h, --help", "Show help information."))
        return rows
    }

    private func subcommandRows() -> [(label: String, description: String)] {
        command.subcommands.map { subcommand in
            var label = ([subcommand.name] + subcommand.aliases).joined(separator: ", ")
            if subcommand.name == command.defaultSubcommand {
                label += " (default)"
            }
            return (label, subcommand.abstract)
        }
    }

    // MARK: - Shared with errors

    /// Returns an option's help label, such as `-f, --format <format>` or `--color/--no-color`.
    static func label(of option: OptionSpec) -> String {
        let short = option.shortName.map { "-\($0), " } ?? ""
        switch option.kind {
        case .flag:
            return "\(short)--\(option.name)"
        case .invertibleFlag:
            return "\(short)--\(option.name)/--no-\(option.name)"
        case .value, .repeatedValue:
            return "\(short)--\(option.name) <\(option.valueName)>"
        }
    }

    /// Returns an option's help text followed by its default, allowed values and environment variable.
    static func description(of option: OptionSpec) -> String {
        var parts = option.help.isEmpty ? [] : [option.help]

        if case .invertibleFlag(let defaultValue?) = option.kind {
            parts.append("(default: --\(defaultValue ? "" : "no-")\(option.name))")
        } else if let defaultValue = option.defaultValue {
            parts.append("(default: \(defaultValue))")
        }
        if !option.allowedValues.isEmpty {
            parts.append("(values: \(option.allowedValues.joined(separator: ", ")))")
        }
        if let variable = option.environmentVariable {
            parts.append("(env: \(variable))")
        }
        return parts.joined(separator: " ")
    }

    /// Returns the text after `Help:` in an error, or nil when there is no description to show.
    static func helpLine(label: String, description: String) -> String? {
        description.isEmpty ? nil : "\(label)  \(description)"
    }

    /// Returns the synopsis on one line, such as `demo ingest [--db <db>] <paths> ...`.
    static func synopsis(for commands: [CommandSpec]) -> String {
        synopsisElements(for: commands).joined(separator: " ")
    }

    /// Returns the synopsis as units that line wrapping keeps whole: names, options and arguments.
    private static func synopsisElements(for commands: [CommandSpec]) -> [String] {
        guard let command = commands.last else {
            return []
        }
        var elements = commands.map(\.name)

        for option in command.allOptions {
            let placeholder = "--\(option.name) <\(option.valueName)>"
            switch (option.kind, option.isRequired) {
            case (.flag, _):
                elements.append("[--\(option.name)]")
            case (.invertibleFlag, _):
                elements.append("[--\(option.name)]")
                elements.append("[--no-\(option.name)]")
            case (.value, false):
                elements.append("[\(placeholder)]")
            case (.value, true):
                elements.append(placeholder)
            case (.repeatedValue, false):
                elements.append("[\(placeholder) ...]")
            case (.repeatedValue, true):
                elements.append("\(placeholder) ...")
            }
        }

        for positional in command.positionals {
            elements.append(positional.isRequired ? positional.label : "[\(positional.label)]")
        }
        if !command.subcommands.isEmpty {
            elements.append("<subcommand>")
        }
        return elements
    }

    /// Splits `text` into lines of at most `width` characters, breaking at spaces.
    ///
    /// Each line of the input is wrapped on its own, an empty line stays
    /// empty, and leading spaces are kept on every piece of the line, so
    /// indented examples stay indented.
    static func wrap(_ text: String, to width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = String(paragraph.prefix { $0 == " " })
            var line = ""
            for word in paragraph.split(separator: " ") {
                if line.isEmpty {
                    line = indent + word
                } else if line.count + 1 + word.count <= width {
                    line += " " + word
                } else {
                    lines.append(line)
                    line = indent + word
                }
            }
            lines.append(line)
        }
        return lines
    }
}
