/// One job of a generated input, with everything the job cache and the event log record about it.
struct SyntheticJob {
    /// How Salt created the job, which decides the shape of its load and events.
    enum Origin {
        /// Published by the master (`salt`, LocalClient): a `cmd: publish` load.
        case published(kwargs: Value)
        /// Started by a minion's scheduler: the master stores the return load itself.
        case scheduled(Schedule)
    }

    /// The scheduler fields of a minion-initiated job.
    struct Schedule {
        var name: String
        var pid: Int
        /// The `_stamp` of the stored load, set by the minion before the master allocated the
        /// jid, so it is a little earlier than the jid's time.
        var loadStamp: Timestamp
    }

    var jid: String
    var time: Timestamp
    var origin: Origin
    var function: String
    var arguments: [Value]
    var target: Value
    var targetType: String
    var user: String
    /// The minions the master matched, sorted as Salt 3008 writes `.minions.p`; it includes
    /// minions that never returned.
    var expectedMinions: [String]
    /// One return per minion that returned, in the order the returns arrived.
    var returns: [SyntheticReturn]

    var missingMinionCount: Int {
        expectedMinions.count - returns.count
    }
}

/// One minion's return of a generated job.
struct SyntheticReturn {
    var minion: String
    var value: Value
    var retcode: Int
    var success: Bool
    /// The outputter the minion named (`highstate`, `nested`), stored as `out.p`.
    var outputter: String?
    /// When the master received the return: the event's `_stamp`.
    var stamp: Timestamp
    /// The process id the minion ran the job under, as `cmd.run_all` and the scheduler report it.
    var pid: Int
}
