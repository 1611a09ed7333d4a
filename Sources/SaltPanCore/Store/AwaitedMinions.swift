/// The expected minions of one job whose returns have not come yet.
///
/// Most jobs expect a handful of minions, and every return removes one. A list searched from
/// the start serves them: removing from a `Set` hashed the id and then shifted the entries after
/// it, which cost the ingest writer 2.5% of its instructions on an event log of 10-minion jobs.
/// Past `listLimit` minions, as for a highstate of a whole fleet, a set keeps each removal short.
struct AwaitedMinions {
    /// The maximum number of minions kept as a list.
    static let listLimit = 32

    private var list: [BytewiseString] = []
    private var hashed: Set<BytewiseString>?

    var count: Int {
        hashed?.count ?? list.count
    }

    var isEmpty: Bool {
        count == 0
    }

    /// The minions, in no particular order.
    var minions: [BytewiseString] {
        hashed.map(Array.init) ?? list
    }

    /// Adds `minion` unless it is present, and returns whether it was added.
    @discardableResult
    mutating func insert(_ minion: BytewiseString) -> Bool {
        if let inserted = hashed?.insert(minion).inserted {
            return inserted
        }
        guard !list.contains(minion) else { return false }
        list.append(minion)
        if list.count > Self.listLimit {
            hashed = Set(list)
            list = []
        }
        return true
    }

    /// Removes `minion`, and returns whether it was present.
    mutating func remove(_ minion: BytewiseString) -> Bool {
        if hashed != nil {
            return hashed?.remove(minion) != nil
        }
        guard let index = list.firstIndex(of: minion) else { return false }
        list.swapAt(index, list.count - 1)
        list.removeLast()
        return true
    }
}
