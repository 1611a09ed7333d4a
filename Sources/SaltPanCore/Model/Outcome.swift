/// The result of one minion in one job.
public enum Outcome: String, Sendable, CaseIterable, Comparable {
    case succeeded
    case failed
    /// The master expected the minion, and no source contains a return from it.
    case missing
    /// The minion refused the job because the same function was already running.
    case conflict
    /// The return carries nothing that tells success from failure.
    case unknown

    public static func < (lhs: Outcome, rhs: Outcome) -> Bool {
        lhs.sortOrder < rhs.sortOrder
    }

    private var sortOrder: Int {
        switch self {
        case .failed: return 0
        case .conflict: return 1
        case .missing: return 2
        case .unknown: return 3
        case .succeeded: return 4
        }
    }
}

/// The outcome of a return with the reason for it.
public struct OutcomeVerdict: Sendable, Equatable {
    public var outcome: Outcome
    /// Why the rule chose this outcome, in words: `retcode 2`, `did not compile`, ….
    public var cause: String?
    /// True when the outcome rests on `success` alone, with no retcode to confirm it.
    public var isWeak: Bool
    /// For a conflict, the jid of the job that was already running.
    public var conflictingJid: String?
    /// A note when the record contradicts itself, such as a non-zero retcode while every state
    /// passed.
    public var inconsistency: String?

    public init(
        _ outcome: Outcome,
        cause: String? = nil,
        isWeak: Bool = false,
        conflictingJid: String? = nil,
        inconsistency: String? = nil
    ) {
        self.outcome = outcome
        self.cause = cause
        self.isWeak = isWeak
        self.conflictingJid = conflictingJid
        self.inconsistency = inconsistency
    }
}
