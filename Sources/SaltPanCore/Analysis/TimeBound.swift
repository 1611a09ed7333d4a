#if canImport(Glibc)
import Glibc
#endif

/// Reads the times given to `--since`, `--until` and `--now`.
///
/// Three forms are accepted:
///
/// - an ISO-8601 date-time with a zone: `2026-12-04T19:00:00Z`, `2026-12-04T21:00+02:00`;
/// - a span counted back from now: a whole number and a unit, `90s`, `30m`, `24h`, `7d`, `2w`;
/// - a jid prefix read in UTC, cut at a field: `2026`, `202612`, `20261204`, `2026120419`,
///   `202612041950`, `20261204195008` and longer, up to the full 20 digits. It stands for the
///   start of that period, so `--until 2026120419` ends where that hour begins.
public enum TimeBound {
    static let forms =
        "use an ISO date-time with a zone (2026-12-04T19:00:00Z or 2026-12-04T21:00:00+02:00), "
        + "a span back from now (30m, 24h, 7d, 2w) or a jid prefix read in UTC (2026120419 for that hour)"

    /// Reads `text` in any of the three forms; spans count back from `now`.
    ///
    /// - Throws: `QueryInputError` naming the accepted forms.
    public static func parse(_ text: String, now: Timestamp) throws(QueryInputError) -> Timestamp {
        if let span = span(text) {
            let (start, overflow) = now.microseconds.subtractingReportingOverflow(span)
            guard !overflow else { throw outOfRange(text) }
            return try checkRange(Timestamp(microseconds: start), text: text)
        }
        return try instant(text)
    }

    /// Reads `text` as an ISO date-time with a zone or as a jid prefix, the forms that name a
    /// time without a reference point.
    ///
    /// - Throws: `QueryInputError` naming the accepted forms.
    public static func instant(_ text: String) throws(QueryInputError) -> Timestamp {
        if !text.isEmpty, text.utf8.allSatisfy({ (48...57).contains($0) }) {
            return try jidPrefix(text)
        }
        return try checkRange(isoDateTime(text), text: text)
    }

    /// The earliest and latest instants a bound may name: 0001-01-01T00:00:00Z to
    /// 9999-12-31T23:59:59.999999Z.
    ///
    /// Times are compared as ISO text with a four-digit year, so a bound outside these years
    /// cannot be written: a span back past year 1, or `9999-12-31T23:00:00-05:00`, which is in
    /// the year 10000 in UTC.
    static let range =
        Timestamp(microseconds: -62_135_596_800_000_000)...Timestamp(microseconds: 253_402_300_799_999_999)

    private static func checkRange(_ time: Timestamp, text: String) throws(QueryInputError) -> Timestamp {
        guard range.contains(time) else { throw outOfRange(text) }
        return time
    }

    private static func outOfRange(_ text: String) -> QueryInputError {
        QueryInputError(
            value: text,
            reason: "the time falls outside the years 0001 to 9999 in UTC; give a time within them, "
                + "or leave the option out"
        )
    }

    /// Reads the current time from the system clock.
    public static func currentTime() -> Timestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Timestamp(microseconds: Int64(time.tv_sec) * 1_000_000 + Int64(time.tv_nsec) / 1_000)
    }

    // MARK: - Forms

    /// Microseconds of a span such as `24h`, or nil when `text` is not a span.
    static func span(_ text: String) -> Int64? {
        guard let unit = text.last, text.count >= 2 else { return nil }
        let seconds: Int64
        switch unit {
        case "s": seconds = 1
        case "m": seconds = 60
        case "h": seconds = 3_600
        case "d": seconds = 86_400
        case "w": seconds = 604_800
        default: return nil
        }
        let digits = text.dropLast()
        guard digits.utf8.allSatisfy({ (48...57).contains($0) }), let count = Int64(digits) else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: seconds * 1_000_000)
        return overflow ? nil : product
    }

    private static func isoDateTime(_ text: String) throws(QueryInputError) -> Timestamp {
        // Text without a zone reads differently with two default offsets; text with one does not.
        guard let utc = Timestamp(iso8601: text, defaultOffset: 0),
            let shifted = Timestamp(iso8601: text, defaultOffset: 3_600)
        else {
            throw QueryInputError(value: text, reason: forms)
        }
        guard utc == shifted else {
            throw QueryInputError(
                value: text,
                reason: "the date-time has no zone; add Z for UTC or an offset such as +02:00"
            )
        }
        return utc
    }

    private static func jidPrefix(_ text: String) throws(QueryInputError) -> Timestamp {
        let fieldLengths = [4, 6, 8, 10, 12, 14]
        guard fieldLengths.contains(text.count) || (15...20).contains(text.count) else {
            throw QueryInputError(
                value: text,
                reason: "a jid prefix must end at a field: 4 digits (year), 6 (month), 8 (day), 10 (hour), "
                    + "12 (minute), 14 (second) or up to 20 (fraction)"
            )
        }

        // Missing fields take their first value: month and day 1, the rest 0.
        let padded = Array(text.utf8) + Array("0101000000000000".utf8.dropFirst(text.count - 4))
        func field(_ start: Int, _ length: Int) -> Int {
            padded[start..<(start + length)].reduce(0) { $0 * 10 + Int($1 - 48) }
        }
        guard
            let time = Timestamp(
                year: field(0, 4),
                month: field(4, 2),
                day: field(6, 2),
                hour: field(8, 2),
                minute: field(10, 2),
                second: field(12, 2),
                microsecond: field(14, 6)
            )
        else {
            throw QueryInputError(value: text, reason: "the jid prefix names no valid date or time")
        }
        return time
    }
}
