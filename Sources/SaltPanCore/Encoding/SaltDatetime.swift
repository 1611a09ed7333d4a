/// Conversions of the datetime text that Salt stores in MessagePack extension type 78.
///
/// Salt's serializer (`salt.payload`) writes a `datetime.datetime` as
/// `obj.strftime("%Y%m%dT%H:%M:%S.%f")`, for example `20240517T08:30:15.123456`. The value is
/// naive: it has no time zone, and these conversions add none.
public enum SaltDatetime {
    /// Returns the ISO 8601 form of Salt's datetime text, for example
    /// `2024-05-17T08:30:15.123456` for `20240517T08:30:15.123456`, or nil when `text` does not
    /// have Salt's form.
    ///
    /// The date part must be digits followed by `T`. Its last four digits are month and day, and
    /// the digits before them are the year. The year is padded to four digits, because
    /// `strftime` writes years before 1000 without leading zeros on Linux. The time part is kept
    /// as written.
    public static func isoText(fromSaltText text: String) -> String? {
        let utf8 = Array(text.utf8)
        guard let separator = utf8.firstIndex(of: UInt8(ascii: "T")), separator >= 5 else {
            return nil
        }
        let date = utf8[..<separator]
        guard date.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }

        let yearDigits = date.dropLast(4)
        var iso = [UInt8](repeating: UInt8(ascii: "0"), count: max(0, 4 - yearDigits.count))
        iso.append(contentsOf: yearDigits)
        iso.append(UInt8(ascii: "-"))
        iso.append(contentsOf: date.dropLast(2).suffix(2))
        iso.append(UInt8(ascii: "-"))
        iso.append(contentsOf: date.suffix(2))
        iso.append(contentsOf: utf8[separator...])
        return String(decoding: iso, as: UTF8.self)
    }
}
