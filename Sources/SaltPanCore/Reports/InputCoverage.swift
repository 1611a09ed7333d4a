/// The share of a report's window the inputs cover, so an empty report can tell a quiet fleet
/// from a window saltpan could not see.
///
/// A Salt master keeps its job cache for 24 hours by default (`keep_jobs_seconds: 86400`), so a
/// cache copied once a day may leave hours between the last job of one copy and the first of
/// the next. Time outside every input's span is blind: no job there could have been seen.
public struct InputCoverage: Sendable, Equatable {
    /// The relation of the window to the inputs' spans.
    public enum Status: String, Sendable {
        /// Every moment of the window lies in some input's span.
        case covered
        /// Part of the window lies outside every input's span.
        case partial
        /// No input's span reaches into the window.
        case blind
    }

    /// The window the report covers.
    public var window: TimeSpan
    /// The inputs' spans merged where they overlap, in time order.
    public var spans: [TimeSpan]
    /// The time between consecutive merged spans, whether or not it falls in the window.
    public var gaps: [TimeSpan]
    /// The parts of the window outside every input's span.
    public var blindSpans: [TimeSpan]
    public var status: Status

    /// Computes the coverage of `window` by the inputs' spans.
    ///
    /// `hasJobs` is true when the window contains a job. An input whose first and last job
    /// coincide covers no time, yet a window with a job in it is never blind.
    public init(window: TimeSpan, inputSpans: [TimeSpan], hasJobs: Bool) {
        self.window = window
        self.spans = Self.merged(inputSpans)
        self.gaps = zip(spans, spans.dropFirst()).map { TimeSpan(start: $0.end, end: $1.start) }
        self.blindSpans = Self.uncovered(window, by: spans)

        let blind = blindSpans.reduce(0) { $0 + $1.microseconds }
        if spans.isEmpty && !hasJobs {
            // An empty database covers no time, even for a window of no length.
            status = .blind
        } else if blind == 0 {
            status = .covered
        } else if blind >= window.microseconds && !hasJobs {
            status = .blind
        } else {
            status = .partial
        }
    }

    /// The share of the window inside some input's span, from 0 to 1; nil for an empty window.
    public var coveredFraction: Double? {
        guard window.microseconds > 0 else { return nil }
        let blind = blindSpans.reduce(0) { $0 + $1.microseconds }
        return Double(window.microseconds - blind) / Double(window.microseconds)
    }

    static func merged(_ spans: [TimeSpan]) -> [TimeSpan] {
        var merged: [TimeSpan] = []
        for span in spans.sorted(by: { $0.start < $1.start }) {
            if let last = merged.last, span.start <= last.end {
                merged[merged.count - 1].end = max(last.end, span.end)
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    /// Returns the parts of `window` outside the sorted, disjoint `spans`.
    static func uncovered(_ window: TimeSpan, by spans: [TimeSpan]) -> [TimeSpan] {
        var uncovered: [TimeSpan] = []
        var cursor = window.start
        for span in spans where span.end > cursor && span.start < window.end {
            if span.start > cursor {
                uncovered.append(TimeSpan(start: cursor, end: span.start))
            }
            cursor = max(cursor, span.end)
        }
        if cursor < window.end {
            uncovered.append(TimeSpan(start: cursor, end: window.end))
        }
        return uncovered
    }
}
