/// Parses JSON text (RFC 8259) from bytes straight into `Value`.
///
/// Objects become maps that keep key order and duplicate keys as written. Integers become `.int`,
/// or `.unsigned` above `Int64.max` up to `UInt64.max`. Larger integers and numbers with a
/// fraction or exponent become `.double`. See `JSONScanner.parseString()` for the handling of
/// invalid UTF-8 and lone surrogates, both of which become U+FFFD.
///
/// Use `parse(_:)` for a complete document, `parse(_:line:offset:)` for one line of a JSON Lines
/// file, and `JSONDocumentReader` for a stream of concatenated documents.
public struct JSONParser: Sendable {
    /// The nesting limit used unless the caller sets another.
    public static let defaultMaxDepth = 512

    /// The maximum number of arrays and objects that may be nested inside each other.
    public var maxDepth: Int

    public init(maxDepth: Int = JSONParser.defaultMaxDepth) {
        self.maxDepth = maxDepth
    }

    /// Parses a complete document: one value with optional whitespace around it.
    ///
    /// - Throws: `JSONError` for a syntax error, including any byte after the value other than
    ///   whitespace.
    public func parse(_ bytes: [UInt8]) throws(JSONError) -> Value {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONError) in try parse(buffer) }
        }
        return try result.get()
    }

    /// Parses a complete document from part of a larger buffer, such as one line of a JSON Lines
    /// file.
    ///
    /// Error offsets are indices of `bytes.base`, like the slice's own indices.
    ///
    /// - Parameters:
    ///   - bytes: The document.
    ///   - line: The line number of the slice's first byte, reported in errors.
    /// - Returns: The value of the document.
    /// - Throws: `JSONError` for a syntax error, including any byte after the value other than
    ///   whitespace.
    public func parse(_ bytes: ArraySlice<UInt8>, line: Int = 1) throws(JSONError) -> Value {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONError) in try parse(buffer, line: line, offset: bytes.startIndex) }
        }
        return try result.get()
    }

    /// Parses a complete document from a buffer, such as one line of a JSON Lines file.
    ///
    /// Columns in errors count from the first byte of `buffer` on its first line.
    ///
    /// - Parameters:
    ///   - buffer: The document.
    ///   - line: The line number of the buffer's first byte, reported in errors.
    ///   - offset: The offset of the buffer's first byte in the caller's input, added to the
    ///     offsets in errors.
    /// - Returns: The value of the document.
    /// - Throws: `JSONError` for a syntax error, including any byte after the value other than
    ///   whitespace.
    public func parse(_ buffer: UnsafeRawBufferPointer, line: Int = 1, offset: Int = 0) throws(JSONError) -> Value {
        var scanner = JSONScanner(bytes: buffer, maxDepth: maxDepth)
        do throws(JSONScanner.Failure) {
            let value = try scanner.parseValue()
            scanner.skipWhitespace()
            if scanner.position < buffer.count {
                throw JSONScanner.Failure(
                    message: "unexpected \(scanner.describeByte(at: scanner.position)) after the JSON value, "
                        + "only whitespace may follow a complete document",
                    offset: scanner.position
                )
            }
            return value
        } catch {
            throw error.jsonError(in: buffer, knownOffset: 0, knownLine: line, baseOffset: offset)
        }
    }
}

extension JSONScanner.Failure {
    /// Converts the failure in `buffer` to a `JSONError` with line and column.
    ///
    /// `knownOffset` is an offset at or before the failure whose line number `knownLine` is
    /// known, so only the line feeds between the two are counted. `baseOffset` is added to the
    /// reported byte offset.
    func jsonError(in buffer: UnsafeRawBufferPointer, knownOffset: Int, knownLine: Int, baseOffset: Int) -> JSONError {
        let end = min(offset, buffer.count)

        var line = knownLine
        for index in knownOffset..<max(knownOffset, end) where buffer[index] == 0x0a {
            line += 1
        }

        var lineStart = end
        while lineStart > 0, buffer[lineStart - 1] != 0x0a {
            lineStart -= 1
        }

        return JSONError(message: message, line: line, column: offset - lineStart + 1, offset: baseOffset + offset)
    }
}
