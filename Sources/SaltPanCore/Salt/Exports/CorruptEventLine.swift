/// Recovers the complete event at the end of a corrupt `rawfile_json` line.
///
/// Salt's `rawfile_json` returner writes each event with `json.dump`, which streams the object
/// as it encodes it. When a value cannot be encoded (bytes, a datetime), `json.dump` raises with
/// part of the event already written, the line stays unterminated, and the next event is
/// appended to it. So a corrupt line contains one or more cut-off events followed by one
/// complete event. The complete event starts at one of the `{"data": ` or `{"tag": ` openings; the one
/// that parses to the end of the line is taken, trying from the last opening backwards, so an
/// opening nested inside the complete event is never taken on its own.
enum CorruptEventLine {
    /// A complete event found at the end of a corrupt line.
    struct Recovered {
        var tag: String
        var data: Value
        /// The byte offset of the event in the line.
        var offset: Int
    }

    private static let openings: [[UInt8]] = [Array(#"{"data": "#.utf8), Array(#"{"tag": "#.utf8)]

    /// Returns the last complete event of `line`, or nil when none parses to the end of the line.
    ///
    /// An event at offset 0 is not tried, because the caller failed to parse the whole line.
    static func recover(_ line: UnsafeRawBufferPointer, parser: JSONParser) -> Recovered? {
        for offset in openingOffsets(in: line).reversed() where offset > 0 {
            let tail = UnsafeRawBufferPointer(rebasing: line[offset...])
            guard let value = try? parser.parse(tail) else { continue }
            guard let tag = value["tag"]?.stringValue, let data = value["data"] else { continue }
            return Recovered(tag: tag, data: data, offset: offset)
        }
        return nil
    }

    /// Finds the offsets where an event opening starts, in increasing order.
    private static func openingOffsets(in line: UnsafeRawBufferPointer) -> [Int] {
        var offsets: [Int] = []
        var index = 0
        while index < line.count {
            if line[index] == UInt8(ascii: "{"), openings.contains(where: { matches($0, in: line, at: index) }) {
                offsets.append(index)
            }
            index += 1
        }
        return offsets
    }

    private static func matches(_ opening: [UInt8], in line: UnsafeRawBufferPointer, at index: Int) -> Bool {
        guard index + opening.count <= line.count else { return false }
        for (position, byte) in opening.enumerated() where line[index + position] != byte {
            return false
        }
        return true
    }
}
