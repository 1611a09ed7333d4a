/// Salt job ids: `YYYYMMDDhhmmssffffff` in the master's clock, optionally `_<pid>` after it.
///
/// Current Salt makes jids in UTC; releases up to 2016.11 used the master's local time, and
/// nothing in the jid says which. With the master option `unique_jid: True` the master appends
/// `_<pid>` (`20261204195008509633_12345`). Salt accepts a jid that is exactly 20 characters, or
/// longer than 21 with `_` at index 20.
public enum Jid {
    /// True when `text` has the shape Salt accepts as a jid, with digits for the time part.
    public static func isValid(_ text: some StringProtocol) -> Bool {
        let count = text.utf8.count
        guard count == 20 || count > 21 else { return false }
        // Runs for every event of a log, so it walks the UTF-8 view without copying it.
        for (index, byte) in text.utf8.enumerated() {
            if index == 20 { return byte == UInt8(ascii: "_") }
            guard (48...57).contains(byte) else { return false }
        }
        return true
    }

    /// Returns the time encoded in the jid's first 20 digits, read `utcOffset` seconds east of UTC.
    ///
    /// Returns nil when the jid is not valid or names an impossible date.
    public static func startTime(of jid: some StringProtocol, utcOffset: Int = 0) -> Timestamp? {
        guard isValid(jid) else { return nil }
        var scanner = DigitScanner(jid.prefix(20))
        guard let year = scanner.number(digits: 4), let month = scanner.number(digits: 2),
            let day = scanner.number(digits: 2), let hour = scanner.number(digits: 2),
            let minute = scanner.number(digits: 2), let second = scanner.number(digits: 2),
            let microsecond = scanner.number(digits: 6)
        else { return nil }
        return Timestamp(
            year: year,
            month: month,
            day: day,
            hour: hour,
            minute: minute,
            second: second,
            microsecond: microsecond,
            utcOffset: utcOffset
        )
    }
}
