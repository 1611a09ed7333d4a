extension ExportRecord {
    /// Makes a warning about data that was read, or skipped on purpose, at a JSON path or line.
    static func warning(_ message: String, entry: String? = nil, line: Int? = nil) -> ExportRecord {
        .problem(IngestProblem(.warning, entry: entry, line: line, message: message))
    }

    /// Makes an error about data that could not be read, at a JSON path or line.
    static func error(_ message: String, entry: String? = nil, line: Int? = nil) -> ExportRecord {
        .problem(IngestProblem(.error, entry: entry, line: line, message: message))
    }
}
