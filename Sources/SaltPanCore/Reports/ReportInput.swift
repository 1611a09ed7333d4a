/// One input the database was filled from, with the time its jobs span.
public struct ReportInput: Sendable, Equatable {
    public var id: Int64
    /// The path as it was given to `saltpan ingest`.
    public var path: String
    /// `job-cache-tar-gz`, `events`, `saltshaker-jobs` and so on.
    public var kind: String
    /// Bytes; nil for a folder.
    public var size: Int64?
    public var sha256: String
    /// `complete`, `damaged` or `in-progress`.
    public var status: String
    public var firstIngestedAt: String
    public var lastIngestedAt: String
    /// The start time of the first and the last job the input reported, whatever the filter.
    public var span: TimeSpan?
    /// Jobs the input reported, internal ones included.
    public var jobCount: Int
    /// Jobs the input reported that the report's window and job filters select.
    public var jobsInWindow: Int
    /// Problems recorded while reading it (damaged entries, corrupt lines).
    public var problemCount: Int
}

/// A closed stretch of time.
public struct TimeSpan: Sendable, Equatable {
    public var start: Timestamp
    public var end: Timestamp

    public init(start: Timestamp, end: Timestamp) {
        self.start = start
        self.end = end
    }

    public var microseconds: Int64 { end.microseconds - start.microseconds }
}

/// Reads the inputs and the time each one covers.
enum ReportInputQuery {
    /// Lists every source in ingest order.
    ///
    /// An input covers the time from its first to its last job start, because a job cache or
    /// an export keeps no record of the quiet time around its jobs. A job counts for every
    /// input that reported the job or one of its returns.
    static func inputs(in database: Database, filter: QueryFilter) throws -> [ReportInput] {
        let condition = filter.jobCondition("job")
        let query = try database.prepare(
            """
            WITH reported (jid, source_id) AS (
                SELECT jid, source_id FROM jobs UNION SELECT jid, source_id FROM job_sources
                UNION SELECT jid, source_id FROM returns UNION SELECT jid, source_id FROM return_sources),
            spans AS (
                SELECT reported.source_id, min(job.start_time) AS first_start, max(job.start_time) AS last_start,
                       count(*) AS job_count, sum(\(condition.text)) AS selected
                FROM reported JOIN jobs AS job ON job.jid = reported.jid GROUP BY reported.source_id)
            SELECT source.id, source.path, source.kind, source.size, source.sha256, source.status,
                   source.first_ingested_at, source.last_ingested_at, spans.first_start, spans.last_start,
                   coalesce(spans.job_count, 0), coalesce(spans.selected, 0),
                   (SELECT count(*) FROM problems WHERE problems.source_id = source.id)
            FROM sources AS source LEFT JOIN spans ON spans.source_id = source.id
            ORDER BY source.id
            """
        )
        try query.bind(condition.parameters)

        var inputs: [ReportInput] = []
        while try query.step() {
            inputs.append(
                ReportInput(
                    id: query.int64(at: 0),
                    path: query.string(at: 1) ?? "",
                    kind: query.string(at: 2) ?? "",
                    size: query.optionalInt64(at: 3),
                    sha256: query.string(at: 4) ?? "",
                    status: query.string(at: 5) ?? "",
                    firstIngestedAt: query.string(at: 6) ?? "",
                    lastIngestedAt: query.string(at: 7) ?? "",
                    span: span(query.string(at: 8), query.string(at: 9)),
                    jobCount: Int(query.int64(at: 10)),
                    jobsInWindow: Int(query.int64(at: 11)),
                    problemCount: Int(query.int64(at: 12))
                )
            )
        }
        return inputs
    }

    private static func span(_ first: String?, _ last: String?) -> TimeSpan? {
        guard let first, let last, let start = Timestamp(iso8601: first), let end = Timestamp(iso8601: last) else {
            return nil
        }
        return TimeSpan(start: start, end: end)
    }
}
