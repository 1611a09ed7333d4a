/// The window, filters, stamps and thresholds of one report.
public struct ReportRequest: Sendable {
    public var kind: ReportKind
    /// The filters of the query commands; `since` and `until` are the window, nil for open ends.
    public var filter: QueryFilter
    /// The filters as the command line gave them, such as `--minion web*`, for the header.
    public var filterDescription: [String]
    /// The time the window was counted back from (`--now`).
    public var now: Timestamp
    /// The generation time written into the report (`--generated-at`, else the clock).
    public var generatedAt: Timestamp
    /// Whether to write `pinned` for the version and the ingest times, so reports of the same
    /// data are byte-identical across releases and ingests.
    public var isPinned: Bool
    public var thresholds: ReportThresholds

    public init(
        kind: ReportKind,
        filter: QueryFilter,
        filterDescription: [String],
        now: Timestamp,
        generatedAt: Timestamp,
        isPinned: Bool,
        thresholds: ReportThresholds
    ) {
        self.kind = kind
        self.filter = filter
        self.filterDescription = filterDescription
        self.now = now
        self.generatedAt = generatedAt
        self.isPinned = isPinned
        self.thresholds = thresholds
    }

    /// The text written in place of a pinned value.
    static let pinnedText = "pinned"
}
