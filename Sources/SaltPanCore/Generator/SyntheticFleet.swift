/// The minions of a generated input: ids with roles, and a few minions that are down.
///
/// Ids follow real naming habits, including the upper case, `_` and `-` that Salt allows
/// (`Cache_Node-7` in a real cache), so readers cannot assume lower-case host names.
struct SyntheticFleet {
    enum Role: String, CaseIterable {
        case web, app, db, cache, lb, monitor
    }

    struct Minion {
        var id: String
        var role: Role
        /// The minion's position in the fleet, used to vary its uptime, addresses and so on.
        var number: Int
    }

    let minions: [Minion]
    /// Minions with accepted keys that never return: they appear in `.minions.p` of jobs that
    /// target them, and have no return.
    let downMinions: [String]

    /// The roles in the proportions of a typical web fleet, one entry per tenth.
    private static let roleShares: [Role] = [.web, .app, .db, .web, .cache, .app, .web, .lb, .monitor, .web]

    init(size: Int, downCount: Int = 3) {
        var minions: [Minion] = []
        minions.reserveCapacity(size)
        var roleCounts: [Role: Int] = [:]
        for index in 0..<size {
            let role = Self.roleShares[index % Self.roleShares.count]
            let number = roleCounts[role, default: 0] + 1
            roleCounts[role] = number
            minions.append(Minion(id: Self.id(role: role, number: number), role: role, number: index))
        }
        self.minions = minions
        downMinions = (1...max(downCount, 1)).map { "old-box-\(Self.padded($0, 2)).example.net" }
    }

    private static func id(role: Role, number: Int) -> String {
        switch role {
        case .cache:
            return "Cache_Node-\(number)"
        case .lb:
            return "LB-\(padded(number, 2)).edge.example.net"
        default:
            return "\(role.rawValue)\(padded(number, 4)).prod.example.net"
        }
    }

    static func padded(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
