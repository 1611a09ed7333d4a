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
        case .unknown(let detail):
            return "unknown content (\(detail))"
        }
    }
}
