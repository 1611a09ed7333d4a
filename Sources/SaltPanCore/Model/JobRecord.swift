/// What one source says about a job: its load and the minions the master expected.
///
/// A record is built from a job cache folder (`jid`, `.load.p`, `.minions*.p`, `endtime`,
/// `nocache`, `.batch.p`) or from exported JSON, and handed to the store, which merges records
/// of the same jid from different sources.
public struct JobRecord: Sendable {
    public var jid: String
    public var kind: JobKind
    /// The function, such as `cmd.run` or `runner.state.orchestrate`; nil when no load was found.
    public var function: String?
    public var arguments: Value?
    /// A string for glob, pcre, grain and compound targets; a list for `-L`, `--static` and batch.
    public var target: Value?
    public var targetType: String?
    /// The publishing user; nil when the load names none (scheduled jobs, old loads).
    public var user: String?
    /// The `--metadata` map the job was published with, from the load's `kwargs.metadata`.
    public var metadata: Value?
    /// The schedule name of a minion-scheduled job.
    public var schedule: String?
    /// The returners named with `--return`, from the load's `ret`.
    public var returner: String?
    /// The start time in UTC.
    public var startTime: Timestamp?
    public var startTimeBasis: StartTimeBasis?
    /// When the master stored the last return (the `endtime` file), in UTC.
    public var endTime: Timestamp?
    /// True when the job folder had a `nocache` marker: the master dropped its returns.
    public var nocache: Bool
    /// The minions the master expected to return, or nil when the source has no such list.
    public var expectedMinions: [String]?
    /// The whole load as the source stored it.
    public var load: Value?
    /// Salt 3008's `.batch.p` batch state.
    public var batch: Value?
    /// The `_stamp` of the job's `new` or `publish` event: the true start in UTC, which the
    /// ingest compares with the jid to learn the master's clock offset.
    public var publishStamp: Timestamp?
    /// True when the jid was made up by saltpan because the source carried none (a `salt`
    /// capture ingested without `--jid`).
    public var isSyntheticJid = false

    public init(jid: String, kind: JobKind) {
        self.jid = jid
        self.kind = kind
        self.nocache = false
    }
}

/// How a job came to be, which decides where its arguments and results live.
public enum JobKind: String, Sendable, CaseIterable {
    /// Published by the master (`salt`, salt-api, orchestration): the load has `cmd: publish`.
    case published
    /// Run by `salt-run`: stored under the master's id, its result nested in the return.
    case runner
    /// Run by a minion's scheduler: the load is the return itself, with a `schedule` name.
    case scheduled
    /// Run through the wheel system (key management and the like).
    case wheel
    /// No load was found, or it had none of the known shapes.
    case unknown
}

/// Where a job's start time came from.
public enum StartTimeBasis: String, Sendable {
    /// Read from the jid (`YYYYMMDDhhmmssffffff`) in the zone given for the master's clock.
    case jid
    /// Taken from the `_stamp` of the job's publish event, which Salt writes in UTC.
    case stamp
}
