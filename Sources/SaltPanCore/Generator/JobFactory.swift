/// Makes the jobs of each slot of a generated input, the same for a seed whatever order the
/// slots are made in.
///
/// Each slot draws from two streams seeded by the slot number: one for its plan (kind, time,
/// jids), so writers can learn every jid cheaply before they make any content, and one for the
/// content of its returns.
struct JobFactory {
    /// The kind, start and jids of one slot.
    struct SlotPlan {
        var kind: SlotKind
        var time: Timestamp
        /// The start of each job of the slot: one for published jobs, one per minion for a
        /// scheduler round.
        var jobTimes: [Timestamp]
        /// For a scheduler round: whether it runs `status.loadavg` rather than a failing
        /// `cmd.run` check.
        var isLoadCheck = false
    }

    let options: GeneratorOptions
    let fleet: SyntheticFleet

    init(options: GeneratorOptions) {
        self.options = options
        fleet = SyntheticFleet(size: options.fleetSize)
    }

    func plan(slot: Int) -> SlotPlan {
        var random = SplitMix64(seed: options.seed, stream: UInt64(slot), substream: 0)
        // Only the realistic mix draws a kind, so the other inputs keep their bytes for a seed.
        let kind: SlotKind
        if options.smallReturns {
            kind = .uptime
        } else if options.stateRunStates != nil {
            kind = .stateApply
        } else {
            kind = SlotKind.draw(random: &random)
        }
        let jitter = Int64(random.below(Int(max(options.slotInterval / 4, 1))))
        let time = Timestamp(microseconds: options.start.microseconds + Int64(slot) * options.slotInterval + jitter)
        guard kind == .scheduled else { return SlotPlan(kind: kind, time: time, jobTimes: [time]) }
        let isLoadCheck = random.chance(0.6)

        // Scheduler returns arrive spread over half the slot interval, at distinct microseconds.
        let step = max(options.slotInterval / 2 / Int64(options.minions), 2)
        let times = (0..<options.minions).map { index in
            Timestamp(microseconds: time.microseconds + Int64(index) * step + Int64(random.below(Int(step / 2))))
        }
        return SlotPlan(kind: kind, time: time, jobTimes: times, isLoadCheck: isLoadCheck)
    }

    /// Makes the jobs of `slot`, in the order of their jids.
    func jobs(slot: Int) -> [SyntheticJob] {
        let plan = plan(slot: slot)
        return plan.jobTimes.indices.map { job(slot: slot, index: $0, plan: plan) }
    }

    /// Job `index` of `slot` alone, from its own stream, so a writer that lists jobs in another
    /// order makes each one once.
    func job(slot: Int, index: Int, plan: SlotPlan) -> SyntheticJob {
        var random = SplitMix64(seed: options.seed, stream: UInt64(slot), substream: UInt64(1 + index))
        let targeted = targetedMinions(slot: slot)
        if plan.kind == .scheduled {
            return scheduledJob(plan, index: index, minion: targeted[index], random: &random)
        }
        return publishedJob(plan, slot: slot, minions: targeted, random: &random)
    }

    private func targetedMinions(slot: Int) -> [SyntheticFleet.Minion] {
        let fleetMinions = fleet.minions
        if fleetMinions.count == options.minions { return fleetMinions }
        let first = (slot * options.minions) % fleetMinions.count
        return (0..<options.minions).map { fleetMinions[(first + $0) % fleetMinions.count] }
    }

    // MARK: - Published jobs

