/// Times and durations as the reports print them, always in UTC.
enum ReportTime {
    /// ISO-8601 in UTC, with the microseconds only when there are any:
    /// `2026-12-04T20:00:00Z`, `2026-12-04T19:49:58.841792Z`.
    static func text(_ time: Timestamp) -> String {
        let full = time.iso8601()
        guard full.hasSuffix(".000000Z") else { return full }
        return String(full.dropLast(8)) + "Z"
    }

    /// Stored ISO-8601 text shortened the same way; nil stays nil.
    static func text(stored: String?) -> String? {
        guard let stored else { return nil }
        guard let time = Timestamp(iso8601: stored) else { return stored }
        return text(time)
    }

    /// Formats a duration such as `23 h 50 min`, `9 min 26 s` or `0.4 s`, with at most two units.
    static func duration(microseconds: Int64) -> String {
        let seconds = microseconds / 1_000_000
        if seconds < 10 {
            let tenths = (microseconds + 50_000) / 100_000
            return "\(tenths / 10).\(tenths % 10) s"
        }
        let units: [(Int64, String)] = [(86_400, "d"), (3_600, "h"), (60, "min"), (1, "s")]
        var parts: [String] = []
        var rest = seconds
        for (size, name) in units where rest >= size || !parts.isEmpty {
            parts.append("\(rest / size) \(name)")
            rest %= size
            if parts.count == 2 { break }
        }
        return parts.joined(separator: " ")
    }
}
