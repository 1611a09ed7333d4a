/// The description of one named option: how it is spelled, parsed and shown in help.
///
/// Build options with the factory methods, which set the fields that belong
/// to each kind: `.flag("quiet", short: "q", help: …)`,
/// `.invertibleFlag("progress", help: …)`, `.value("db", help: …)` and
/// `.repeated("product", help: …)`. Names are given without dashes.
public struct OptionSpec: Sendable, Equatable {
    /// The syntax of an option and the value it stores.
    public enum Kind: Sendable, Equatable {
        /// `--name`, which may be repeated and is counted (`-vv`).
        case flag

        /// The pair `--name` and `--no-name`, where the last one given wins.
        ///
        /// `defaultValue` is the state when neither is given, and nil means
        /// that the caller decides (for example from terminal detection).
        case invertibleFlag(defaultValue: Bool?)

        /// `--name value`, where the last one given wins.
        case value

        /// `--name value`, given any number of times and collected in order.
        case repeatedValue
    }

    /// The long name without dashes, such as `db` for `--db`.
    public var name: String

    /// The single-letter name without the dash, such as `q` for `-q`.
    ///
    /// `h` is taken by `-h` (help), so an option named `h` is never matched.
    public var shortName: Character?

    /// The placeholder for the value in help and errors, such as `path` in `--db <path>`.
    public var valueName: String

    /// One or more sentences for the help text.
    public var help: String

    /// The option's kind.
    public var kind: Kind

    /// The value returned when the option is absent, shown in help as `(default: x)`.
    public var defaultValue: String?

    /// The only values accepted, shown in help as `(values: a, b)`.
    ///
    /// An empty list accepts any value.
    public var allowedValues: [String]

    /// Whether parsing fails when the option is given neither on the command line nor in the environment.
    public var isRequired: Bool

    /// The environment variable read when the option is absent from the command line,
    /// shown in help as `(env: NAME)`.
    ///
    /// Only options that take a value read the environment. An empty
    /// variable counts as unset.
    public var environmentVariable: String?

    /// Whether a repeated option also splits each value at commas, so that
    /// `--product a,b` is the same as `--product a --product b`.
    public var splitsCommas: Bool

    /// Creates an option from all of its fields, for cases the factory methods do not cover.
    public init(
        name: String,
        shortName: Character? = nil,
        valueName: String? = nil,
        help: String = "",
        kind: Kind,
        defaultValue: String? = nil,
        allowedValues: [String] = [],
        isRequired: Bool = false,
        environmentVariable: String? = nil,
        splitsCommas: Bool = false
    ) {
        self.name = name
        self.shortName = shortName
        self.valueName = valueName ?? name
        self.help = help
        self.kind = kind
        self.defaultValue = defaultValue
        self.allowedValues = allowedValues
        self.isRequired = isRequired
        self.environmentVariable = environmentVariable
        self.splitsCommas = splitsCommas
    }

    /// Creates a flag such as `-q, --quiet`.
    public static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, shortName: short, help: help, kind: .flag)
    }

    /// Creates a flag pair such as `--progress/--no-progress`.
    ///
    /// Help shows a non-nil `defaultValue` as `(default: --progress)` or
    /// `(default: --no-progress)`.
    public static func invertibleFlag(_ name: String, defaultValue: Bool? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, help: help, kind: .invertibleFlag(defaultValue: defaultValue))
    }

    /// Creates an option that takes one value, such as `--db <path>`.
    public static func value(
        _ name: String,
        short: Character? = nil,
        valueName: String? = nil,
        help: String,
        defaultValue: String? = nil,
        allowedValues: [String] = [],
        isRequired: Bool = false,
        environmentVariable: String? = nil
    ) -> OptionSpec {
        OptionSpec(
            name: name,
            shortName: short,
            valueName: valueName,
            help: help,
            kind: .value,
            defaultValue: defaultValue,
            allowedValues: allowedValues,
            isRequired: isRequired,
            environmentVariable: environmentVariable
        )
    }

    /// Creates an option that collects every value given, such as `--product <product>`.
    public static func repeated(
        _ name: String,
        short: Character? = nil,
        valueName: String? = nil,
        help: String,
        allowedValues: [String] = [],
        isRequired: Bool = false,
        environmentVariable: String? = nil,
        splitsCommas: Bool = false
    ) -> OptionSpec {
        OptionSpec(
            name: name,
            shortName: short,
            valueName: valueName,
            help: help,
            kind: .repeatedValue,
            allowedValues: allowedValues,
            isRequired: isRequired,
            environmentVariable: environmentVariable,
            splitsCommas: splitsCommas
        )
    }

    /// Whether the option consumes a value.
    var takesValue: Bool {
        switch kind {
        case .flag, .invertibleFlag: false
        case .value, .repeatedValue: true
        }
    }

    /// Returns the option as errors show it when it was written as `spelling`, such as `-f <format>`.
    func label(spelledAs spelling: String) -> String {
        takesValue ? "\(spelling) <\(valueName)>" : spelling
    }
}