    private func publishedJob(
        _ plan: SlotPlan,
        slot: Int,
        minions: [SyntheticFleet.Minion],
        random: inout SplitMix64
    ) -> SyntheticJob {
        var content = PublishedContent.make(
            plan.kind,
            time: plan.time,
            fleet: fleet,
            minions: minions,
            stateCount: options.stateRunStates,
            random: &random
        )
        if plan.kind == .findJob {
            content.arguments = [.string(SaltTimeText.jid(Timestamp(microseconds: plan.time.microseconds - 7_000_000)))]
        }

        var expected = minions.map(\.id)
        var target: Value = .string("*")
        var targetType = "glob"
        if plan.kind == .findJob || minions.count != fleet.minions.count {
            targetType = "list"
        }
        if plan.kind != .findJob, random.chance(0.03) {
            expected.append(fleet.downMinions[slot % fleet.downMinions.count])
        }
        if targetType == "list" {
            target = .array(expected.map(Value.string))
        }

        var returns: [SyntheticReturn] = []
        returns.reserveCapacity(minions.count)
        for minion in minions {
            let outcome = content.returnOf(minion, &random)
            let latency = Int64(random.int(in: content.latency))
            returns.append(
                SyntheticReturn(
                    minion: minion.id,
                    value: outcome.value,
                    retcode: outcome.retcode,
                    success: outcome.success,
                    outputter: content.outputter,
                    stamp: Timestamp(microseconds: plan.time.microseconds + latency),
                    pid: random.int(in: 1_000...99_999)
                )
            )
        }
        returns.sort { $0.stamp < $1.stamp }

        return SyntheticJob(
            jid: SaltTimeText.jid(plan.time),
            time: plan.time,
            origin: .published(kwargs: kwargs(for: plan.kind, random: &random)),
            function: content.function,
            arguments: content.arguments,
            target: target,
            targetType: targetType,
            user: random.chance(0.9) ? "root" : random.pick(["sudo_deploy", "saltapi"]),
            expectedMinions: expected.sorted(),
            returns: returns
        )
    }

    /// Returns the client options Salt's CLI stores in the load, with `--metadata` on a few jobs.
    private func kwargs(for kind: SlotKind, random: inout SplitMix64) -> Value {
        if kind == .findJob {
            return .object(["delimiter": .string(":")])
        }
        var entries: [Value.MapEntry] = [
            Value.MapEntry(key: .string("show_timeout"), value: .bool(true)),
            Value.MapEntry(key: .string("show_jid"), value: .bool(false)),
            Value.MapEntry(key: .string("delimiter"), value: .string(":")),
        ]
        if random.chance(0.02) {
            let metadata: Value = .object([
                "ticket": .string("OPS-\(random.int(in: 1_000...9_999))"),
                "requested_by": .string(random.pick(["alice", "bob", "carol"])),
            ])
            entries.append(Value.MapEntry(key: .string("metadata"), value: metadata))
        }
        return .map(entries)
    }

    // MARK: - Scheduled jobs

    private func scheduledJob(
        _ plan: SlotPlan,
        index: Int,
        minion: SyntheticFleet.Minion,
        random: inout SplitMix64
    ) -> SyntheticJob {
        let time = plan.jobTimes[index]
        let pid = random.int(in: 1_000...99_999)
        let isLoadCheck = plan.isLoadCheck
        let arguments: [Value] = isLoadCheck ? [] : [.string("echo \"scheduled check failed\" >&2; exit 2")]
        let value: Value =
            isLoadCheck
            ? .object([
                "1-min": .double(random.decimal(in: 0...4, places: 2)),
                "5-min": .double(random.decimal(in: 0...4, places: 2)),
                "15-min": .double(random.decimal(in: 0...4, places: 2)),
            ])
            : .string("scheduled check failed")
        // The scheduler sets success true even when the command failed.
        let returned = SyntheticReturn(
            minion: minion.id,
            value: value,
            retcode: isLoadCheck ? 0 : 2,
            success: true,
            outputter: nil,
            stamp: Timestamp(microseconds: time.microseconds + Int64(random.int(in: 5_000...60_000))),
            pid: pid
        )
        let schedule = SyntheticJob.Schedule(
            name: isLoadCheck ? "sched_loadavg" : "sched_failing_check",
            pid: pid,
            loadStamp: Timestamp(microseconds: time.microseconds - Int64(random.int(in: 100...40_000)))
        )
        return SyntheticJob(
            jid: SaltTimeText.jid(time),
            time: time,
            origin: .scheduled(schedule),
            function: isLoadCheck ? "status.loadavg" : "cmd.run",
            arguments: arguments,
            target: .string(minion.id),
            targetType: "glob",
            user: "root",
            expectedMinions: [minion.id],
            returns: [returned]
        )
    }
}
