/// The kinds of job slot a generated input is made of, and how often each occurs.
///
/// Every slot yields exactly one return per targeted minion that is up, so an input of
/// `jobs` slots over `minions` minions contains `jobs × minions` returns. A scheduled slot is one
/// scheduler round over the targeted minions: each minion's return gets its own jid, as the
/// master allocates one per minion-initiated return.
enum SlotKind: CaseIterable {
    case ping
    case shortCommand
    case longCommand
    case failingCommand
    case healthCheck
    case stateApply
    case grains
    case status
    case version
    case findJob
    case badRetcode
    case scheduled
    /// Only `cmd.run uptime`, for inputs of small returns.
    case uptime

    /// Shares in thousandths of the realistic mix, which leaves out `uptime`.
    ///
    /// Pings and short commands dominate, as on a fleet that is polled every minute. The rare
    /// state runs and long outputs still make most of the bytes: about 350 bytes of return JSON
    /// per return on average, measured at 1,000,000 returns with seed 1.
    static let shares: [(kind: SlotKind, share: Int)] = [
        (.ping, 360), (.shortCommand, 280), (.longCommand, 5), (.failingCommand, 30), (.healthCheck, 50),
        (.stateApply, 10), (.grains, 10), (.status, 60), (.version, 30), (.findJob, 120), (.badRetcode, 15),
        (.scheduled, 30),
    ]

    /// Draws a kind with the shares above.
    static func draw(random: inout SplitMix64) -> SlotKind {
        var ticket = random.below(shares.reduce(0) { $0 + $1.share })
        for entry in shares {
            if ticket < entry.share { return entry.kind }
            ticket -= entry.share
        }
        return .ping
    }
}
