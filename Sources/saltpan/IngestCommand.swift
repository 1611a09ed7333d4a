import ArgumentParsing
import SaltPanCore

/// `saltpan ingest`: reads inputs into the database.
enum IngestCommand {
    static let spec = CommandSpec(
        name: "ingest",
        abstract: "Read Salt job caches and exported job JSON into the database.",
        discussion: """
            Each PATH is a Salt master job cache (the 'jobs' folder itself, a folder holding it, \
            or a .tar or .tar.gz of it) or exported job JSON, plain or gzip-compressed: \
            saltshaker job API exports, the master's event log (rawfile_json) or a salt-api event \
            stream, 'salt-run jobs.* --out=json' output, or 'salt ... --out=json' captures. \
            Inputs are recognised by their content, not their names; when a shape fits several \
            formats, name one with --input-format. \
            An input whose content was ingested completely before is skipped; a newer archive of \
            the same cache adds what is new. Problems in an input are reported with the file and \
            the entry inside it, and the rest of the input is still read.

            \(Commands.exitStatusText)
            """,
        options: [
            .value("product", valueName: "id", help: "The product every return of these inputs belongs to."),
            .value(
                "product-map",
                valueName: "file",
                help: "Put returns in products by minion id or glob (see 'saltpan help product-map')."
            ),
            .value(
                "jid-tz",
                valueName: "offset",
                help: "The master's clock as an offset from UTC, such as +08:00, for jids and end times.",
                defaultValue: "UTC"
            ),
            .value(
                "input-format",
                valueName: "format",
                help: "The format of exported JSON inputs, when their content fits several.",
                allowedValues: ExportFormat.allCases.map(\.rawValue)
            ),
            .value("jid", help: "The jid of exports that hold one job's results without naming it."),
            .value(
                "stamp-tz",
                valueName: "offset",
                help: "The zone of saltshaker's local 'YYYY-MM-DD hh:mm:ss' stamps, such as +08:00.",
                defaultValue: "UTC"
            ),
            .value("master-id", valueName: "id", help: "The master's id, for runner returns in event logs."),
            .flag("reread", help: "Read inputs again even when their content was ingested before."),
            .flag("quiet", short: "q", help: "Print no progress; problems and the summary are still printed."),
        ],
        optionGroups: [Commands.database],
        positionals: [PositionalSpec("paths", help: "Job cache folders or archives.", isRepeated: true)]
    )

    static func run(_ command: ParsedCommand) throws -> Int32 {
        var options = IngestOptions()
        options.product = command.value("product")
        options.reread = command.flag("reread")
        options.masterUTCOffset = try utcOffset(command.value("jid-tz") ?? "UTC", option: "jid-tz", in: command)
        options.masterUTCOffsetIsGiven = command.isSpecified("jid-tz")
        options.stampUTCOffset = try utcOffset(command.value("stamp-tz") ?? "UTC", option: "stamp-tz", in: command)
        options.inputFormat = command.value("input-format").flatMap(ExportFormat.init(rawValue:))
        options.jid = try command.value("jid").map { try validJid($0, in: command) }
        options.masterID = command.value("master-id")
        options.testKillAfterRecords = environmentVariables()["SALTPAN_TEST_KILL_AFTER_RECORDS"].flatMap { Int($0) }
        // For crash tests only: small batches, so the real cache spans many committed batches.
        if let batchSize = environmentVariables()["SALTPAN_TEST_BATCH_SIZE"].flatMap({ Int($0) }), batchSize > 0 {
            options.batchSize = batchSize
        }

        let productMap = try command.value("product-map").map(ProductMapCommand.readMap)
        let store = try Store.openForIngest(path: CommandRunner.databasePath(command))
        try productMap?.apply(to: store)
        var standardError = StandardError()
        let progress = ProgressLine(enabled: !command.flag("quiet") && isTerminal(2))
        let ingester = Ingester(store: store, options: options) { path, problem in
            progress.clear()
            print("\(path): \(problem)", to: &standardError)
        }

        ingester.onProgress = { path, counts in
            progress.show(
                "\(path): \(counts.newJobs + counts.knownJobs) jobs, \(counts.newReturns + counts.knownReturns) returns"
            )
        }

        var hadErrors = false
        for path in command.arguments("paths") {
            progress.show("reading \(path)")
            let report = try ingester.ingest(path: path)
            progress.clear()
            print(summary(of: report))
            hadErrors = hadErrors || report.problems.contains { $0.severity == .error }
        }
        try store.finishIngest()
        return hadErrors ? CommandRunner.partialInput : ExitCode.success
    }

    static func summary(of report: SourceReport) -> String {
        let kind = report.kind.map { " (\($0))" } ?? ""
        if report.skippedAsKnown {
            let since = report.knownSince.map { " on \($0)" } ?? ""
            return "\(report.path)\(kind): already ingested\(since) with the same content; nothing to do"
        }
        guard report.kind != nil else {
            return "\(report.path): not ingested (\(report.problems.count) errors)"
        }
        let counts = report.counts
        let errors = report.problems.filter { $0.severity == .error }.count
        let warnings = report.problems.count - errors
        var text = "\(report.path)\(kind): "
        text +=
            "\(counts.newJobs + counts.knownJobs) jobs (\(counts.newJobs) new, \(counts.knownJobs) already stored), "
        text += "\(counts.newReturns + counts.knownReturns) returns "
        text += "(\(counts.newReturns) new, \(counts.knownReturns) already stored), "
        text += "\(errors) errors, \(warnings) warnings"
        if counts.disagreements > 0 { text += ", \(counts.disagreements) returns where sources disagree" }
        if counts.collisions > 0 { text += ", \(counts.collisions) jid collisions" }
        if let events = report.eventStatistics {
            text += "\n  events: \(events.eventCount) read from \(events.lineCount) lines, "
            text += "\(events.corruptLineCount) corrupt lines, \(events.recoveredEventCount) events recovered from them"
        }
        if let offset = report.learnedMasterUTCOffset {
            text += "\n  master clock: UTC\(Timestamp.offsetText(offset) == "Z" ? "" : Timestamp.offsetText(offset)) "
            text += "(jids compared with publish event stamps)"
        }
        return text
    }

    /// Reads `UTC`, `Z`, `+08:00`, `-0500` or `+8` as seconds east of UTC.
    static func utcOffset(_ text: String, option: String, in command: ParsedCommand) throws -> Int {
        if let offset = UTCOffset.parse(text) { return offset }
        throw UsageError(
            "The value '\(text)' is invalid for '--\(option) <offset>': use UTC or an offset such as +08:00 or -05:00",
            in: command
        )
    }

    static func validJid(_ text: String, in command: ParsedCommand) throws -> String {
        guard Jid.isValid(text) else {
            throw UsageError(
                "The value '\(text)' is invalid for '--jid <jid>': a jid is 20 digits, YYYYMMDDhhmmssffffff",
                in: command
            )
        }
        return text
    }
}
