/// The function, arguments and per-minion returns of one published job of a given kind.
struct PublishedContent {
    typealias Outcome = (value: Value, retcode: Int, success: Bool)

    var function: String
    var arguments: [Value]
    /// The outputter minions name for this function, stored as `out.p`.
    var outputter: String?
    /// Microseconds from the publish to a minion's return.
    var latency: ClosedRange<Int> = 20_000...1_500_000
    /// Makes one minion's return; called once per targeted minion, in target order.
    var returnOf: (SyntheticFleet.Minion, inout SplitMix64) -> Outcome

    static func make(
        _ kind: SlotKind,
        time: Timestamp,
        fleet: SyntheticFleet,
        minions: [SyntheticFleet.Minion],
        stateCount: Int? = nil,
        random: inout SplitMix64
    ) -> PublishedContent {
        switch kind {
        case .ping, .scheduled:
            return PublishedContent(function: "test.ping", arguments: []) { _, _ in (.bool(true), 0, true) }
        case .uptime:
            return command("uptime") { minion, random in
                .string(CommandOutputs.uptime(at: time, minion: minion, random: &random))
            }
        case .shortCommand:
            return shortCommand(time: time, random: &random)
        case .longCommand:
            return longCommand(random: &random)
        case .failingCommand:
            return failingCommand(random: &random)
        case .healthCheck:
            return healthCheck()
        case .stateApply:
            return stateApply(time: time, minions: minions, stateCount: stateCount, random: &random)
        case .grains:
            var content = PublishedContent(function: "grains.items", arguments: []) { minion, random in
                (GrainsBuilder.grains(of: minion, random: &random), 0, true)
            }
            content.outputter = "nested"
            return content
        case .status:
            return status(random: &random)
        case .version:
            return PublishedContent(function: "test.version", arguments: []) { _, _ in (.string("3008.4"), 0, true) }
        case .findJob:
            return findJob()
        case .badRetcode:
            return badRetcode(random: &random)
        }
    }

    /// Returns a `cmd.run` whose output comes from `output` and whose retcode is 0.
    private static func command(
        _ line: String,
        output: @escaping (SyntheticFleet.Minion, inout SplitMix64) -> Value
    ) -> PublishedContent {
        PublishedContent(function: "cmd.run", arguments: [.string(line)]) { minion, random in
            (output(minion, &random), 0, true)
        }
    }

    private static func shortCommand(time: Timestamp, random: inout SplitMix64) -> PublishedContent {
        switch random.below(4) {
        case 0:
            return command("uptime") { minion, random in
                .string(CommandOutputs.uptime(at: time, minion: minion, random: &random))
            }
        case 1:
            return command("hostname") { minion, _ in .string(minion.id) }
        case 2:
            return command("df -P / | tail -1") { _, random in .string(CommandOutputs.rootFilesystem(random: &random)) }
        default:
            return command("systemctl is-active salt-minion") { _, random in
                .string(CommandOutputs.serviceState(random: &random))
            }
        }
    }

    private static func longCommand(random: inout SplitMix64) -> PublishedContent {
        if random.chance(0.05) {
            // The largest output kind in a real cache: `seq 1 36000`, about 200 KB.
            let text = Value.string(CommandOutputs.sequence(count: 36_000))
            return command("seq 1 36000") { _, _ in text }
        }
        let line = random.pick(["ps aux", "dpkg -l", "journalctl -n 300 --no-pager"])
        let lineCount = random.int(in: 30...300)
        return command(line) { _, random in
            .string(CommandOutputs.longOutput(command: line, lineCount: lineCount, random: &random))
        }
    }

    /// Returns a command that fails on some minions (a service restart) or on all of them (`cmd.run
    /// false`, which the CLI's YAML parsing turns into the command `False`).
    private static func failingCommand(random: inout SplitMix64) -> PublishedContent {
        if random.chance(0.3) {
            return PublishedContent(function: "cmd.run", arguments: [.bool(false)]) { _, _ in
                (.string("/bin/bash: line 1: False: command not found"), 127, false)
            }
        }
        return PublishedContent(function: "cmd.run", arguments: [.string("systemctl restart app-worker")]) {
            _,
            random in
            guard random.chance(0.35) else { return (.string(""), 0, true) }
            let message =
                "Job for app-worker.service failed because the control process exited with error code.\n"
                + "See \"systemctl status app-worker.service\" and \"journalctl -xeu app-worker.service\" for details."
            return (.string(message), 1, false)
        }
    }

