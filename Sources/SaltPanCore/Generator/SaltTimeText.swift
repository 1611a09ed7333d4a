/// The text forms of times that Salt writes into jids, event stamps and state results.
enum SaltTimeText {
    /// Returns the jid of a job started at `time`: `YYYYMMDDhhmmssffffff` in UTC, as `salt.utils.jid`
    /// makes it.
    static func jid(_ time: Timestamp) -> String {
        let fields = time.components()
        return digits(fields.year, 4) + digits(fields.month, 2) + digits(fields.day, 2) + digits(fields.hour, 2)
            + digits(fields.minute, 2) + digits(fields.second, 2) + digits(fields.microsecond, 6)
    }

    /// Returns an event's `_stamp`: ISO 8601 with microseconds and `+00:00`, as Python's
    /// `datetime.isoformat()` writes an aware UTC time.
    static func stamp(_ time: Timestamp) -> String {
        let fields = time.components()
        return digits(fields.year, 4) + "-" + digits(fields.month, 2) + "-" + digits(fields.day, 2) + "T"
            + clock(time) + "+00:00"
    }

    /// Returns a state result's `start_time`: the wall-clock time of day with microseconds and no date.
    static func clock(_ time: Timestamp) -> String {
        let fields = time.components()
        return digits(fields.hour, 2) + ":" + digits(fields.minute, 2) + ":" + digits(fields.second, 2) + "."
            + digits(fields.microsecond, 6)
    }

    /// Returns the Unix time in whole seconds, as the `ts` field of minion events.
    static func unixSeconds(_ time: Timestamp) -> Int64 {
        time.microseconds / 1_000_000
    }

    private static func digits(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
