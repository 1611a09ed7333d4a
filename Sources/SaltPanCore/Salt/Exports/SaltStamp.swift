/// Reads the `_stamp` of events and exported records.
///
/// Salt writes `_stamp` in UTC: current releases as ISO-8601 with an offset
/// (`2026-12-04T19:50:00.928296+00:00`), older ones without it (`2018-04-18T12:20:55.099029`),
/// and releases of 2014 with `_` between date and time (`2014-01-12_01:01:49.809617`).
/// saltshaker shows its own local time as `2018-04-18 20:20:55`, in a zone the text does not
/// name.
enum SaltStamp {
    /// Parses `text`, reading a space-separated date and time without an offset as
    /// `localOffset` seconds east of UTC and every other form without an offset as UTC.
    ///
    /// Returns nil for text that is none of these forms.
    static func parse(_ text: String, localOffset: Int = 0) -> Timestamp? {
        text.withUTF8Bytes { parse(utf8: $0, localOffset: localOffset) }
    }

    /// Parses the UTF-8 bytes of a stamp as `parse(_:localOffset:)` parses its text.
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>, localOffset: Int = 0) -> Timestamp? {
        guard bytes.count > 10 else { return Timestamp(iso8601: bytes) }

        switch bytes[10] {
        case UInt8(ascii: " "):
            return Timestamp(iso8601: bytes, defaultOffset: localOffset)
        case UInt8(ascii: "_"):
            var fixed = Array(bytes)
            fixed[10] = UInt8(ascii: "T")
            return fixed.withUnsafeBufferPointer { Timestamp(iso8601: $0) }
        default:
            return Timestamp(iso8601: bytes)
        }
    }
}
