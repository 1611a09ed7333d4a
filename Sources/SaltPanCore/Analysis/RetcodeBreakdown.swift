/// The retcodes of one group's results.
public struct RetcodeCounts: Sendable, Equatable {
    /// The minion id, function or product; nil when the jobs had no load or no product.
    public var key: String?
    /// True when the key is the master's id, so the group contains runner or wheel jobs.
    public var isMaster = false
    /// Returns per retcode value.
    public var retcodes: [Int64: Int] = [:]
    /// Returns that carried no retcode (runner jobs, old and exported records).
    public var noRetcode = 0
    /// Expected minions without a return.
    public var missing = 0

    public init(key: String?) {
        self.key = key
    }

    /// All results of the group: returns with and without a retcode, plus missing minions.
    public var total: Int {
        retcodes.values.reduce(0, +) + noRetcode + missing
    }
}

/// Retcodes per group, with the set of retcode values seen.
public struct RetcodeBreakdown: Sendable, Equatable {
    public var grouping: ResultGrouping
    /// Every retcode value seen in any group, in increasing order.
    public var retcodes: [Int64]
    /// One entry per group, ordered by key with the nil key last.
    public var groups: [RetcodeCounts]
}

/// Counts returns per retcode value for each minion, function or product.
public enum RetcodeBreakdownQuery {
    /// Counts the retcodes of the results `filter` selects.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read.
    public static func breakdown(
        in store: Store,
        by grouping: ResultGrouping,
        filter: QueryFilter
    ) throws -> RetcodeBreakdown {
        let parts = try SplitResultScan.run(store: store, filter: filter) { scan in
            var groups = GroupTable(empty: RetcodeCounts(key: nil))
            try scan.scan { row in
                groups.update(grouping.key(of: row)) { $0.add(row) }
            }
            return groups.entries.map { key, counts in
                var named = counts
                named.key = key.map(scan.texts.string)
                return named
            }
        }

        var joined: [String?: RetcodeCounts] = [:]
        for counts in parts.joined() {
            joined[counts.key, default: RetcodeCounts(key: counts.key)].add(counts)
        }
        let counts = Array(joined.values)
        let seen = Set(counts.flatMap(\.retcodes.keys))
        return RetcodeBreakdown(
            grouping: grouping,
            retcodes: seen.sorted(),
            groups: counts.sorted { GroupKey.precedes($0.key, $1.key) }
        )
    }
}

extension RetcodeCounts {
    /// Adds the counts of the same group over another range of jids.
    fileprivate mutating func add(_ other: RetcodeCounts) {
        isMaster = isMaster || other.isMaster
        retcodes.merge(other.retcodes, uniquingKeysWith: +)
        noRetcode += other.noRetcode
        missing += other.missing
    }

    fileprivate mutating func add(_ row: MinionResultRow) {
        isMaster = isMaster || row.isMaster
        if row.outcome == .missing {
            missing += 1
        } else if let retcode = row.retcode {
            retcodes[retcode, default: 0] += 1
        } else {
            noRetcode += 1
        }
    }
}
