import ArgumentParsing
import SaltPanCore

/// The options shared by the query commands: the output format, the filters and the limit.
enum QueryOptions {
    static let format = OptionGroup([
        .value(
            "format",
            valueName: "format",
            help: "The output format: an aligned table, one JSON document, CSV (RFC 4180 with LF line ends) "
                + "or a Markdown table.",
            defaultValue: OutputFormat.table.rawValue,
            allowedValues: OutputFormat.allCases.map(\.rawValue)
        )
    ])

    static let filters = OptionGroup([
        .value(
            "since",
            valueName: "time",
            help: "Only jobs that started at or after this time: an ISO date-time with a zone "
                + "(2026-12-04T19:00:00Z), a span back from --now (30m, 24h, 7d, 2w) or a jid prefix in UTC "
                + "(2026120419 for that hour)."
        ),
        .value(
            "until",
            valueName: "time",
            help: "Only jobs that started before this time, in the forms of --since; --until 2026120419 ends "
                + "where that hour begins."
        ),
        .value(
            "now",
            valueName: "time",
            help: "The time spans in --since and --until count back from, as an ISO date-time with a zone or "
                + "a jid prefix (default: the system clock)."
        ),
        .repeated(
            "function",
            valueName: "glob",
            help: "Only jobs whose function matches the glob, such as 'cmd.*'; repeat or separate with commas.",
            splitsCommas: true
        ),
        .repeated(
            "target",
            valueName: "glob",
            help: "Only jobs whose target text, or a minion of whose list target, matches the glob."
        ),
        .repeated(
            "minion",
            valueName: "glob",
            help: "Only results of minions whose id matches the glob (case-sensitive, as in Salt).",
            splitsCommas: true
        ),
        .repeated("user", valueName: "user", help: "Only jobs published by this user.", splitsCommas: true),
        .repeated("product", valueName: "product", help: "Only results in this product.", splitsCommas: true),
        .repeated(
            "outcome",
            valueName: "outcome",
            help: "Only results with this outcome.",
            allowedValues: Outcome.allCases.map(\.rawValue),
            splitsCommas: true
        ),
        .repeated("retcode", valueName: "retcode", help: "Only returns with this retcode.", splitsCommas: true),
        .repeated(
            "metadata",
            valueName: "key=value",
            help: "Only jobs published with this --metadata entry, such as ticket=OPS-1234."
        ),
        .flag(
            "include-internal",
            help: "Also count saltutil.find_job, saltutil.running and runner.jobs.* jobs, which are hidden."
        ),
    ])

    /// Returns the output format chosen with `--format`.
    static func outputFormat(_ command: ParsedCommand) -> OutputFormat {
        command.value("format").flatMap(OutputFormat.init(rawValue:)) ?? .table
    }

    /// Builds the filter the command line describes.
    ///
    /// - Throws: `UsageError` naming the option whose value cannot be used.
    static func filter(_ command: ParsedCommand) throws -> QueryFilter {
        var filter = QueryFilter()
        let now = try command.value("now").map { text in
            try read(text, option: "now <time>", in: command) { text throws(QueryInputError) in
                try TimeBound.instant(text)
            }
        }
        let clock = now ?? TimeBound.currentTime()
        filter.since = try command.value("since").map { text in
            try read(text, option: "since <time>", in: command) { text throws(QueryInputError) in
                try TimeBound.parse(text, now: clock)
            }
        }
        filter.until = try command.value("until").map { text in
            try read(text, option: "until <time>", in: command) { text throws(QueryInputError) in
                try TimeBound.parse(text, now: clock)
            }
        }
        // Such a window selects nothing, and an empty result would read as a quiet period.
        if let since = filter.since, let until = filter.until, until < since {
            throw UsageError("The window ends before it starts: --until is earlier than --since", in: command)
        }

        filter.functions = try globs("function", in: command)
        filter.targets = try globs("target", in: command)
        filter.minions = try globs("minion", in: command)
        filter.users = command.values("user")
        filter.products = command.values("product")
        filter.outcomes = Set(command.values("outcome").compactMap(Outcome.init(rawValue:)))
        filter.retcodes = Set(try command.values("retcode").map { try retcode($0, in: command) })
        filter.metadata = try command.values("metadata").map { text in
            try read(text, option: "metadata <key=value>", in: command) { text throws(QueryInputError) in
                try MetadataCondition(parsing: text)
            }
        }
        filter.includeInternal = command.flag("include-internal")
        return filter
    }

    /// Reads `--limit`: nil for 0, which means no limit.
    ///
    /// - Throws: `UsageError` for a value that is not a whole number of zero or more.
    static func limit(_ command: ParsedCommand) throws -> Int? {
        let text = command.value("limit") ?? "0"
        guard let limit = Int(text), limit >= 0 else {
            throw UsageError(
                "The value '\(text)' is invalid for '--limit <count>': give a whole number, or 0 for no limit",
                in: command
            )
        }
        return limit == 0 ? nil : limit
    }

    /// Makes an option `--limit <count>` with the given default.
    static func limitOption(defaultValue: Int, rows: String) -> OptionSpec {
        .value(
            "limit",
            valueName: "count",
            help: "The maximum number of \(rows) to print; 0 prints all.",
            defaultValue: String(defaultValue)
        )
    }

    // MARK: - Steps

    private static func globs(_ option: String, in command: ParsedCommand) throws -> [GlobPattern] {
        try command.values(option).map { text in
            try read(text, option: "\(option) <glob>", in: command) { text throws(QueryInputError) in
                try GlobPattern(text)
            }
        }
    }

    private static func retcode(_ text: String, in command: ParsedCommand) throws -> Int64 {
        guard let value = Int64(text) else {
            throw UsageError(
                "The value '\(text)' is invalid for '--retcode <retcode>': give a whole number, such as 0, 1 or 127",
                in: command
            )
        }
        return value
    }

    /// Runs `parse` on `text` and turns its error into a usage error for `--<option>`.
    private static func read<Result>(
        _ text: String,
        option: String,
        in command: ParsedCommand,
        _ parse: (String) throws(QueryInputError) -> Result
    ) throws -> Result {
        do {
            return try parse(text)
        } catch {
            throw UsageError("The value '\(error.value)' is invalid for '--\(option)': \(error.reason)", in: command)
        }
    }
}
