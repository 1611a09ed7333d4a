/// The kind of an input, detected from its content rather than its name.
public enum InputKind: Sendable, Equatable, CustomStringConvertible {
    case folder
    /// An uncompressed tar archive.
    case tar
    /// A gzip stream whose decompressed data starts with a tar header.
    case gzipTar
    /// A gzip stream whose decompressed data is not a tar archive.
    case gzip
    /// Text that starts with `{` or `[` after whitespace; a guess, not a validated document.
    case json
    /// Content of a known kind that saltpan does not read, such as a zip archive or UTF-16
    /// text, with a message that says what to do next.
    case unsupported(String)
    /// Anything else, with a description of the first bytes for messages.
    case unknown(String)

    public var description: String {
        switch self {
        case .folder:
            return "folder"
        case .tar:
            return "tar archive"
        case .gzipTar:
            return "gzip-compressed tar archive"
        case .gzip:
            return "gzip-compressed data that is not a tar archive"
        case .json:
            return "JSON text"
        case .unsupported(let message):
            return message
        case .unknown(let detail):
            return "unknown content (\(detail))"
        }
    }
}
