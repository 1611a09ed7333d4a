/// The property `failures` and `retcodes` group minion results by.
public enum ResultGrouping: String, Sendable, CaseIterable {
    /// The minion id; runner and wheel jobs count under the master's id (`<id>_master`).
    case minion
    /// The job's function, such as `cmd.script`.
    case function
    /// The return's product; for a missing minion, the product its return would have had.
    case product

    /// Returns the text id of a result's group: nil for a job without a stored load or a result
    /// without a product.
    func key(of row: MinionResultRow) -> Int? {
        switch self {
        case .minion: return row.minion
        case .function: return row.function
        case .product: return row.product
        }
    }
}

/// How often one group failed and went missing.
public struct FailureRate: Sendable, Equatable {
    /// The minion id, function or product; nil when the jobs had no load or no product.
    public var key: String?
    /// True when the key is the master's id, so the group contains runner or wheel jobs.
    public var isMaster = false
    /// Minion results: returns plus expected minions without a return.
    public var targeted = 0
    public var returned = 0
    public var succeeded = 0
    public var failed = 0
    public var missing = 0
    public var conflict = 0
    public var unknown = 0
    /// The failed jobs in a row up to the newest job, ordered by jid.
    ///
    /// A job where the group failed on any minion adds one, a job where it only succeeded ends
    /// the run, and a job where it was only missing, unknown or in conflict is passed over.
    public var streak = 0
    /// The newest jid in which the group failed.
    public var lastFailedJid: String?

    public init(key: String?) {
        self.key = key
    }

    /// Failed ÷ returned, from 0 to 1; nil when nothing returned.
    public var failureRate: Double? {
        returned == 0 ? nil : Double(failed) / Double(returned)
    }

    /// Missing ÷ targeted, from 0 to 1; nil when nothing was targeted.
    public var missingRate: Double? {
        targeted == 0 ? nil : Double(missing) / Double(targeted)
    }
}

/// Counts failures and missing returns per minion, function or product.
public enum FailureRateQuery {
    /// Counts the results `filter` selects per group, worst first.
    ///
    /// Worst means the highest failure rate, then the most failures, the highest missing rate,
    /// the most missing, then the key.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read.
    public static func rates(in store: Store, by grouping: ResultGrouping, filter: QueryFilter) throws -> [FailureRate]
    {
        try rates(in: store, by: grouping, filter: filter, splittingAt: nil)
    }

    /// Counts as `rates(in:by:filter:)` does, with the scan split at the jid `middle`
    /// (see `SplitResultScan`).
    static func rates(
        in store: Store,
        by grouping: ResultGrouping,
        filter: QueryFilter,
        splittingAt middle: String?
    ) throws -> [FailureRate] {
        let parts = try SplitResultScan.run(store: store, filter: filter, splittingAt: middle) { scan in
            var groups = GroupTable(empty: GroupCounter())
            try scan.scan { row in
                groups.update(grouping.key(of: row)) { $0.add(row) }
            }
            return groups.entries.map { key, counter in
                counter.finished(key: key.map(scan.texts.string), jids: scan.scannedJids)
            }
        }
        return join(parts).sorted(by: isWorse)
    }

    /// Joins the counts of consecutive jid ranges, oldest first, into one count per group.
    private static func join(_ parts: [[PartialRate]]) -> [FailureRate] {
        var joined: [String?: PartialRate] = [:]
        for part in parts {
            for newer in part {
                joined[newer.rate.key] = joined[newer.rate.key].map { $0.followed(by: newer) } ?? newer
            }
        }
        return joined.values.map(\.rate)
    }

    static func isWorse(_ left: FailureRate, _ right: FailureRate) -> Bool {
        let leftRate = left.failureRate ?? -1
        let rightRate = right.failureRate ?? -1
        if leftRate != rightRate { return leftRate > rightRate }
        if left.failed != right.failed { return left.failed > right.failed }
        let leftMissing = left.missingRate ?? -1
        let rightMissing = right.missingRate ?? -1
        if leftMissing != rightMissing { return leftMissing > rightMissing }
        if left.missing != right.missing { return left.missing > right.missing }
        return GroupKey.precedes(left.key, right.key)
    }
}

