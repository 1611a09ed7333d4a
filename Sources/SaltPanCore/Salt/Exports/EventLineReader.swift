#if canImport(Glibc)
import Glibc
#endif

/// Reads Salt events line by line from a stream and emits their job and return records.
///
/// Two layouts are read, also mixed:
/// - JSON lines `{"data": {...}, "tag": "..."}`, as the master's `rawfile_json` event returner
///   writes them;
/// - the salt-api event stream (server-sent events): a `tag: <tag>` line, then a `data: {...}`
///   line with the event as `{"tag": ..., "data": ...}` or only its data. Blank lines separate
///   events, and `retry:`, `id:`, `event:` and `:` comment lines are skipped.
///
/// The input is read through one fixed-size buffer, so a log of many gigabytes is never held in
/// memory. A line that crosses the end of the buffer is copied out whole, so a line longer than
/// the buffer needs memory of its own size. Corrupt `rawfile_json` lines
/// (see `CorruptEventLine`) are reported with their line number, and the complete event at
/// their end is read.
public struct EventLineReader {
    /// The size of the buffer the stream is read through.
    public static let bufferSize = 64 * 1024

    private let stream: any ByteStream
    private let parser = JSONParser()
    private var interpreter: EventInterpreter
    private var statistics = EventStatistics()
    /// The number of the line being read, counting from 1.
    private var lineNumber = 0
    /// The byte offset of the line being read.
    private var lineOffset = 0
    /// The tag of the last `tag:` line of the event stream, until a blank line.
    private var streamTag: String?
    /// Whether job return lines are read with `ReturnEventLine`, which builds only the members
    /// the interpreter reads and keeps large return values as text.
    ///
    /// Tests and fuzzing turn it off to compare the records with those of a full parse.
    public var scansReturnLines = true
    /// Whether a return's map that the reader kept as the line's text is to be turned into the
    /// store's text before it is emitted, called for each such map.
    ///
    /// Either thread of an ingest can write the store's text (`ReturnRecord.resolvingSourceText()`),
    /// and on an event log of large returns it is about a fifth of the reader's work. An ingest
    /// makes it return true while the writer is behind, so both threads stay busy.
    public var resolvesSourceTextNow: @Sendable () -> Bool {
        get { interpreter.resolvesSourceTextNow }
        set { interpreter.resolvesSourceTextNow = newValue }
    }

    public init(stream: any ByteStream, options: ExportOptions) {
        self.stream = stream
        self.interpreter = EventInterpreter(options: options)
    }

    /// Reads the stream to its end, emitting records in input order, and returns the counts.
    ///
    /// - Throws: what `emit` throws, or the stream's error when it cannot be read.
    public mutating func read(emit: (ExportRecord) throws -> Void) throws -> EventStatistics {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        // The start of a line that continues past the buffer.
        var carried: [UInt8] = []

        while true {
            let count: Int
            do {
                count = try stream.read(into: buffer)
            } catch {
                // Damage ends the log, and the records the interpreter still keeps were read before it.
                try interpreter.finish(emit: emit)
                throw error
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])

            var start = 0
            while let newline = Self.indexOfLineFeed(in: chunk, from: start) {
                if carried.isEmpty {
                    try handleLine(UnsafeRawBufferPointer(rebasing: chunk[start..<newline]), emit: emit)
                } else {
                    carried.append(contentsOf: chunk[start..<newline])
                    try carried.withUnsafeBytes { try handleLine($0, emit: emit) }
                    carried.removeAll(keepingCapacity: carried.count <= Self.bufferSize)
                }
                lineOffset += 1
                start = newline + 1
            }
            carried.append(contentsOf: chunk[start...])
        }

