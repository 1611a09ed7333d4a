/// Salt job ids: `YYYYMMDDhhmmssffffff` in the master's clock, optionally `_<pid>` after it.
///
/// Current Salt makes jids in UTC; releases up to 2016.11 used the master's local time, and
/// nothing in the jid says which. With the master option `unique_jid: True` the master appends
/// `_<pid>` (`20261204195008509633_12345`). Salt accepts a jid that is exactly 20 characters, or
/// longer than 21 with `_` at index 20.
public enum Jid {
    /// True when `text` has the shape Salt accepts as a jid, with digits for the time part.
    public static func isValid(_ text: some StringProtocol) -> Bool {
        // Runs for every event of a log, so it reads the UTF-8 bytes in place when it can.
        if let result = text.utf8.withContiguousStorageIfAvailable(isValid(utf8:)) {
            return result
        }
        return Array(text.utf8).withUnsafeBufferPointer(isValid(utf8:))
    }

    /// True when the UTF-8 bytes `text` have the shape Salt accepts as a jid.
    static func isValid(utf8 text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count == 20 || (text.count > 21 && text[20] == UInt8(ascii: "_")) else { return false }
        for index in 0..<20 where !(48...57).contains(text[index]) {
            return false
        }
        return true
    }

    /// Returns the time encoded in the jid's first 20 digits, read `utcOffset` seconds east of UTC.
    ///
    /// Returns nil when the jid is not valid or names an impossible date.
    public static func startTime(of jid: some StringProtocol, utcOffset: Int = 0) -> Timestamp? {
        if let time = jid.utf8.withContiguousStorageIfAvailable({ startTime(utf8: $0, utcOffset: utcOffset) }) {
            return time
        }
        return Array(jid.utf8).withUnsafeBufferPointer { startTime(utf8: $0, utcOffset: utcOffset) }
    }

    private static func startTime(utf8 jid: UnsafeBufferPointer<UInt8>, utcOffset: Int) -> Timestamp? {
        guard isValid(utf8: jid) else { return nil }

        // The digits are checked, so each field is read without a scanner.
        func number(_ start: Int, _ width: Int) -> Int {
            jid[start..<(start + width)].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        return Timestamp(
            year: number(0, 4),
            month: number(4, 2),
            day: number(6, 2),
            hour: number(8, 2),
            minute: number(10, 2),
            second: number(12, 2),
            microsecond: number(14, 6),
            utcOffset: utcOffset
        )
    }
}
