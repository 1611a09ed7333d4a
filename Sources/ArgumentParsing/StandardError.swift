// The Glibc global `stderr` is a mutable C variable, which Swift 6 rejects in
// concurrent code unless the module is imported with `@preconcurrency`. The
// attribute has no effect when Foundation is also imported into this file,
// so this file must not import Foundation.
@preconcurrency import Glibc

/// A text stream that writes to the process's standard error.
///
/// Each `write` calls `fputs`, so text reaches standard error in the order it
/// is written and without extra buffering beyond the C library's. Use it with
/// `print(_:to:)`: `var standardError = StandardError()` and then
/// `print("Error: …", to: &standardError)`.
public struct StandardError: TextOutputStream, Sendable {
    /// Creates a stream writing to standard error.
    public init() {}

    /// Writes `string` to standard error.
    public mutating func write(_ string: String) {
        fputs(string, stderr)
    }
}