/// One group's counts over a range of jids.
private struct PartialRate: Sendable {
    var rate: FailureRate
    /// True when a job that only succeeded ended a run of failures in this range, so the
    /// streak does not reach back into earlier ranges.
    var hasSuccessOnlyJob: Bool

    /// Returns the counts of this range followed by those of the newer range `newer`.
    func followed(by newer: PartialRate) -> PartialRate {
        var rate = newer.rate
        rate.isMaster = self.rate.isMaster || newer.rate.isMaster
        rate.targeted += self.rate.targeted
        rate.returned += self.rate.returned
        rate.succeeded += self.rate.succeeded
        rate.failed += self.rate.failed
        rate.missing += self.rate.missing
        rate.conflict += self.rate.conflict
        rate.unknown += self.rate.unknown
        if !newer.hasSuccessOnlyJob {
            rate.streak += self.rate.streak
        }
        rate.lastFailedJid = newer.rate.lastFailedJid ?? self.rate.lastFailedJid
        return PartialRate(rate: rate, hasSuccessOnlyJob: hasSuccessOnlyJob || newer.hasSuccessOnlyJob)
    }
}

/// Adds up one group's results as they arrive in jid order.
private struct GroupCounter {
    private var rate = FailureRate(key: nil)
    private var openJob: Int?
    private var openJobFailed = false
    private var openJobSucceeded = false
    private var lastFailedJob: Int?
    private var hasSuccessOnlyJob = false

    mutating func add(_ row: MinionResultRow) {
        if row.jobIndex != openJob {
            closeJob()
            openJob = row.jobIndex
        }
        rate.isMaster = rate.isMaster || row.isMaster
        rate.targeted += 1
        if row.outcome != .missing { rate.returned += 1 }

        switch row.outcome {
        case .succeeded:
            rate.succeeded += 1
            openJobSucceeded = true
        case .failed:
            rate.failed += 1
            lastFailedJob = row.jobIndex
            openJobFailed = true
        case .missing: rate.missing += 1
        case .conflict: rate.conflict += 1
        case .unknown: rate.unknown += 1
        }
    }

    /// Returns the counts with the last job closed, for the group `key`.
    func finished(key: String?, jids: [String]) -> PartialRate {
        var counter = self
        counter.closeJob()
        counter.rate.key = key
        counter.rate.lastFailedJid = lastFailedJob.map { jids[$0] }
        return PartialRate(rate: counter.rate, hasSuccessOnlyJob: counter.hasSuccessOnlyJob)
    }

    private mutating func closeJob() {
        if openJobFailed {
            rate.streak += 1
        } else if openJobSucceeded {
            rate.streak = 0
            hasSuccessOnlyJob = true
        }
        openJobFailed = false
        openJobSucceeded = false
    }
}

/// Counters per group, in an array indexed by the group's text id, with the nil key first.
///
/// Looking a counter up by index spares hashing a key for every row of a large scan, and the
/// counter changes in place.
struct GroupTable<Counter> {
    private let empty: Counter
    private var counters: [Counter] = []
    private var isUsed: [Bool] = []

    init(empty: Counter) {
        self.empty = empty
    }

    mutating func update(_ key: Int?, _ change: (inout Counter) -> Void) {
        let index = key.map { $0 + 1 } ?? 0
        if index >= counters.count {
            let added = index - counters.count + 1
            counters.append(contentsOf: repeatElement(empty, count: added))
            isUsed.append(contentsOf: repeatElement(false, count: added))
        }
        isUsed[index] = true
        change(&counters[index])
    }

    /// The groups that have a counter, with their text ids.
    var entries: [(key: Int?, counter: Counter)] {
        counters.indices.filter { isUsed[$0] }.map { index in
            (index == 0 ? nil : index - 1, counters[index])
        }
    }
}

/// The order of group keys in reports: by UTF-8 bytes, with the nil key last.
enum GroupKey {
    static func precedes(_ left: String?, _ right: String?) -> Bool {
        switch (left, right) {
        case (let left?, let right?): return left.utf8.lexicographicallyPrecedes(right.utf8)
        case (.some, nil): return true
        case (nil, _): return false
        }
    }
}
