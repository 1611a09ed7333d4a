/// The output formats of the query commands.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned columns for a terminal; long text cells are shortened.
    case table
    /// One JSON document: an array of objects with the field names in the README.
    case json
    /// RFC 4180 CSV with a header row, except that lines end in LF rather than CRLF.
    case csv
    /// A GitHub-flavoured Markdown table.
    case md
}