        if !carried.isEmpty {
            try carried.withUnsafeBytes { try handleLine($0, emit: emit) }
        }
        try interpreter.finish(emit: emit)
        return result()
    }

    /// Returns the index of the first line feed in `chunk` at or after `start`.
    ///
    /// `memchr` compares many bytes at a time. `firstIndex(of:)` compared one at a time and took
    /// about a twelfth of the instructions of reading an event log.
    private static func indexOfLineFeed(in chunk: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < chunk.count, let base = chunk.baseAddress,
            let found = memchr(base + start, 0x0a, chunk.count - start)
        else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// The counts of the lines read so far, for a caller whose `read(emit:)` ended with the
    /// stream's error.
    public var statisticsSoFar: EventStatistics {
        result()
    }

    private func result() -> EventStatistics {
        var result = interpreter.statistics
        result.lineCount = statistics.lineCount
        result.corruptLineCount = statistics.corruptLineCount
        result.recoveredEventCount = statistics.recoveredEventCount
        return result
    }

    // MARK: - Lines

    /// Handles one line without its line feed, then advances the byte offset past it.
    private mutating func handleLine(_ rawLine: UnsafeRawBufferPointer, emit: (ExportRecord) throws -> Void) throws {
        lineNumber += 1
        statistics.lineCount += 1
        defer { lineOffset += rawLine.count }

        var line = rawLine
        if line.last == 0x0d { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
        // A byte order mark starts the first line, or any line where logs were concatenated.
        var start = line.starts(with: [0xef, 0xbb, 0xbf]) ? 3 : 0
        start = try skipNULRun(in: line, from: start, emit: emit)
        while start < line.count, line[start] == 0x20 || line[start] == 0x09 { start += 1 }

        guard start < line.count else {
            streamTag = nil
            return
        }
        let content = UnsafeRawBufferPointer(rebasing: line[start...])
        if content[0] == UInt8(ascii: "{") {
            try handleJSONLine(content, column: start + 1, emit: emit)
        } else if let value = Self.field("tag:", of: content) {
            streamTag = String(String(decoding: value, as: UTF8.self).trimmingWhitespace())
        } else if let value = Self.field("data:", of: content) {
            try handleStreamData(value, column: start + content.count - value.count + 1, emit: emit)
        } else if ["retry:", "id:", "event:", ":"].contains(where: { content.starts(with: $0.utf8) }) {
            return
        } else {
            let text = Self.excerpt(UnsafeRawBufferPointer(rebasing: content.prefix(60)))
            let message = "line is neither a JSON event nor an event-stream field: '\(text)'; skipped"
            try emit(.warning(message, line: lineNumber))
        }
    }

    /// Skips the NUL bytes at `start`, reporting an error when there are any, and returns the
    /// index after them.
    ///
    /// A file system that loses power while the master appends to its log can leave a run of
    /// NUL bytes where the last writes were, so the events in that place are lost. The event
    /// written after the restart follows the run on the same line, and is read.
    private mutating func skipNULRun(
        in line: UnsafeRawBufferPointer,
        from start: Int,
        emit: (ExportRecord) throws -> Void
    ) throws -> Int {
        var end = start
        while end < line.count, line[end] == 0 { end += 1 }
        guard end > start else { return start }

        let message =
            "line starts with \(end - start) NUL bytes, as a file system leaves them where writes were lost "
            + "when the master lost power; events written there are lost, and the rest of the line was read"
        try emit(.error(message, line: lineNumber))
        return end
    }

    /// Returns the bytes as text for a message, with control characters written as `\xHH`, so
    /// that a NUL byte does not end the message on a terminal.
    private static func excerpt(_ bytes: UnsafeRawBufferPointer) -> String {
        var text = ""
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    /// Returns the bytes after `name` and one optional space, when the line starts with `name`.
    private static func field(_ name: String, of line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard line.starts(with: name.utf8) else { return nil }
        var start = name.utf8.count
        if start < line.count, line[start] == 0x20 { start += 1 }
        return UnsafeRawBufferPointer(rebasing: line[start...])
    }

    /// A `rawfile_json` line; `column` is the line's column of the first byte.
    private mutating func handleJSONLine(
        _ content: UnsafeRawBufferPointer,
        column: Int,
        emit: (ExportRecord) throws -> Void
    ) throws {
        if scansReturnLines, ReturnEventLine.mayBeJobReturn(content),
            let event = ReturnEventLine.scan(content, maxDepth: parser.maxDepth),
            case .jobReturn(let jid, let minion) = event.kind, !event.fields.isScheduled
        {
            try interpreter.handleReturn(event, jid: jid, minion: minion, line: lineNumber, emit: emit)
            return
        }

        let value: Value
        do {
            value = try parser.parse(content, line: lineNumber, offset: lineOffset + column - 1)
        } catch {
            try recoverCorruptLine(content, error: shifted(error, column: column), emit: emit)
            return
        }
        try handleEvent(value, streamTag: nil, emit: emit)
    }

    /// A `data:` line of the event stream; `column` is the line's column of its first byte.
    private mutating func handleStreamData(
        _ content: UnsafeRawBufferPointer,
        column: Int,
        emit: (ExportRecord) throws -> Void
    ) throws {
        let value: Value
        do {
            value = try parser.parse(content, line: lineNumber, offset: lineOffset + column - 1)
        } catch {
            statistics.corruptLineCount += 1
            let message = "the event-stream data is not valid JSON: \(shifted(error, column: column)); skipped"
            try emit(.error(message, line: lineNumber))
            return
        }
        try handleEvent(value, streamTag: streamTag, emit: emit)
    }

    /// Emits the records of an event: `{"tag", "data"}`, or the data of the stream's last tag.
    private mutating func handleEvent(
        _ value: Value,
        streamTag: String?,
        emit: (ExportRecord) throws -> Void
    ) throws {
        if let tag = value["tag"]?.stringValue, let data = value["data"] {
            try interpreter.handle(tag: tag, data: data, line: lineNumber, emit: emit)
        } else if let streamTag {
            try interpreter.handle(tag: streamTag, data: value, line: lineNumber, emit: emit)
        } else {
            try emit(.warning("the JSON \(value.shapeName) has no \"tag\" and \"data\"; skipped", line: lineNumber))
        }
    }

    /// Reports a line that is not valid JSON and reads the complete event at its end, if any.
    private mutating func recoverCorruptLine(
        _ content: UnsafeRawBufferPointer,
        error: JSONError,
        emit: (ExportRecord) throws -> Void
    ) throws {
        statistics.corruptLineCount += 1
        guard let recovered = CorruptEventLine.recover(content, parser: parser) else {
            try emit(
                .error("the line is not valid JSON and holds no complete event: \(error); skipped", line: lineNumber)
            )
            return
        }

        statistics.recoveredEventCount += 1
        let message =
            "the line is corrupt: Salt's rawfile_json returner cut off one or more events it could not encode "
            + "(bytes or datetimes), and they are lost; the complete event '\(recovered.tag)' appended to them "
            + "at byte \(recovered.offset + 1) of the line was read"
        try emit(.error(message, line: lineNumber))
        try interpreter.handle(tag: recovered.tag, data: recovered.data, line: lineNumber, emit: emit)
    }

    /// Returns the error with its column counted from the start of the line, not of the parsed
    /// part.
    private func shifted(_ error: JSONError, column: Int) -> JSONError {
        var error = error
        if error.line == lineNumber { error.column += column - 1 }
        return error
    }
}
