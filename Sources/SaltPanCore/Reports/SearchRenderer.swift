/// Writes the result of `saltpan search`.
public enum SearchRenderer {
    /// One row per matching return.
    public static func report(_ hits: [SearchHit]) -> ReportTable {
        var report = ReportTable([
            .init("jid", "JID"),
            .init("minion", "MINION"),
            .init("function", "FUNCTION"),
            .init("start_time", "START TIME (UTC)"),
            .init("snippet", "SNIPPET"),
        ])
        for hit in hits {
            report.append([
                .text(hit.jid), .text(hit.minion), .optional(hit.function), .optional(hit.startTime),
                .text(hit.snippet),
            ])
        }
        return report
    }
}
