/// A retcode other than the ones Salt itself sets, with where it came from.
public struct UnusualRetcode: Sendable {
    public var retcode: Int64
    public var returns: Int
    /// Functions with their number of returns, most first.
    public var functions: [(name: String?, returns: Int)]
    /// Minions that returned it, sorted.
    public var minions: [String]
    public var jobs: Int
    public var newestJid: String?
}

/// Finds the retcodes Salt does not set itself.
///
/// A Salt minion sets 0 for success, 1 when a function raised an error or a state run did not
/// compile, and 2 when a state failed (as the Salt 3008 corpus in `fixtures/` shows). Any other
/// value was chosen by what ran, such as a script's exit status, and is worth a look.
public enum UnusualRetcodeQuery {
    /// The retcodes Salt's minions set themselves.
    public static let usualRetcodes: Set<Int64> = [0, 1, 2]

    /// Lists the other retcodes among the returns `filter` selects, in increasing order.
    ///
    /// `seen` is the set of retcodes of a `RetcodeBreakdown` of the same filter.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read.
    public static func unusual(in store: Store, filter: QueryFilter, seen: [Int64]) throws -> [UnusualRetcode] {
        var unusual: [UnusualRetcode] = []
        for retcode in seen where !usualRetcodes.contains(retcode) {
            var retcodeFilter = filter
            retcodeFilter.retcodes = [retcode]
            let byFunction = try RetcodeBreakdownQuery.breakdown(in: store, by: .function, filter: retcodeFilter)
            let byMinion = try RetcodeBreakdownQuery.breakdown(in: store, by: .minion, filter: retcodeFilter)
            let jobs = try JobListQuery.jobs(in: store, filter: retcodeFilter, limit: nil)

            let functions = byFunction.groups.map { ($0.key, $0.retcodes[retcode] ?? 0) }.sorted { left, right in
                left.1 != right.1 ? left.1 > right.1 : GroupKey.precedes(left.0, right.0)
            }
            unusual.append(
                UnusualRetcode(
                    retcode: retcode,
                    returns: functions.reduce(0) { $0 + $1.1 },
                    functions: functions.map { (name: $0.0, returns: $0.1) },
                    minions: byMinion.groups.compactMap(\.key),
                    jobs: jobs.count,
                    newestJid: jobs.first?.jid
                )
            )
        }
        return unusual
    }
}
