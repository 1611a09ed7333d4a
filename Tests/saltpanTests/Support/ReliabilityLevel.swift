import Foundation

/// How many cases the reliability suites try: few in a plain `swift test`, many when
/// `scripts/reliability` sets `SALTPAN_RELIABILITY=full`.
enum ReliabilityLevel {
    static var isFull: Bool {
        ProcessInfo.processInfo.environment["SALTPAN_RELIABILITY"] == "full"
    }

    /// `short` cases normally, `full` cases under `SALTPAN_RELIABILITY=full`.
    static func count(short: Int, full: Int) -> Int {
        isFull ? full : short
    }
}
