/// A shell-style glob, as Salt uses for minion targets, matched case-sensitively in SQLite.
///
/// `*` matches any text, `?` one character, `[abc]` or `[a-z]` one character of a set and
/// `[!abc]` one character outside it, as in Python's `fnmatch`, which Salt's glob matcher uses.
/// SQLite's `GLOB` spells the negated set `[^abc]`, so the pattern is translated.
public struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as given.
    public let text: String
    /// The same pattern in SQLite's `GLOB` syntax.
    let sqliteText: String

    /// Checks and translates `text`.
    ///
    /// - Throws: `QueryInputError` for an empty pattern or a `[` without its closing `]`.
    public init(_ text: String) throws(QueryInputError) {
        guard !text.isEmpty else {
            throw QueryInputError(value: text, reason: "a glob must not be empty; use '*' to match everything")
        }
        self.text = text
        self.sqliteText = try GlobPattern.translate(text)
    }

    public var description: String { text }

    /// Whether the pattern has no wildcard and so matches only itself.
    public var isLiteral: Bool {
        !text.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    private static func translate(_ text: String) throws(QueryInputError) -> String {
        let characters = Array(text)
        var output = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            guard character == "[" else {
                output.append(character)
                index += 1
                continue
            }

            // A set runs to the next `]`; a `]` right after `[` or `[!` belongs to the set.
            var end = index + 1
            if end < characters.count, characters[end] == "!" { end += 1 }
            if end < characters.count, characters[end] == "]" { end += 1 }
            while end < characters.count, characters[end] != "]" { end += 1 }
            guard end < characters.count else {
                throw QueryInputError(
                    value: text,
                    reason: "the '[' at position \(index + 1) has no closing ']'; write '[[]' to match a literal '['"
                )
            }

            output += sqliteSet(String(characters[(index + 1)..<end]))
            index = end + 1
        }
        return output
    }

    /// Returns the SQLite form of the set between `[` and `]`.
    ///
    /// A leading `^` is a literal in `fnmatch` but negates in SQLite, so it moves to the end.
    private static func sqliteSet(_ set: String) -> String {
        if set.hasPrefix("!") {
            return "[^" + set.dropFirst() + "]"
        }
        if set == "^" {
            return "^"
        }
        if set.hasPrefix("^") {
            return "[" + set.dropFirst() + "^]"
        }
        return "[" + set + "]"
    }
}
