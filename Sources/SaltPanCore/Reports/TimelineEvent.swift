/// One line of the incident timeline.
public struct TimelineEvent: Sendable, Equatable {
    /// What happened.
    public enum Kind: String, Sendable {
        case publish
        case `return`
        case missing
        case conflict
        case change
    }

    /// UTC time of the event as ISO-8601 text; nil for a job without a start time.
    public var time: String?
    /// The source of the time: `publish` (the job's start), or `return event` when the
    /// input recorded when the return arrived.
    public var timeBasis: String
    public var jid: String
    public var kind: Kind
    public var minion: String?
    public var outcome: Outcome?
    public var detail: String

    /// Puts publishes, returns, missing minions and changes in time order.
    ///
    /// A job cache does not record when a return arrived, so such returns are placed at their
    /// job's publish, right after it, with `timeBasis` stating that.
    static func merge(
        jobs: [JobSummary],
        results: [TimelineResult],
        exceptions: [ResultException],
        changes: [StateChange]
    ) -> [TimelineEvent] {
        var details: [String: ResultException] = [:]
        for exception in exceptions {
            details[exception.jid + "\u{0}" + exception.minion] = exception
        }
        var changesByReturn: [String: [StateChange]] = [:]
        for change in changes.reversed() {
            changesByReturn[change.jid + "\u{0}" + change.minion, default: []].append(change)
        }
        let startTimes = Dictionary(jobs.map { ($0.jid, $0.startTime) }, uniquingKeysWith: { first, _ in first })

        var events: [(event: TimelineEvent, rank: Int)] = jobs.map { (publish($0), 0) }
        for result in results {
            let key = result.jid + "\u{0}" + result.minion
            let time = result.returnTime ?? startTimes[result.jid] ?? nil
            let basis = result.returnTime == nil ? "publish (no return time)" : "return event"
            events.append((returned(result, detail: details[key], time: time, basis: basis), 1))
            if let changed = changesByReturn[key] {
                events.append((change(changed, result: result, time: time, basis: basis), 2))
            }
        }
        for exception in exceptions where exception.outcome == .missing {
            events.append((missing(exception), 1))
        }

        return events.sorted { left, right in
            let leftTime = left.event.time ?? ""
            let rightTime = right.event.time ?? ""
            if leftTime != rightTime { return leftTime < rightTime }
            if left.event.jid != right.event.jid { return left.event.jid < right.event.jid }
            if left.rank != right.rank { return left.rank < right.rank }
            return (left.event.minion ?? "").utf8.lexicographicallyPrecedes((right.event.minion ?? "").utf8)
        }.map(\.event)
    }

    private static func publish(_ job: JobSummary) -> TimelineEvent {
        let arguments = job.arguments.map(JobDetailRenderer.compactJSON) ?? "[]"
        let target = job.target.map { $0.stringValue ?? JobDetailRenderer.compactJSON($0) } ?? "-"
        let targetType = job.targetType.map { " (\($0))" } ?? ""
        let user = job.user ?? "no user in the load"
        let expected =
            job.expectedCount.map { ", \($0) \($0 == 1 ? "minion" : "minions") expected" }
            ?? ", expected minions unknown"
        return TimelineEvent(
            time: job.startTime,
            timeBasis: "publish",
            jid: job.jid,
            kind: .publish,
            minion: nil,
            outcome: nil,
            detail: "\(user): \(job.function ?? "(no load)") \(arguments) on \(target)\(targetType)\(expected)"
        )
    }

    private static func returned(
        _ result: TimelineResult,
        detail: ResultException?,
        time: String?,
        basis: String
    ) -> TimelineEvent {
        var text = result.cause ?? ""
        if let comment = detail?.comments.first { text += text.isEmpty ? comment : ": \(comment)" }
        return TimelineEvent(
            time: time,
            timeBasis: basis,
            jid: result.jid,
            kind: result.outcome == .conflict ? .conflict : .return,
            minion: result.minion,
            outcome: result.outcome,
            detail: text
        )
    }

    private static func change(
        _ changes: [StateChange],
        result: TimelineResult,
        time: String?,
        basis: String
    )
        -> TimelineEvent
    {
        let states = changes.map { "\($0.function) \($0.name)" }
        return TimelineEvent(
            time: time,
            timeBasis: basis,
            jid: result.jid,
            kind: .change,
            minion: result.minion,
            outcome: nil,
            detail: "\(changes.count) \(changes.count == 1 ? "state" : "states") changed: "
                + states.joined(separator: ", ")
        )
    }

    private static func missing(_ exception: ResultException) -> TimelineEvent {
        TimelineEvent(
            time: exception.startTime,
            timeBasis: "publish",
            jid: exception.jid,
            kind: .missing,
            minion: exception.minion,
            outcome: .missing,
            detail: "expected, no return in any input"
        )
    }
}

/// One return of a job in the timeline.
struct TimelineResult: Sendable {
    var jid: String
    var minion: String
    var outcome: Outcome
    var cause: String?
    /// When the return event was fired, for inputs that record it.
    var returnTime: String?
}

/// Reads the returns the timeline shows.
enum TimelineResultQuery {
    static func results(in store: Store, filter: QueryFilter) throws -> [TimelineResult] {
        let jobCondition = filter.jobCondition("job")
        let returnCondition = filter.returnCondition("result")
        let query = try store.database.prepare(
            """
            SELECT result.jid, result.minion, result.outcome, result.cause, result.return_time
            FROM jobs AS job JOIN returns AS result ON result.jid = job.jid
            WHERE \(jobCondition.text) AND \(returnCondition.text)
            ORDER BY result.jid, result.minion
            """
        )
        try query.bind(jobCondition.parameters + returnCondition.parameters)
        var results: [TimelineResult] = []
        while try query.step() {
            results.append(
                TimelineResult(
                    jid: query.string(at: 0) ?? "",
                    minion: query.string(at: 1) ?? "",
                    outcome: Outcome(rawValue: query.string(at: 2) ?? "") ?? .unknown,
                    cause: query.string(at: 3),
                    returnTime: query.string(at: 4)
                )
            )
        }
        return results
    }
}
