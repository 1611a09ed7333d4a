/// Process exit statuses for command-line tools built on this library.
///
/// The values follow swift-argument-parser on Linux, which takes the usage
/// status from `EX_USAGE` in `<sysexits.h>`.
public enum ExitCode {
    /// Success, and also help or version output.
    public static let success: Int32 = 0

    /// A runtime failure, such as an unreadable input file.
    public static let failure: Int32 = 1

    /// A command-line usage error (`EX_USAGE`).
    public static let usage: Int32 = 64
}
