/// The size, seed and mix of the input that `InputGenerator` writes.
public struct GeneratorOptions: Sendable {
    /// Job slots: each is one published job, or one scheduler round of single-minion jobs.
    public var jobs: Int
    /// Minions that return in every slot, so the input contains `jobs × minions` returns.
    public var minions: Int
    /// Minions in the fleet.
    ///
    /// When it equals `minions`, every job targets `*`. When it is larger, each job targets a
    /// list of `minions` of them, moving through the fleet.
    public var fleetSize: Int
    public var seed: UInt64
    /// Make every job a `cmd.run uptime` with about 60 bytes of output, instead of the
    /// realistic mix.
    public var smallReturns = false
    /// When set, make every job a `state.apply` run of this many states (about 290 bytes of
    /// return JSON each) instead of the realistic mix, for inputs of large returns.
    public var stateRunStates: Int?
    /// The time of the first job, 2026-12-01T00:00:00Z unless set.
    public var start = Timestamp(microseconds: 1_796_083_200_000_000)
    /// Microseconds between the starts of two slots.
    ///
    /// Each slot adds a random delay of up to a
    /// quarter of it.
    public var slotInterval: Int64 = 20_000_000

    public init(jobs: Int, minions: Int, seed: UInt64, fleetSize: Int? = nil) {
        self.jobs = jobs
        self.minions = minions
        self.seed = seed
        self.fleetSize = max(fleetSize ?? minions, minions)
    }
}
