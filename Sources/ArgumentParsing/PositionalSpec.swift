/// The description of one positional argument, such as `<jid>` or `[<paths> ...]`.
///
/// Positional values are assigned to a command's positional specs in order.
/// A repeated positional takes every remaining value, so it must be the
/// last one.
public struct PositionalSpec: Sendable, Equatable {
    /// The placeholder name without angle brackets, such as `jid`.
    public var name: String

    /// One or more sentences for the help text.
    public var help: String

    /// Whether parsing fails when the argument is missing.
    ///
    /// A required repeated argument needs at least one value.
    public var isRequired: Bool

    /// Whether the argument takes all remaining values.
    public var isRepeated: Bool

    /// Creates a positional argument.
    public init(_ name: String, help: String = "", isRequired: Bool = true, isRepeated: Bool = false) {
        self.name = name
        self.help = help
        self.isRequired = isRequired
        self.isRepeated = isRepeated
    }

    /// The argument as written in usage lines and errors: `<jid>`, or `<paths> ...` when repeated.
    var label: String {
        isRepeated ? "<\(name)> ..." : "<\(name)>"
    }
}
