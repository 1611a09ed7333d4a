/// A filter or query value that saltpan cannot use, such as a malformed glob or date.
///
/// `value` is the text as given and `reason` states what is wrong and what to write instead,
/// so the command line can name its option in front: `The value 'x' is invalid for '--since': …`.
public struct QueryInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var value: String
    public var reason: String

    public init(value: String, reason: String) {
        self.value = value
        self.reason = reason
    }

    public var description: String {
        "the value '\(value)' is invalid: \(reason)"
    }
}
