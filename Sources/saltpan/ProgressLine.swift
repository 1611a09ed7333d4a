import ArgumentParsing

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A one-line progress message on standard error, redrawn in place on a terminal.
///
/// Updates are limited to ten a second, and nothing is drawn when standard error is not a
/// terminal or `--quiet` is given, so logs of cron runs hold only the summary.
final class ProgressLine {
    private let enabled: Bool
    private var lastDrawn: UInt64 = 0
    private var isVisible = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(_ text: String) {
        guard enabled else { return }
        let now = Self.monotonicMilliseconds()
        guard now - lastDrawn >= 100 || !isVisible else { return }
        lastDrawn = now
        fputs("\r\(text)\u{1B}[K", stderr)
        isVisible = true
    }

    /// Erases the line before other output is written to the terminal.
    func clear() {
        guard isVisible else { return }
        fputs("\r\u{1B}[K", stderr)
        isVisible = false
    }

    private static func monotonicMilliseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1000 + UInt64(time.tv_nsec) / 1_000_000
    }
}
