import ArgumentParsing
import Foundation
import SaltPanCore

/// Reads the command line of `saltpan report` into a `ReportRequest`.
enum ReportOptions {
    /// The window of the nightly report when neither `--since` nor `--until` is given.
    static let nightlySpan: Int64 = 24 * 3_600 * 1_000_000

    /// The options of `QueryOptions.filters` the header lists, with the time options left out
    /// because the header states the window itself.
    static let describedFilters = ["function", "target", "minion", "user", "product", "outcome", "retcode", "metadata"]

    /// Builds the request: the report kind, its window, the filters, the times and thresholds.
    ///
    /// - Throws: `UsageError` for an unknown report, an invalid value, or an incident without
    ///   `--since`.
    static func request(_ command: ParsedCommand) throws -> ReportRequest {
        let kindText = command.argument("report") ?? ""
        guard let kind = ReportKind(rawValue: kindText) else {
            throw UsageError(
                "The value '\(kindText)' is invalid for '<report>': use nightly, audit or incident",
                in: command
            )
        }

        var filter = try QueryOptions.filter(command)
        let now = try time(command, option: "now") ?? TimeBound.currentTime()
        switch kind {
        case .nightly:
            if filter.until == nil { filter.until = now }
            if filter.since == nil, let until = filter.until {
                filter.since = Timestamp(microseconds: until.microseconds - nightlySpan)
            }
        case .audit:
            break
        case .incident:
            guard filter.since != nil else {
                throw UsageError(
                    "An incident report needs a window: give --since, and --until unless it ends at --now",
                    in: command
                )
            }
            if filter.until == nil { filter.until = now }
        }
        if let since = filter.since, let until = filter.until, until < since {
            throw UsageError("The window ends before it starts: --until is earlier than --since", in: command)
        }

        return ReportRequest(
            kind: kind,
            filter: filter,
            filterDescription: description(of: command),
            now: now,
            generatedAt: try time(command, option: "generated-at") ?? TimeBound.currentTime(),
            isPinned: environmentVariables()["SALTPAN_REPORT_PIN"] == "1",
            thresholds: try thresholds(command)
        )
    }

    /// Rejects an output path that is the database or one of its companion files, so a slip of
    /// the keyboard cannot overwrite the data the report is made from.
    static func checkOutputPath(_ path: String, databasePath: String) throws {
        let output = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        let database = URL(fileURLWithPath: databasePath).standardizedFileURL.resolvingSymlinksInPath().path
        for suffix in ["", "-wal", "-shm", "-journal"] where output == database + suffix {
            throw CommandError("the output file '\(path)' is the database or one of its files; name another file")
        }
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw CommandError("the output path '\(path)' is a folder; name a file")
        }
    }

    private static func time(_ command: ParsedCommand, option: String) throws -> Timestamp? {
        guard let text = command.value(option) else { return nil }
        do {
            return try TimeBound.instant(text)
        } catch {
            throw UsageError(
                "The value '\(error.value)' is invalid for '--\(option) <time>': \(error.reason)",
                in: command
            )
        }
    }

    private static func thresholds(_ command: ParsedCommand) throws -> ReportThresholds {
        ReportThresholds(
            maximumFailed: try count(command, option: "max-failed"),
            maximumMissing: try count(command, option: "max-missing"),
            maximumFailureRate: try rate(command)
        )
    }

    private static func count(_ command: ParsedCommand, option: String) throws -> Int? {
        guard let text = command.value(option) else { return nil }
        guard let count = Int(text), count >= 0 else {
            throw UsageError(
                "The value '\(text)' is invalid for '--\(option) <count>': give a whole number of 0 or more",
                in: command
            )
        }
        return count
    }

    /// Reads `--max-failure-rate` as a fraction (`0.05`) or a percentage (`5%`).
    private static func rate(_ command: ParsedCommand) throws -> Double? {
        guard let text = command.value("max-failure-rate") else { return nil }
        let isPercentage = text.hasSuffix("%")
        let number = Double(isPercentage ? String(text.dropLast()) : text)
        guard let number, number.isFinite else {
            throw UsageError(
                "The value '\(text)' is invalid for '--max-failure-rate <rate>': give a fraction such as 0.05 or "
                    + "a percentage such as 5%",
                in: command
            )
        }
        let fraction = isPercentage ? number / 100 : number
        guard (0...1).contains(fraction) else {
            throw UsageError(
                "The value '\(text)' is invalid for '--max-failure-rate <rate>': the rate must lie between 0 and 1 "
                    + "(0% and 100%)",
                in: command
            )
        }
        return fraction
    }

    /// Lists the filters given on the command line, such as `--minion web*`, for the report's header.
    private static func description(of command: ParsedCommand) -> [String] {
        var parts: [String] = []
        for name in describedFilters where command.isSpecified(name) {
            parts += command.values(name).map { "--\(name) \($0)" }
        }
        if command.flag("include-internal") { parts.append("--include-internal") }
        return parts
    }
}
