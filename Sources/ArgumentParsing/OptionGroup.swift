/// A set of options declared once and included in several commands.
///
/// Matching and help treat a group's options as if the command declared
/// them after its own options, in the order the groups are listed.
public struct OptionGroup: Sendable, Equatable {
    /// The options of the group.
    public var options: [OptionSpec]

    /// Creates a group of `options`.
    public init(_ options: [OptionSpec]) {
        self.options = options
    }
}