    /// `cmd.script salt://scripts/health.sh`: a map with the script's own retcode, which the
    /// job's retcode repeats.
    private static func healthCheck() -> PublishedContent {
        PublishedContent(function: "cmd.script", arguments: [.string("salt://scripts/health.sh")]) { minion, random in
            let failed = random.chance(0.1)
            let retcode = failed ? 2 : 0
            let value: Value = .object([
                "pid": .int(Int64(random.int(in: 1_000...99_999))),
                "retcode": .int(Int64(retcode)),
                "stdout": .string("health \(minion.id): " + (failed ? "degraded" : "ok")),
                "stderr": .string(failed ? "disk /srv at 97%" : ""),
            ])
            return (value, retcode, !failed)
        }
    }

    /// Returns a state run of `stateCount` states, or of 20 to 60 when it is nil.
    private static func stateApply(
        time: Timestamp,
        minions: [SyntheticFleet.Minion],
        stateCount: Int?,
        random: inout SplitMix64
    ) -> PublishedContent {
        let isTest = random.chance(0.1)
        let drawnCount = random.int(in: 20...60)
        let stateCount = stateCount ?? drawnCount
        var builders: [SyntheticFleet.Role: StateRunBuilder] = [:]
        for role in SyntheticFleet.Role.allCases {
            builders[role] = StateRunBuilder(role: role, count: stateCount, isTest: isTest)
        }
        let failureRate = isTest ? 0 : (random.chance(0.25) ? 0.3 : 0)
        let brokenMinion = !isTest && random.chance(0.03) ? minions.first?.id : nil
        let arguments: [Value] = isTest ? [.object(["__kwarg__": .bool(true), "test": .bool(true)])] : []

        var content = PublishedContent(function: "state.apply", arguments: arguments) { minion, random in
            guard let builder = builders[minion.role] else { return (.map([]), 0, true) }
            var failure: StateRunBuilder.Failure?
            if minion.id == brokenMinion {
                failure = .render
            } else if random.chance(failureRate) {
                failure = builder.failure(random: &random)
            }
            let start = Timestamp(microseconds: time.microseconds + Int64(random.int(in: 300_000...2_000_000)))
            return builder.run(minion: minion, startingAt: start, failure: failure, random: &random)
        }
        content.outputter = "highstate"
        content.latency = 3_000_000...60_000_000
        return content
    }

    private static func status(random: inout SplitMix64) -> PublishedContent {
        if random.chance(0.5) {
            return PublishedContent(function: "status.loadavg", arguments: []) { _, random in
                let value: Value = .object([
                    "1-min": .double(random.decimal(in: 0...4, places: 2)),
                    "5-min": .double(random.decimal(in: 0...4, places: 2)),
                    "15-min": .double(random.decimal(in: 0...4, places: 2)),
                ])
                return (value, 0, true)
            }
        }
        return PublishedContent(function: "disk.usage", arguments: []) { _, random in
            var mounts: [Value.MapEntry] = []
            for (mount, filesystem) in [("/dev", "udev"), ("/run", "tmpfs"), ("/", "/dev/vda1"), ("/srv", "/dev/vdb1")]
            {
                let blocks = random.pick([1_000_000, 4_000_000, 52_000_000, 264_000_000])
                let used = random.below(blocks)
                let usage: Value = .object([
                    "filesystem": .string(filesystem), "1K-blocks": .string(String(blocks)),
                    "used": .string(String(used)), "available": .string(String(blocks - used)),
                    "capacity": .string("\(used * 100 / blocks)%"),
                ])
                mounts.append(Value.MapEntry(key: .string(mount), value: usage))
            }
            return (.map(mounts), 0, true)
        }
    }

    /// `saltutil.find_job`, which the CLI publishes to poll a running job: an empty map once the
    /// polled job finished, its process details while it still runs.
    private static func findJob() -> PublishedContent {
        PublishedContent(function: "saltutil.find_job", arguments: []) { _, random in
            guard random.chance(0.2) else { return (.map([]), 0, true) }
            let value: Value = .object([
                "pid": .int(Int64(random.int(in: 1_000...99_999))), "fun": .string("state.apply"),
                "arg": .array([]), "tgt": .string("*"), "ret": .string(""), "tgt_type": .string("glob"),
                "user": .string("root"), "resource_targets": .array([]), "pure_resource_target": .bool(false),
                "minion_is_target": .bool(true),
            ])
            return (value, 0, true)
        }
    }

    private static func badRetcode(random: inout SplitMix64) -> PublishedContent {
        if random.chance(0.5) {
            return PublishedContent(function: "test.retcode", arguments: [.int(42)]) { _, _ in (.bool(true), 42, false)
            }
        }
        return PublishedContent(function: "cmd.retcode", arguments: [.string("exit 3")]) { _, _ in (.int(3), 3, false) }
    }
}
