#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to write a generated input: a path that cannot be created or written, or zlib
/// refusing to compress.
public struct GeneratorError: Error, Sendable, CustomStringConvertible {
    public var message: String

    init(_ message: String) {
        self.message = message
    }

    /// Returns an error for the failed system call `call` on `path`, with the text of `errno`.
    static func system(_ call: String, path: String) -> GeneratorError {
        GeneratorError("\(call) failed for '\(path)': \(String(cString: strerror(errno)))")
    }

    public var description: String { message }
}
