/// A JSON array written one element at a time, in the same text `JSONWriter` gives the whole
/// array, so a long list can be printed without holding all of its elements in memory.
///
/// Call `append(_:to:)` once per element, then `finish(to:)` once. The array is written at depth
/// 0, as a whole document.
struct JSONArrayStream: Sendable {
    private let writer: JSONWriter
    /// The number of elements appended so far.
    private(set) var count = 0

    init(writer: JSONWriter) {
        self.writer = writer
    }

    /// Appends the opening bracket or a separator, then `element`.
    mutating func append(_ element: Value, to output: inout [UInt8]) {
        writer.writeArrayElementStart(index: count, depth: 0, to: &output)
        writer.write(element, depth: 1, to: &output)
        count += 1
    }

    /// Appends the closing bracket, or all of `[]` when no element was appended.
    func finish(to output: inout [UInt8]) {
        writer.writeArrayEnd(count: count, depth: 0, to: &output)
    }
}
