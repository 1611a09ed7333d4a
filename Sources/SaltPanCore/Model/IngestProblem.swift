/// Something wrong with part of an input, recorded so nothing is skipped silently.
public struct IngestProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        /// Data was skipped or could not be read.
        case error
        /// Data was read, but something about it is odd (trailing bytes, an unknown file).
        case warning
    }

    public var severity: Severity
    /// The entry inside the input (a path in an archive or folder), when the problem has one.
    public var entry: String?
    /// A byte offset in the (uncompressed) input, for archives.
    public var offset: Int64?
    /// A line number (from 1), for line-based inputs such as event logs and captures.
    public var line: Int?
    public var message: String

    public init(_ severity: Severity, entry: String? = nil, offset: Int64? = nil, line: Int? = nil, message: String) {
        self.severity = severity
        self.entry = entry
        self.offset = offset
        self.line = line
        self.message = message
    }

    /// The problem on one line, as the ingest prints it to a terminal.
    ///
    /// Control characters are shown as `ControlPictures.line(_:)` shows them, because entries
    /// and messages quote the input, and an escape sequence in a minion id would act on the
    /// terminal. `message` keeps them.
    public var description: String {
        var place = ""
        if let entry { place += "\(entry): " }
        if let line { place += "line \(line): " }
        if let offset { place += "byte \(offset): " }
        return ControlPictures.line("\(severity.rawValue): \(place)\(message)")
    }
}
