/// A syntax error in JSON text, with the line, column and byte offset where it was found.
///
/// Lines and columns start at 1. The column counts bytes of UTF-8 from the start of the line,
/// as compilers do, so a line with multi-byte characters before the error shows a column past
/// the character count. Callers that read a file add its path.
public struct JSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The description of the problem, for example "expected ',' or '}' after object member".
    public var message: String
    public var line: Int
    public var column: Int
    /// Offset of the offending byte from the start of the input (or from the position the caller
    /// gave as the start of a slice).
    public var offset: Int

    public init(message: String, line: Int, column: Int, offset: Int) {
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String {
        "invalid JSON at line \(line), column \(column) (byte offset \(offset)): \(message)"
    }
}
