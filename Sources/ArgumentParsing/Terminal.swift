// `environ` is a mutable Glibc global. StandardError.swift explains why this
// file imports Glibc with `@preconcurrency` and must not import Foundation.
@preconcurrency import Glibc

/// Returns whether `fileDescriptor` is a terminal that understands control sequences.
///
/// This is true when `isatty` reports a terminal and `TERM` is not `dumb`,
/// the rule swift-format and git use before drawing progress or colour.
/// `environment` defaults to the process environment.
public func isTerminal(_ fileDescriptor: Int32, environment: [String: String]? = nil) -> Bool {
    let term = environment.map { $0["TERM"] } ?? getenv("TERM").map { String(cString: $0) }
    return isatty(fileDescriptor) == 1 && term != "dumb"
}

/// Returns the width in columns to wrap help text to.
///
/// The width is `COLUMNS` when it is a positive integer, otherwise the
/// terminal width of `fileDescriptor` from `ioctl(TIOCGWINSZ)`, otherwise
/// 80. swift-argument-parser uses the same order.
public func terminalWidth(environment: [String: String], fileDescriptor: Int32 = STDOUT_FILENO) -> Int {
    if let columns = environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 {
        return columns
    }

    var size = winsize()
    if ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
        return Int(size.ws_col)
    }
    return 80
}

/// Returns a copy of the process environment.
///
/// When a variable appears more than once, the first value wins, as with `getenv`.
public func environmentVariables() -> [String: String] {
    var variables: [String: String] = [:]
    var entry: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
    while let current = entry, let pointer = current.pointee {
        let text = String(cString: pointer)
        if let separator = text.firstIndex(of: "=") {
            let name = String(text[..<separator])
            let value = String(text[text.index(after: separator)...])
            if variables[name] == nil {
                variables[name] = value
            }
        }
        entry = current.advanced(by: 1)
    }
    return variables
}
