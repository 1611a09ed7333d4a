/// A failure that stops an export from being read at all.
///
/// Examples are a missing jid or a document of the wrong shape. Problems with single entries
/// are emitted as `IngestProblem`s instead.
///
/// Invalid JSON is reported as `JSONError`, which names the line and column. Callers add the
/// file name to both.
public struct ExportError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }

    /// Returns the error for a format that contains one job's results without its jid.
    static func missingJid(_ format: ExportFormat) -> ExportError {
        ExportError(
            "the \(format.rawValue) format (\(format.source)) does not name the job; give its jid with --jid"
        )
    }

    /// Returns the error for a top-level value that the format does not contain.
    static func unexpectedShape(_ format: ExportFormat, expected: String, found value: Value) -> ExportError {
        ExportError(
            "the input is not a \(format.rawValue) export: expected \(expected), found \(value.shapeName); "
                + "check --input-format"
        )
    }
}

extension Value {
    /// A short name of the value's type for messages: `an object`, `a string`, ….
    var shapeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .unsigned, .double: return "a number"
        case .string, .invalidString: return "a string"
        case .bytes: return "binary data"
        case .datetime: return "a datetime"
        case .ext: return "an extension value"
        case .array: return "a list"
        case .map: return "an object"
        }
    }

    /// The value for messages: a string quoted and cut to 40 characters, a number or boolean
    /// written out, other values by type.
    var messagePreview: String {
        switch self {
        case .string(let text): return text.count > 40 ? "'\(text.prefix(40))…'" : "'\(text)'"
        case .int(let number): return "\(number)"
        case .unsigned(let number): return "\(number)"
        case .double(let number): return "\(number)"
        case .bool(let flag): return "\(flag)"
        default: return shapeName
        }
    }
}
