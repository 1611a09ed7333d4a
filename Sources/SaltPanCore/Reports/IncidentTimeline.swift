/// The incident timeline: everything that happened in a window on the minions named, in time
/// order, for a post-incident review.
public struct IncidentTimeline: Sendable {
    /// Publishes of the same load closer together than this count as repeated.
    static let repeatWindowSeconds: Int64 = 60

    public var header: ReportHeader
    public var totals: WindowTotals
    public var thresholds: ReportThresholds
    public var events: [TimelineEvent]
    public var repeatedPublishes: [RepeatedPublish]
    public var conflicts: [ResultException]
    public var sourceGaps: [SourceGap]
    var activity: ActivityTimeline?

    /// Reads the window's jobs, returns and changes and puts them in time order.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored value is damaged.
    public static func build(in store: Store, request: ReportRequest) throws -> IncidentTimeline {
        let filter = request.filter
        let header = try ReportHeader.load(in: store, request: request)
        let totals = try WindowTotals.load(in: store, filter: filter)
        let jobs = totals.jobs.reversed().map { $0 }
        let exceptions = try ResultExceptionQuery.exceptions(in: store, filter: filter)
        let results = try TimelineResultQuery.results(in: store, filter: filter)
        let changes = try StateChangeQuery.changes(in: store, filter: filter, limit: nil)

        return IncidentTimeline(
            header: header,
            totals: totals,
            thresholds: request.thresholds,
            events: TimelineEvent.merge(jobs: jobs, results: results, exceptions: exceptions, changes: changes),
            repeatedPublishes: RepeatedPublish.find(in: jobs, withinSeconds: repeatWindowSeconds),
            conflicts: exceptions.filter { $0.outcome == .conflict },
            sourceGaps: try SourceGap.find(in: store.database, jobs: jobs, inputs: header.inputs),
            activity: ActivityTimeline.chartSpan(of: header.coverage).map {
                ActivityTimeline(jobs: totals.jobs, span: $0)
            }
        )
    }

    /// The thresholds the window's totals exceed, one sentence each.
    public var crossings: [String] {
        thresholds.crossings(of: totals.results)
    }
}

/// Two publishes of the same function, arguments, target and user close together.
public struct RepeatedPublish: Sendable, Equatable {
    public var jid: String
    public var earlierJid: String
    public var seconds: Double
    public var function: String?
    public var arguments: Value?
    public var target: Value?
    public var user: String?

    /// Finds each job published less than `withinSeconds` after an earlier job with the same load.
    ///
    /// `jobs` must be in time order.
    ///
    /// Minion-scheduled jobs repeat by design and are left out.
    static func find(in jobs: [JobSummary], withinSeconds: Int64) -> [RepeatedPublish] {
        var latest: [LoadKey: (jid: String, time: Timestamp)] = [:]
        var repeats: [RepeatedPublish] = []
        for job in jobs where job.kind != .scheduled {
            guard let text = job.startTime, let time = Timestamp(iso8601: text) else { continue }
            let key = LoadKey(function: job.function, arguments: job.arguments, target: job.target, user: job.user)
            if let earlier = latest[key], time.microseconds - earlier.time.microseconds < withinSeconds * 1_000_000 {
                repeats.append(
                    RepeatedPublish(
                        jid: job.jid,
                        earlierJid: earlier.jid,
                        seconds: Double((time.microseconds - earlier.time.microseconds) / 1_000) / 1_000,
                        function: job.function,
                        arguments: job.arguments,
                        target: job.target,
                        user: job.user
                    )
                )
            }
            latest[key] = (job.jid, time)
        }
        return repeats
    }
}

private struct LoadKey: Hashable {
    var function: String?
    var arguments: Value?
    var target: Value?
    var user: String?
}

/// A job one input reported while another input, whose span includes the job's start, did not.
public struct SourceGap: Sendable, Equatable {
    public var jid: String
    public var startTime: String?
    public var function: String?
    /// The paths of the inputs that reported the job.
    public var seenIn: [String]
    /// The paths of the inputs that cover the job's start and did not report it.
    public var missingFrom: [String]

    /// Compares, for each job, the inputs that reported it with the inputs whose span covers it.
    static func find(in database: Database, jobs: [JobSummary], inputs: [ReportInput]) throws -> [SourceGap] {
        let query = try database.prepare(
            """
            SELECT source_id FROM jobs WHERE jid = ?1 UNION SELECT source_id FROM job_sources WHERE jid = ?1
            UNION SELECT source_id FROM returns WHERE jid = ?1 UNION SELECT source_id FROM return_sources WHERE jid = ?1
            """
        )
        var gaps: [SourceGap] = []
        for job in jobs {
            guard let text = job.startTime, let time = Timestamp(iso8601: text) else { continue }
            query.reset()
            try query.bind(job.jid, at: 1)
            var reporting: Set<Int64> = []
            while try query.step() {
                reporting.insert(query.int64(at: 0))
            }
            let missing = inputs.filter { input in
                guard let span = input.span, !reporting.contains(input.id) else { return false }
                return span.start <= time && time <= span.end
            }
            guard !missing.isEmpty else { continue }
            gaps.append(
                SourceGap(
                    jid: job.jid,
                    startTime: job.startTime,
                    function: job.function,
                    seenIn: inputs.filter { reporting.contains($0.id) }.map(\.path),
                    missingFrom: missing.map(\.path)
                )
            )
        }
        return gaps
    }
}
