/// Writes the result of `saltpan jobs`.
public enum JobListRenderer {
    /// The outcomes in the order the counts are listed.
    static let outcomeOrder: [Outcome] = [.succeeded, .failed, .missing, .conflict, .unknown]

    /// Builds one row per job for table, CSV and Markdown output.
    ///
    /// `arguments` is compact JSON, `target` the target text or, for a list target, compact
    /// JSON. Counts that are unknown because no expected-minion list was stored are empty.
    public static func report(_ jobs: [JobSummary]) -> ReportTable {
        var report = ReportTable([
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
        ])
        for job in jobs {
            report.append([
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
            ])
        }
        return report
    }

    /// Writes a JSON array of the objects `saltpan job --format json` prints, with three
    /// fields added and `returns` left out.
    ///
    /// The added fields are `returned_count`, `missing_count` (null without an expected-minion
    /// list) and `outcomes` (every outcome with its count).
    ///
    /// Each object is built by `JobDetailRenderer.json`, so it keeps that command's fields as
    /// they change.
    ///
    /// - Throws: `JSONError` if that renderer's output does not parse, which would be a bug.
    public static func json(_ details: [JobDetail]) throws -> String {
        var jobs: [Value] = []
        for detail in details {
            let object = try JSONParser(maxDepth: Value.losslessJSONMaxDepth).parse(
                Array(JobDetailRenderer.json(detail).utf8)
            )
            var entries = (object.mapEntries ?? []).filter { $0.key != .string("returns") }
            let missing = detail.missingMinions?.count
            entries += [
                .init(key: .string("returned_count"), value: .int(Int64(detail.returnedMinions.count))),
                .init(key: .string("missing_count"), value: missing.map { .int(Int64($0)) } ?? .null),
                .init(key: .string("outcomes"), value: outcomes(detail)),
            ]
            jobs.append(.map(entries))
        }
        return ReportRenderer.json(.array(jobs))
    }

    private static func outcomes(_ detail: JobDetail) -> Value {
        .map(
            outcomeOrder.map { outcome in
                let count = detail.minions.filter { $0.outcome == outcome }.count
                return Value.MapEntry(key: .string(outcome.rawValue), value: .int(Int64(count)))
            }
        )
    }

    private static func compactJSON(_ value: Value) -> String {
        JSONWriter(dialect: .output).text(value)
    }
}
