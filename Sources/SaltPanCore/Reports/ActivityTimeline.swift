/// Jobs and failed returns per time bucket, for the "jobs and failures over time" chart.
struct ActivityTimeline: Sendable {
    struct Bucket: Sendable {
        var start: Timestamp
        var jobs = 0
        var failed = 0
        var missing = 0
    }

    /// Bucket lengths in seconds to choose from, shortest first.
    static let bucketLengths: [Int64] = [10, 30, 60, 300, 900, 1_800, 3_600, 10_800, 21_600, 43_200, 86_400, 604_800]
    /// The maximum number of buckets in a chart.
    static let maximumBuckets = 40

    var bucketSeconds: Int64
    var buckets: [Bucket]

    /// Counts `jobs` over `span` in the shortest bucket length that needs at most
    /// `maximumBuckets` buckets.
    ///
    /// Buckets start at multiples of their length since the epoch.
    init(jobs: [JobSummary], span: TimeSpan) {
        let length = span.microseconds / 1_000_000 + 1
        bucketSeconds =
            Self.bucketLengths.first { length / $0 + 1 <= Int64(Self.maximumBuckets) }
            ?? (Self.bucketLengths.last ?? 86_400)
        let size = bucketSeconds * 1_000_000
        let first = span.start.microseconds - ((span.start.microseconds % size) + size) % size
        let count = Int((span.end.microseconds - first) / size) + 1
        buckets = (0..<count).map { Bucket(start: Timestamp(microseconds: first + Int64($0) * size)) }

        for job in jobs {
            guard let text = job.startTime, let time = Timestamp(iso8601: text) else { continue }
            let index = Int((time.microseconds - first) / size)
            guard time.microseconds >= first, buckets.indices.contains(index) else { continue }
            buckets[index].jobs += 1
            buckets[index].failed += job.outcomeCounts[.failed] ?? 0
            buckets[index].missing += job.outcomeCounts[.missing] ?? 0
        }
    }

    /// Returns the part of the window the inputs cover from their first to their last job, or nil when
    /// they cover none of it.
    static func chartSpan(of coverage: InputCoverage) -> TimeSpan? {
        guard let first = coverage.spans.first, let last = coverage.spans.last else { return nil }
        let start = max(coverage.window.start, first.start)
        // A window's end is not part of it, but the last job of an input is.
        let windowEnd = Timestamp(microseconds: coverage.window.end.microseconds - 1)
        let end = coverage.window.end < last.end ? windowEnd : last.end
        return start <= end ? TimeSpan(start: start, end: end) : nil
    }

    /// The chart of jobs, failed returns and missing minions per bucket.
    func chart() -> ReportChart {
        ReportChart(
            id: "activity_over_time",
            title: "Jobs and failures over time",
            caption:
                "Jobs started, failed returns and missing minions per \(ReportTime.duration(microseconds: bucketSeconds * 1_000_000)), "
                + "from the first to the last time the inputs cover in the window (UTC).",
            style: .timeSeries,
            series: [
                .init(key: "jobs", label: "jobs", color: ChartColors.jobs),
                .init(key: "failed", label: "failed returns", color: ChartColors.failed),
                .init(key: "missing", label: "missing minions", color: ChartColors.missing),
            ],
            rows: buckets.map { bucket in
                ReportChart.Row(
                    label: ReportTime.text(bucket.start),
                    values: [Double(bucket.jobs), Double(bucket.failed), Double(bucket.missing)]
                )
            },
            rowKey: "bucket_start"
        )
    }
}

/// The colours of the charts, chosen to stay apart in print and for the common colour-vision
/// deficiencies (the Okabe–Ito palette).
enum ChartColors {
    static let jobs = "#0072B2"
    static let failed = "#D55E00"
    static let missing = "#E69F00"
    static let succeeded = "#009E73"
    static let noRetcode = "#999999"
    /// Colours for retcodes other than 0, in order of the retcode.
    static let retcodes = ["#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#8C510A", "#5E3C99", "#B2182B"]
}
