extension Timestamp {
    /// ISO-8601 text with microseconds, such as `2026-12-04T19:50:08.509633Z`.
    ///
    /// With a non-zero `utcOffset` (seconds east of UTC) the civil time is shifted and the
    /// offset written as `+08:00`. Text in UTC sorts in time order, which the store relies on.
    public func iso8601(utcOffset: Int = 0) -> String {
        // Written digit by digit into the string's own storage: millions of rows are stored
        // with a time. UTC, the common case, ends in `Z` and needs nothing appended.
        let text = String(unsafeUninitializedCapacity: Self.utcISO8601Length) { text in
            writeISO8601(into: text, utcOffset: utcOffset)
            return utcOffset == 0 ? Self.utcISO8601Length : Self.utcISO8601Length - 1
        }
        return utcOffset == 0 ? text : text + Timestamp.offsetText(utcOffset)
    }

    /// The byte count of `iso8601()` in UTC.
    static let utcISO8601Length = 27

    /// Writes `iso8601()` in UTC into the first `utcISO8601Length` bytes of `text`.
    func writeUTCISO8601(into text: UnsafeMutableBufferPointer<UInt8>) {
        writeISO8601(into: text, utcOffset: 0)
    }

    /// Writes the text of `iso8601(utcOffset:)` up to its microseconds, followed by `Z`, into
    /// the first `utcISO8601Length` bytes of `text`.
    private func writeISO8601(into text: UnsafeMutableBufferPointer<UInt8>, utcOffset: Int) {
        let fields = components(utcOffset: utcOffset)
        func put(_ number: Int, width: Int, at position: Int) {
            var rest = number
            for index in stride(from: position + width - 1, through: position, by: -1) {
                text[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
        }
        put(fields.year, width: 4, at: 0)
        put(fields.month, width: 2, at: 5)
        put(fields.day, width: 2, at: 8)
        put(fields.hour, width: 2, at: 11)
        put(fields.minute, width: 2, at: 14)
        put(fields.second, width: 2, at: 17)
        put(fields.microsecond, width: 6, at: 20)
        text[4] = UInt8(ascii: "-")
        text[7] = UInt8(ascii: "-")
        text[10] = UInt8(ascii: "T")
        text[13] = UInt8(ascii: ":")
        text[16] = UInt8(ascii: ":")
        text[19] = UInt8(ascii: ".")
        text[26] = UInt8(ascii: "Z")
    }

    /// Salt's text for times, `2026, Dec 04 19:55:55.962811`, in the civil time `utcOffset` seconds
    /// east of UTC.
    ///
    /// Salt writes it in `endtime` files and `StartTime` and `EndTime` fields, without a zone.
    public func saltTime(utcOffset: Int = 0) -> String {
        let fields = components(utcOffset: utcOffset)
        let date =
            pad(fields.year, 4) + ", " + Timestamp.monthAbbreviations[fields.month - 1] + " "
            + pad(fields.day, 2)
        let time =
            pad(fields.hour, 2) + ":" + pad(fields.minute, 2) + ":" + pad(fields.second, 2) + "."
            + pad(fields.microsecond, 6)
        return date + " " + time
    }

    /// `Z` for UTC, otherwise `+hh:mm` or `-hh:mm`.
    public static func offsetText(_ utcOffset: Int) -> String {
        if utcOffset == 0 { return "Z" }
        let sign = utcOffset < 0 ? "-" : "+"
        let minutes = abs(utcOffset) / 60
        return sign + pad(minutes / 60, 2) + ":" + pad(minutes % 60, 2)
    }

    /// Parses ISO-8601 date-times as Salt and exporters write them.
    ///
    /// Accepts `YYYY-MM-DD`, then optionally `T` or a space, `hh:mm`, `:ss`, a fraction of up to
    /// six digits (more are truncated), and `Z` or `±hh:mm`/`±hhmm`. Text without an offset is
    /// read in `defaultOffset` seconds east of UTC. Returns nil for anything else.
    public init?(iso8601 text: some StringProtocol, defaultOffset: Int = 0) {
        let parsed = DigitScanner.scan(text) { scanner in
            Timestamp(iso8601: &scanner, defaultOffset: defaultOffset)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses the UTF-8 bytes of an ISO-8601 date-time as `init?(iso8601:defaultOffset:)` parses
    /// its text.
    init?(iso8601 utf8: UnsafeBufferPointer<UInt8>, defaultOffset: Int = 0) {
        var scanner = DigitScanner(utf8)
        guard let parsed = Timestamp(iso8601: &scanner, defaultOffset: defaultOffset) else { return nil }
        self = parsed
    }

    private init?(iso8601 scanner: inout DigitScanner, defaultOffset: Int) {
        guard let year = scanner.number(digits: 4), scanner.skip("-"),
            let month = scanner.number(digits: 2), scanner.skip("-"),
            let day = scanner.number(digits: 2)
        else { return nil }

        var hour = 0
        var minute = 0
        var second = 0
        var microsecond = 0
        if scanner.skip("T") || scanner.skip("t") || scanner.skip(" ") {
            guard let parsedHour = scanner.number(digits: 2), scanner.skip(":"),
                let parsedMinute = scanner.number(digits: 2)
            else { return nil }
            hour = parsedHour
            minute = parsedMinute
            if scanner.skip(":") {
                guard let parsedSecond = scanner.number(digits: 2) else { return nil }
                second = parsedSecond
                if scanner.skip(".") || scanner.skip(",") {
                    guard let fraction = scanner.fraction() else { return nil }
                    microsecond = fraction
                }
            }
        }

        guard let offset = scanner.utcOffset(default: defaultOffset), scanner.isAtEnd else { return nil }
        self.init(
            year: year,
            month: month,
            day: day,
            hour: hour,
            minute: minute,
            second: second,
            microsecond: microsecond,
            utcOffset: offset
        )
    }

    /// Parses the text of `endtime` files and `StartTime` fields: `2026, Dec 04 19:55:55.962811`.
    ///
    /// The text carries no zone; it is read `utcOffset` seconds east of UTC.
    public init?(saltTime text: some StringProtocol, utcOffset: Int = 0) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 4, parts[0].hasSuffix(","),
            let year = Int(parts[0].dropLast()),
            let month = Timestamp.monthAbbreviations.firstIndex(of: String(parts[1])).map({ $0 + 1 }),
            let day = Int(parts[2])
        else { return nil }

        let time = DigitScanner.scan(parts[3]) { scanner in
            let time = scanner.timeOfDay()
            return scanner.isAtEnd ? time : nil
        }
        guard let time else { return nil }
        self.init(
            year: year,
            month: month,
            day: day,
            hour: time.hour,
            minute: time.minute,
            second: time.second,
            microsecond: time.microsecond,
            utcOffset: utcOffset
        )
    }

    /// Parses Salt's msgpack datetime text (extension type 78): `20240517T08:30:15.123456`.
    ///
    /// Salt drops any zone when it packs a datetime, so the text is read in UTC.
    public init?(saltDatetime text: some StringProtocol) {
        let parsed = DigitScanner.scan(text) { scanner in Timestamp(saltDatetime: &scanner) }
        guard let parsed else { return nil }
        self = parsed
    }

    private init?(saltDatetime scanner: inout DigitScanner) {
        guard let year = scanner.number(digits: 4), let month = scanner.number(digits: 2),
            let day = scanner.number(digits: 2), scanner.skip("T"),
            let time = scanner.timeOfDay(), scanner.isAtEnd
        else { return nil }
        self.init(
            year: year,
            month: month,
            day: day,
            hour: time.hour,
            minute: time.minute,
            second: time.second,
            microsecond: time.microsecond
        )
    }

    static let monthAbbreviations = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
}

private func pad(_ number: Int, _ width: Int) -> String {
    let digits = String(number)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// Reads fixed-width numbers and literal characters from the start of a text.
struct DigitScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Calls `read` with a scanner at the start of `text`'s UTF-8 bytes, and returns its result.
    ///
    /// A native string is read in place. Copying every `_stamp` of an event log into an array
    /// first took nearly 2% of the reader thread's instructions.
    static func scan<Result>(_ text: some StringProtocol, _ read: (inout DigitScanner) -> Result?) -> Result? {
        let inPlace = text.utf8.withContiguousStorageIfAvailable { bytes in
            var scanner = DigitScanner(bytes)
            return read(&scanner)
        }
        if let inPlace { return inPlace }

        return Array(text.utf8).withUnsafeBufferPointer { bytes in
            var scanner = DigitScanner(bytes)
            return read(&scanner)
        }
    }

    var isAtEnd: Bool { position == bytes.count }

    /// Consumes exactly `digits` ASCII digits and returns their value.
    mutating func number(digits: Int) -> Int? {
        guard position + digits <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[position..<position + digits] {
            guard (48...57).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        position += digits
        return value
    }

    /// Consumes one or more digits of a decimal fraction and returns them as microseconds.
    mutating func fraction() -> Int? {
        var value = 0
        var count = 0
        while position < bytes.count, (48...57).contains(bytes[position]) {
            if count < 6 { value = value * 10 + Int(bytes[position] - 48) }
            count += 1
            position += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<max(count, 6) { value *= 10 }
        return value
    }

    /// Consumes `hh:mm:ss` with an optional `.ffffff` fraction, as Salt writes times of day.
    mutating func timeOfDay() -> (hour: Int, minute: Int, second: Int, microsecond: Int)? {
        guard let hour = number(digits: 2), skip(":"), let minute = number(digits: 2), skip(":"),
            let second = number(digits: 2)
        else { return nil }
        var microsecond = 0
        if skip(".") {
            guard let fraction = fraction() else { return nil }
            microsecond = fraction
        }
        return (hour, minute, second, microsecond)
    }

    /// Consumes `character` when it comes next; `character` is ASCII.
    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard position < bytes.count, UInt32(bytes[position]) == character.value else {
            return false
        }
        position += 1
        return true
    }

    /// Consumes `Z`, `±hh:mm` or `±hhmm`, returning seconds east of UTC; `fallback` when absent.
    ///
    /// Returns nil for an offset of 24 hours or more, or with 60 minutes or more, which Python's
    /// `datetime` cannot produce, so no Salt release writes it.
    mutating func utcOffset(default fallback: Int) -> Int? {
        if isAtEnd { return fallback }
        if skip("Z") || skip("z") { return 0 }
        let sign: Int
        if skip("+") {
            sign = 1
        } else if skip("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = number(digits: 2), hours < 24 else { return nil }
        _ = skip(":")
        let minutes = number(digits: 2) ?? 0
        guard minutes < 60 else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }
}
