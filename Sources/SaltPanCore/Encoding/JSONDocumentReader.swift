/// Reads a stream of concatenated JSON documents, such as the output of `salt --out=json`
/// without `--static`, which prints one document per minion.
///
/// Documents may be separated by whitespace or follow each other directly. Salt mixes text lines
/// into that output (`jid: 20261204195001950381`, `Executing run on [...]`). When
/// `nextDocument()` throws on such a line, the caller can call `skipLine()` and continue.
///
/// ```swift
/// var reader = JSONDocumentReader(bytes: output)
/// while true {
///     do {
///         guard let document = try reader.nextDocument() else { break }
///         handle(document.value, document.line)
///     } catch {
///         reader.skipLine()
///     }
/// }
/// ```
public struct JSONDocumentReader: Sendable {
    private let bytes: [UInt8]
    private let parser: JSONParser

    /// The offset of the next byte to read.
    ///
    /// After `nextDocument()` throws, this is the first byte of the document that failed.
    public private(set) var offset = 0

    // A position whose line number is known, so that each line feed is counted once.
    private var countedOffset = 0
    private var countedLine = 1

    public init(bytes: [UInt8], parser: JSONParser = JSONParser()) {
        self.bytes = bytes
        self.parser = parser
    }

    /// Parses the next document and returns it with the line number where it starts, or returns
    /// nil when only whitespace is left.
    ///
    /// - Throws: `JSONError` when the text at `offset` is not a JSON document. `offset` stays at
    ///   its first byte. `skipLine()` moves past that line.
    public mutating func nextDocument() throws(JSONError) -> (value: Value, line: Int)? {
        offset = skipWhitespace(from: offset)
        if offset == bytes.count {
            return nil
        }
        countLines(upTo: offset)

        let documentStart = offset
        let line = countedLine
        let maxDepth = parser.maxDepth
        let result = bytes.withUnsafeBytes { buffer -> Result<(Value, Int), JSONError> in
            var scanner = JSONScanner(bytes: buffer, position: documentStart, maxDepth: maxDepth)
            do throws(JSONScanner.Failure) {
                let value = try scanner.parseValue()
                return .success((value, scanner.position))
            } catch {
                return .failure(error.jsonError(in: buffer, knownOffset: documentStart, knownLine: line, baseOffset: 0))
            }
        }

        let (value, end) = try result.get()
        offset = end
        return (value, line)
    }

    /// Moves `offset` past the next line feed, or to the end of the input when there is none.
    ///
    /// After `nextDocument()` throws, this skips the rest of the line where the failed document
    /// starts. A document that spans several lines and fails on a later line leaves its other
    /// lines to be read, and most likely rejected, as further documents.
    public mutating func skipLine() {
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            if byte == 0x0a {
                return
            }
        }
    }

    private func skipWhitespace(from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0a, 0x0d, 0x09:
                index += 1
            default:
                return index
            }
        }
        return index
    }

    /// Advances the known line position to `target`, counting the line feeds in between.
    private mutating func countLines(upTo target: Int) {
        guard target > countedOffset else { return }
        var line = countedLine
        for index in countedOffset..<target where bytes[index] == 0x0a {
            line += 1
        }
        countedLine = line
        countedOffset = target
    }
}
