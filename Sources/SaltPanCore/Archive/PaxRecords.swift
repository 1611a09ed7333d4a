/// The pax extended header records the tar reader applies: `path`, `linkpath` and `size`.
///
/// A pax extended header's data is a series of records `"%d %s=%s\n"`: the decimal length of the
/// whole record (counting the digits themselves and the newline), a space, the keyword, `=`,
/// and the value. Other keywords (times, owners, xattrs) are skipped.
struct PaxRecords {
    var path: [UInt8]?
    var linkPath: [UInt8]?
    var size: Int64?

    /// Parses `data` and overrides this value's fields with the records found.
    ///
    /// - Throws: `PaxRecordError` with a description of the first malformed record.
    mutating func merge(parsing data: [UInt8]) throws(PaxRecordError) {
        var index = 0
        while index < data.count {
            // Some writers pad the data with NULs after the last record.
            if data[index] == 0 { break }

            let recordEnd = try Self.recordEnd(data, from: index)
            let record = data[index..<recordEnd]
            guard let space = record.firstIndex(of: UInt8(ascii: " ")),
                let equals = record[space...].firstIndex(of: UInt8(ascii: "="))
            else {
                throw PaxRecordError(description: "record at byte \(index) has no 'keyword=value'")
            }

            let keyword = String(decoding: data[(space + 1)..<equals], as: UTF8.self)
            let value = Array(data[(equals + 1)..<(recordEnd - 1)])
            try apply(keyword: keyword, value: value, recordOffset: index)
            index = recordEnd
        }
    }

    /// Returns the index just past the record starting at `start`, after checking its length
    /// prefix and final newline.
    private static func recordEnd(_ data: [UInt8], from start: Int) throws(PaxRecordError) -> Int {
        var index = start
        var length = 0
        while index < data.count, let digit = decimalDigit(data[index]) {
            guard length <= (data.count - start) / 10 else {
                throw PaxRecordError(description: "record at byte \(start) has a length past the header's end")
            }
            length = length * 10 + digit
            index += 1
        }

        let digitCount = index - start
        guard digitCount > 0, index < data.count, data[index] == UInt8(ascii: " ") else {
            throw PaxRecordError(
                description: "record at byte \(start) does not start with a decimal length and a space"
            )
        }
        guard length > digitCount + 1, length <= data.count - start else {
            throw PaxRecordError(description: "record at byte \(start) has an invalid length \(length)")
        }
        guard data[start + length - 1] == UInt8(ascii: "\n") else {
            throw PaxRecordError(description: "record at byte \(start) does not end with a newline")
        }
        return start + length
    }

    private mutating func apply(keyword: String, value: [UInt8], recordOffset: Int) throws(PaxRecordError) {
        switch keyword {
        case "path":
            path = value
        case "linkpath":
            linkPath = value
        case "size":
            guard let parsed = Self.decimalNumber(value), parsed <= TarHeader.maxSize else {
                let text = String(decoding: value, as: UTF8.self)
                throw PaxRecordError(description: "record at byte \(recordOffset) has an invalid size '\(text)'")
            }
            size = parsed
        default:
            break
        }
    }

    /// Returns the records of `other` where set, and this value's records elsewhere.
    func overridden(by other: PaxRecords) -> PaxRecords {
        PaxRecords(path: other.path ?? path, linkPath: other.linkPath ?? linkPath, size: other.size ?? size)
    }

    private static func decimalDigit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func decimalNumber(_ bytes: [UInt8]) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in bytes {
            guard let digit = decimalDigit(byte), value <= (Int64.max - 9) / 10 else { return nil }
            value = value * 10 + Int64(digit)
        }
        return value
    }
}

/// A malformed record in a pax extended header.
struct PaxRecordError: Error {
    var description: String
}
