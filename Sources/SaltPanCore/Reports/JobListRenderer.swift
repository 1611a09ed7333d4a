/// Writes the result of `saltpan jobs`.
public enum JobListRenderer {
    /// The outcomes in the order the counts are listed.
    static let outcomeOrder: [Outcome] = [.succeeded, .failed, .missing, .conflict, .unknown]

    /// The columns of table, CSV and Markdown output.
    static let columns: [ReportTable.Column] = [
        .init("jid", "JID"),
        .init("start_time", "START TIME (UTC)"),
        .init("function", "FUNCTION"),
        .init("arguments", "ARGUMENTS", maximumTableWidth: 40),
        .init("target", "TARGET", maximumTableWidth: 40),
        .init("user", "USER"),
        .init("expected_count", "EXPECTED", .right),
        .init("returned_count", "RETURNED", .right),
        .init("missing_count", "MISSING", .right),
        .init("succeeded", "SUCCEEDED", .right),
        .init("failed", "FAILED", .right),
        .init("conflict", "CONFLICT", .right),
        .init("unknown", "UNKNOWN", .right),
    ]

    /// Builds one row per job for table, CSV and Markdown output.
    ///
    /// `arguments` is compact JSON, `target` the target text or, for a list target, compact
    /// JSON. Counts that are unknown because no expected-minion list was stored are empty.
    public static func report(_ jobs: [JobSummary]) -> ReportTable {
        var report = ReportTable(columns)
        for job in jobs {
            report.append(row(job))
        }
        return report
    }

    /// Writes `saltpan jobs --format csv`: the text `report(_:)` gives in CSV, for the jobs
    /// `JobListQuery.jobs(in:filter:limit:)` lists.
    ///
    /// `write` receives the header, then one record per job, each ending in LF. Each job is read
    /// and its record handed to `write` before the next one is read, so memory does not grow
    /// with the number of jobs. When a job cannot be read, the records already handed to `write`
    /// stay written and the error is thrown.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored value is damaged.
    public static func writeCSV(
        from store: Store,
        filter: QueryFilter,
        limit: Int?,
        to write: (_ text: String) -> Void
    ) throws {
        write(ReportRenderer.csvHeader(columns))
        try JobListQuery.forEachJob(in: store, filter: filter, limit: limit) { job in
            write(ReportRenderer.csvRecord(row(job)))
        }
    }

    private static func row(_ job: JobSummary) -> [ReportTable.Cell] {
        [
            .text(job.jid),
            .optional(job.startTime),
            .optional(job.function),
            job.arguments.map { .text(compactJSON($0)) } ?? .null,
            job.target.map { .text($0.stringValue ?? compactJSON($0)) } ?? .null,
            .optional(job.user),
            .optional(job.expectedCount),
            .count(job.returnedCount),
            .optional(job.missingCount),
            .count(job.outcomeCounts[.succeeded] ?? 0),
            .count(job.outcomeCounts[.failed] ?? 0),
            .count(job.outcomeCounts[.conflict] ?? 0),
            .count(job.outcomeCounts[.unknown] ?? 0),
        ]
    }

    private static func compactJSON(_ value: Value) -> String {
        JSONWriter(dialect: .output).text(value)
    }
}
