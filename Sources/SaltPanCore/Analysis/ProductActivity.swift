/// How many jobs reached a product and how many of its minions they targeted.
public struct ProductActivity: Sendable, Equatable {
    /// The product; nil for results without one.
    public var product: String?
    /// Jobs with at least one result (a return or a missing minion) in the product.
    public var jobs: Int
    /// Distinct minion ids with a result in the product, the master's id included.
    public var minions: Int
}

/// Counts jobs and minions per product over the minion results `saltpan failures` reads.
public enum ProductActivityQuery {
    /// Counts the results `filter` selects, ordered by product with the nil product last.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read.
    public static func activity(in store: Store, filter: QueryFilter) throws -> [ProductActivity] {
        var jobs: [Int?: Set<Int>] = [:]
        var minions: [Int?: Set<Int>] = [:]
        let scan = try MinionResultScan(database: store.database, filter: filter)
        try scan.scan { row in
            jobs[row.product, default: []].insert(row.jobIndex)
            minions[row.product, default: []].insert(row.minion)
        }
        let activity = jobs.map { key, jobIndexes in
            ProductActivity(
                product: key.map(scan.texts.string),
                jobs: jobIndexes.count,
                minions: minions[key]?.count ?? 0
            )
        }
        return activity.sorted { GroupKey.precedes($0.product, $1.product) }
    }
}
