/// A minion that was expected and did not return, with when it was last heard from.
public struct MissingMinion: Sendable, Equatable {
    public var minion: String
    public var targeted: Int
    public var missing: Int
    public var missingRate: Double?
    /// The newest job in the window the minion did not return from.
    public var newestMissingJid: String?
    /// The newest job the minion returned from, in any window; nil when it never returned.
    public var lastReturnJid: String?
    public var lastReturnStartTime: String?
}

/// Lists the minions that did not return, from the failure rates `saltpan failures` computes.
public enum MissingMinionQuery {
    /// Returns one entry per minion with a missing result in `rates`, most missing first.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read.
    public static func missing(in store: Store, filter: QueryFilter, rates: [FailureRate]) throws -> [MissingMinion] {
        let lastReturn = try store.database.prepare(
            """
            SELECT result.jid, job.start_time FROM returns AS result LEFT JOIN jobs AS job ON job.jid = result.jid
            WHERE result.minion = ? ORDER BY result.jid DESC LIMIT 1
            """
        )
        var minions: [MissingMinion] = []
        for rate in rates where rate.missing > 0 {
            guard let minion = rate.key else { continue }
            var missingFilter = filter
            missingFilter.minions = [try GlobPattern.literal(minion)]
            missingFilter.outcomes = [.missing]
            let newest = try JobListQuery.jobs(in: store, filter: missingFilter, limit: 1).first

            lastReturn.reset()
            try lastReturn.bind(minion, at: 1)
            let hasReturn = try lastReturn.step()
            minions.append(
                MissingMinion(
                    minion: minion,
                    targeted: rate.targeted,
                    missing: rate.missing,
                    missingRate: rate.missingRate,
                    newestMissingJid: newest?.jid,
                    lastReturnJid: hasReturn ? lastReturn.string(at: 0) : nil,
                    lastReturnStartTime: hasReturn ? lastReturn.string(at: 1) : nil
                )
            )
        }
        return minions.sorted { left, right in
            if left.missing != right.missing { return left.missing > right.missing }
            return left.minion.utf8.lexicographicallyPrecedes(right.minion.utf8)
        }
    }
}

extension GlobPattern {
    /// Returns a pattern that matches `text` only, with `*`, `?` and `[` written as sets.
    ///
    /// - Throws: `QueryInputError` for empty text.
    public static func literal(_ text: String) throws(QueryInputError) -> GlobPattern {
        var escaped = ""
        for character in text {
            switch character {
            case "*", "?", "[": escaped += "[\(character)]"
            default: escaped.append(character)
            }
        }
        return try GlobPattern(escaped)
    }
}
