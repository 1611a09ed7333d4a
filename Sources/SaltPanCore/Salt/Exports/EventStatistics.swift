/// Counts from reading an event log or event stream.
///
/// Tags are counted by pattern, with jids written as `<jid>`, the minion of a return tag as
/// `<minion>` and other ids that the event's data repeats as `<id>`:
/// `salt/job/<jid>/ret/<minion>`, `minion/refresh/<id>`, `salt/auth`.
public struct EventStatistics: Sendable, Equatable {
    /// The maximum number of distinct tag patterns counted; further patterns count as
    /// `otherTagsPattern`.
    public static let maxTagPatterns = 1000
    public static let otherTagsPattern = "(other tags)"

    /// Lines read, including blank lines and event-stream fields.
    public var lineCount = 0
    /// Events read, including those recovered from corrupt lines.
    public var eventCount = 0
    /// Lines that were not valid JSON.
    public var corruptLineCount = 0
    /// Complete events found at the end of corrupt lines.
    public var recoveredEventCount = 0
    /// Events turned into records, by tag pattern.
    public var readTags: [String: Int] = [:]
    /// Events of tags that contain no job data, by tag pattern, skipped without a warning.
    public var skippedTags: [String: Int] = [:]

    public init() {}

    mutating func countRead(_ pattern: String) {
        Self.count(pattern, in: &readTags)
    }

    mutating func countSkipped(_ pattern: String) {
        Self.count(pattern, in: &skippedTags)
    }

    /// Adds one event of `pattern`, hashing the pattern once when it has been counted before,
    /// as nearly every event's pattern has.
    private static func count(_ pattern: String, in counts: inout [String: Int]) {
        if let index = counts.index(forKey: pattern) {
            counts.values[index] += 1
        } else {
            counts[counts.count < maxTagPatterns ? pattern : otherTagsPattern, default: 0] += 1
        }
    }

    /// The skipped tags as one line, most frequent first: `minion/refresh/<id>: 45, …`.
    public var skippedTagSummary: String {
        skippedTags.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .map { "\($0.key): \($0.value)" }
            .joined(separator: ", ")
    }
}
