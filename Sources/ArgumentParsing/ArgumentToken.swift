/// One command-line argument split into its syntactic parts.
///
/// Splitting happens once, before any command is known, so it follows the
/// spelling alone: `--name[=value]`, `-abc[=value]`, a plain value, or the
/// `--` terminator. Every argument after the terminator is a plain value.
/// A lone `-` is a plain value (standard input or output), and so is any
/// argument that does not start with a dash. `-help` is the one single-dash
/// long name and splits as `--help`.
struct ArgumentToken: Equatable {
    /// The syntactic form of an argument.
    enum Kind: Equatable {
        /// `--name` or `--name=value`, with the name stored without dashes.
        case long(name: String, value: String?)

        /// `-abc` or `-f=value`: one or more bundled short names.
        case shorts(letters: [Character], value: String?)

        /// A plain value: a positional argument or the value of the preceding option.
        case value(String)

        /// `--`, after which every argument is a plain value.
        case terminator
    }

    /// The argument's form.
    var kind: Kind

    /// The argument exactly as given, for error messages.
    var text: String

    /// Splits `arguments`, which must not include the program name.
    static func split(_ arguments: [String]) -> [ArgumentToken] {
        var tokens: [ArgumentToken] = []
        var isAfterTerminator = false

        for argument in arguments {
            if isAfterTerminator {
                tokens.append(ArgumentToken(kind: .value(argument), text: argument))
                continue
            }

            let kind = classify(argument)
            if kind == .terminator {
                isAfterTerminator = true
            }
            tokens.append(ArgumentToken(kind: kind, text: argument))
        }
        return tokens
    }

    private static func classify(_ argument: String) -> Kind {
        if argument == "--" {
            return .terminator
        }
        if argument == "-help" {
            return .long(name: "help", value: nil)
        }
        if argument.hasPrefix("--") {
            let (name, value) = splitAtEquals(argument.dropFirst(2))
            return .long(name: name, value: value)
        }
        if argument.hasPrefix("-") && argument.count > 1 {
            let (letters, value) = splitAtEquals(argument.dropFirst())
            return .shorts(letters: Array(letters), value: value)
        }
        return .value(argument)
    }

    private static func splitAtEquals(_ text: Substring) -> (String, String?) {
        guard let equals = text.firstIndex(of: "=") else {
            return (String(text), nil)
        }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }
}
