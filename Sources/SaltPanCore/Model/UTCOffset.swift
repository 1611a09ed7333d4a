/// Offsets from UTC as users write them on the command line.
public enum UTCOffset {
    /// Parses `UTC`, `Z`, `+08:00`, `+0800`, `-05:30` or `+8` into seconds east of UTC.
    ///
    /// Returns nil for anything else, including offsets beyond ±18 hours.
    public static func parse(_ text: String) -> Int? {
        if text == "UTC" || text == "utc" || text == "Z" || text == "z" { return 0 }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }

        let digits = text.dropFirst().filter { $0 != ":" }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        let hours: Int
        let minutes: Int
        switch digits.count {
        case 1, 2:
            hours = Int(digits) ?? 99
            minutes = 0
        case 4:
            hours = Int(digits.prefix(2)) ?? 99
            minutes = Int(digits.suffix(2)) ?? 99
        default:
            return nil
        }
        guard hours <= 18, minutes < 60 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return sign == "-" ? -seconds : seconds
    }
}
