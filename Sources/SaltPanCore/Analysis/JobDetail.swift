/// Everything stored about one job: its load, the minions expected and how each one did.
public struct JobDetail: Sendable {
    public var jid: String
    public var kind: JobKind
    public var function: String?
    public var arguments: Value?
    public var target: Value?
    public var targetType: String?
    public var user: String?
    public var metadata: Value?
    public var schedule: String?
    public var returner: String?
    /// UTC start time as ISO-8601 text.
    public var startTime: String?
    public var startTimeBasis: StartTimeBasis?
    public var endTime: String?
    public var nocache: Bool
    public var hasLoad: Bool
    /// The expected minions, or nil when no source had a list: then missing is unknown.
    public var expectedMinions: [String]?
    /// One entry per returned minion and per expected minion without a return, worst first.
    public var minions: [MinionResult]
    public var sources: [SourceSummary]
    /// True when the jid was made up for a capture that carried none.
    public var isSyntheticJid = false
    /// Loads that other sources gave under the same jid (two masters, or a clock change).
    public var collidingLoads: [CollidingLoad] = []

    /// Minions that returned.
    public var returnedMinions: [String] {
        minions.filter { $0.outcome != .missing }.map(\.minion)
    }

    /// Expected minions with no return, or nil when there is no expected list.
    public var missingMinions: [String]? {
        guard expectedMinions != nil else { return nil }
        return minions.filter { $0.outcome == .missing }.map(\.minion)
    }
}

/// One minion's outcome in a job, with the fields the outcome rests on.
public struct MinionResult: Sendable {
    public var minion: String
    public var outcome: Outcome
    public var cause: String?
    public var isWeak: Bool
    public var retcode: Int64?
    public var success: Bool?
    /// The return value; nil for a missing minion or a record without a `return` key.
    public var value: Value?
    public var outputter: String?
    public var product: String?
    /// The verdict `salt-run jobs.exit_success` would give for this minion.
    public var exitSuccess: Bool
    /// The facts each source reports when the sources disagree about this return; empty when
    /// they agree.
    public var sourceFacts: [SourceFact] = []
    /// The verdict a stored `salt-run jobs.exit_success` output gave, when one was ingested.
    public var recordedExitSuccess: Bool?
    /// For a conflict, the jid that was already running.
    public var conflictingJid: String?
    /// A note when the return contradicts itself, such as a non-zero retcode while every state
    /// passed.
    public var inconsistency: String?
}

/// The facts one source reports about a return.
public struct SourceFact: Sendable, Equatable {
    public var sourcePath: String
    public var retcode: Int64?
    public var success: Bool?
    public var hasValue: Bool
}

/// A load another source gave under a jid that is already stored for a different load.
public struct CollidingLoad: Sendable {
    public var sourcePath: String
    public var function: String?
    public var arguments: Value?
    public var target: Value?
    public var user: String?
}

/// An input that reported a job.
public struct SourceSummary: Sendable, Equatable {
    public var path: String
    public var kind: String
    public var sha256: String
}
