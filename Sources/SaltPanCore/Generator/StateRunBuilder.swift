/// The returns of `state.apply` runs: maps of state results keyed by state tag, with failures,
/// requisite cascades, `test=True` predictions and render errors, in the shapes Salt 3008 writes.
struct StateRunBuilder {
    /// One state of the run's plan, the same on every minion of a role.
    struct PlannedState {
        var kind: Kind
        var sls: String
        var id: String
        var name: String

        /// The state tag Salt keys results by: `<module>_|-<id>_|-<name>_|-<function>`.
        var tag: String {
            "\(kind.module)_|-\(id)_|-\(name)_|-\(kind.function)"
        }
    }

    enum Kind: CaseIterable {
        case package, file, directory, service, command, user, cron, sysctl, test

        var module: String {
            switch self {
            case .package: return "pkg"
            case .file, .directory: return "file"
            case .service: return "service"
            case .command: return "cmd"
            case .user: return "user"
            case .cron: return "cron"
            case .sysctl: return "sysctl"
            case .test: return "test"
            }
        }

        var function: String {
            switch self {
            case .package: return "installed"
            case .file: return "managed"
            case .directory: return "directory"
            case .service: return "running"
            case .command: return "run"
            case .user: return "present"
            case .cron: return "present"
            case .sysctl: return "present"
            case .test: return "succeed_without_changes"
            }
        }
    }

    /// The way one minion's run fails.
    enum Failure {
        /// The state at `index` fails and the next `cascade` states, which require it, do not run.
        case state(index: Int, cascade: Int)
        /// The SLS does not render: the return is a list of error strings and retcode 1.
        case render
    }

    let states: [PlannedState]
    /// True for `state.apply test=True`: states that would change report `result: null`.
    let isTest: Bool

    /// Plans `count` states for minions of `role`: the common SLS first, then the role's own.
    init(role: SyntheticFleet.Role, count: Int, isTest: Bool) {
        var states: [PlannedState] = []
        states.reserveCapacity(count)
        let templates = Self.commonTemplates + Self.roleTemplates(role)
        var index = 0
        while states.count < count {
            let template = templates[index % templates.count]
            let round = index / templates.count
            let suffix = round == 0 ? "" : "_\(round + 1)"
            let name = template.name.split(separator: "{n}", omittingEmptySubsequences: false).joined(
                separator: "\(round + 1)"
            )
            states.append(PlannedState(kind: template.kind, sls: template.sls, id: template.id + suffix, name: name))
            index += 1
        }
        self.states = states
        self.isTest = isTest
    }

    /// Picks a failing state and its cascade for one minion's run.
    func failure(random: inout SplitMix64) -> Failure {
        let candidates = states.indices.filter { [.command, .package, .service, .file].contains(states[$0].kind) }
        let index = candidates.isEmpty ? 0 : random.pick(candidates)
        let cascade = min(random.int(in: 0...3), states.count - index - 1)
        return .state(index: index, cascade: cascade)
    }

    /// Builds one minion's return, retcode and success.
    func run(
        minion: SyntheticFleet.Minion,
        startingAt start: Timestamp,
        failure: Failure?,
        random: inout SplitMix64
    ) -> (value: Value, retcode: Int, success: Bool) {
        if case .render = failure {
            let sls = states.last?.sls ?? "base"
            let message =
                "Rendering SLS 'base:\(sls)' failed: Jinja variable 'dict object' has no attribute 'listen_port'; "
                + "line 12\n\n---\n\(sls)_config:\n  file.managed:\n    - name: /etc/\(sls)/\(sls).conf\n"
                + "    - port: {{ pillar['\(sls)']['listen_port'] }}    <======================\n---"
            return (.array([.string(message)]), 1, false)
        }

        var failedIndex = -1
        var cascadeEnd = -1
        if case .state(let index, let cascade) = failure {
            failedIndex = index
            cascadeEnd = index + cascade
        }

        var entries: [Value.MapEntry] = []
        entries.reserveCapacity(states.count)
        var clock = start
        for (index, state) in states.enumerated() {
            let duration = random.decimal(in: 0.4...(state.kind == .package ? 900 : 80), places: 3)
            let result: Value
            if index == failedIndex {
                result = failedResult(state, index: index, clock: clock, duration: duration, random: &random)
            } else if index > failedIndex, index <= cascadeEnd, let failed = states[safe: failedIndex] {
                result = requisiteFailedResult(state, index: index, failed: failed, clock: clock)
            } else {
                result = passedResult(state, index: index, clock: clock, duration: duration, random: &random)
            }
            entries.append(Value.MapEntry(key: .string(state.tag), value: result))
            clock = Timestamp(microseconds: clock.microseconds + Int64(duration * 1000) + 150)
        }
        let failed = failedIndex >= 0
        return (.map(entries), failed ? 2 : 0, !failed)
    }

    // MARK: - Results

    private func passedResult(
        _ state: PlannedState,
        index: Int,
        clock: Timestamp,
        duration: Double,
        random: inout SplitMix64
    ) -> Value {
        let changes = random.chance(state.kind == .command ? 1 : 0.08) ? changesMade(state, random: &random) : nil
        var result: Value = .bool(true)
        var comment = unchangedComment(state)
        if changes != nil {
            comment = changedComment(state)
            if isTest, state.kind != .command {
                result = .null
                comment = "\(state.kind.module).\(state.kind.function) \(state.name) would be changed"
            }
        }
        return Self.result(
            state,
            index: index,
            changes: changes ?? .map([]),
            result: result,
            comment: comment,
            clock: clock,
            duration: duration
        )
    }

    private func failedResult(
        _ state: PlannedState,
        index: Int,
        clock: Timestamp,
        duration: Double,
        random: inout SplitMix64
    ) -> Value {
        var changes: Value = .map([])
        let comment: String
        switch state.kind {
        case .command:
            let retcode = random.pick([1, 2, 7, 127])
            changes = .object([
                "pid": .int(Int64(random.int(in: 1_000...60_000))), "retcode": .int(Int64(retcode)),
                "stdout": .string("applying \(state.id)"),
                "stderr": .string("ERROR: \(state.id) exited with \(retcode)"),
            ])
            comment = "Command \"\(state.name)\" run"
        case .package:
            comment =
                "Problem encountered installing package(s). Additional info follows:\n\nerrors:\n"
                + "    - Running scope as unit: run-r\(hex(&random)).scope\n      E: Unable to locate package \(state.name)"
        case .service:
            comment =
                "Job for \(state.name).service failed because the control process exited with error code.\n"
                + "See \"systemctl status \(state.name).service\" and \"journalctl -xeu \(state.name).service\" for details."
        default:
            comment = "Source file salt://\(state.sls)/files\(state.name) not found in saltenv 'base'"
        }
        return Self.result(
            state,
            index: index,
            changes: changes,
            result: .bool(false),
            comment: comment,
            clock: clock,
            duration: duration
        )
    }

    /// Returns the result of a state skipped because a requisite failed, in Salt's key order for
    /// that case.
    private func requisiteFailedResult(
        _ state: PlannedState,
        index: Int,
        failed: PlannedState,
        clock: Timestamp
    ) -> Value {
        .object([
            "changes": .map([]),
            "result": .bool(false),
            "duration": .double(0.009),
            "start_time": .string(SaltTimeText.clock(clock)),
            "comment": .string("One or more requisite failed: \(failed.sls).\(failed.id)"),
            "__state_ran__": .bool(false),
            "__run_num__": .int(Int64(index)),
            "__sls__": .string(state.sls),
            "__id__": .string(state.id),
            "name": .string(state.name),
        ])
    }

    /// Returns a state result in the key order Salt writes for most state functions.
    private static func result(
        _ state: PlannedState,
        index: Int,
        changes: Value,
        result: Value,
        comment: String,
        clock: Timestamp,
        duration: Double
    ) -> Value {
        .object([
            "name": .string(state.name),
            "changes": changes,
            "result": result,
            "comment": .string(comment),
            "__sls__": .string(state.sls),
            "__run_num__": .int(Int64(index)),
            "start_time": .string(SaltTimeText.clock(clock)),
            "duration": .double(duration),
            "__id__": .string(state.id),
        ])
    }

    private func changesMade(_ state: PlannedState, random: inout SplitMix64) -> Value {
        switch state.kind {
        case .package:
            let old = "\(random.int(in: 1...3)).\(random.int(in: 0...20)).\(random.int(in: 0...9))-1"
            return .object([state.name: .object(["old": .string(old), "new": .string(old + "+deb12u1")])])
        case .file:
            let before = random.int(in: 2...8)
            return .object([
                "diff": .string(
                    "--- \n+++ \n@@ -1,4 +1,4 @@\n # Managed by Salt\n-worker_processes \(before);\n"
                        + "+worker_processes \(before * 2);\n keepalive_timeout 65;\n"
                )
            ])
        case .directory:
            return .object([state.name: .object(["directory": .string("new")])])
        case .service:
            return .object([state.name: .bool(true)])
        case .command:
            return .object([
                "pid": .int(Int64(random.int(in: 1_000...60_000))), "retcode": .int(0),
                "stdout": .string("\(state.id) done"), "stderr": .string(""),
            ])
        case .user:
            return .object(["groups": .array([.string("deploy"), .string("sudo")])])
        case .cron, .sysctl, .test:
            return .object([state.name: .string("present")])
        }
    }

    private func unchangedComment(_ state: PlannedState) -> String {
        switch state.kind {
        case .package: return "All specified packages are already installed"
        case .file: return "File \(state.name) is in the correct state"
        case .directory: return "The directory \(state.name) is in the correct state"
        case .service: return "The service \(state.name) is already running"
        case .command: return "Command \"\(state.name)\" run"
        case .user: return "User \(state.name) is present and up to date"
        case .cron: return "Cron \(state.name) already present"
        case .sysctl: return "Sysctl value \(state.name) is already set"
        case .test: return "Success!"
        }
    }

    private func changedComment(_ state: PlannedState) -> String {
        switch state.kind {
        case .package: return "The following packages were installed/updated: \(state.name)"
        case .file: return "File \(state.name) updated"
        case .directory: return ""
        case .service: return "Service \(state.name) has been enabled, and is running"
        case .command: return "Command \"\(state.name)\" run"
        case .user: return "Updated user \(state.name)"
        case .cron: return "Cron \(state.name) added to root's crontab"
        case .sysctl: return "Updated sysctl value \(state.name)"
        case .test: return "Success!"
        }
    }

    private func hex(_ random: inout SplitMix64) -> String {
        String(random.next() & 0xffff_ffff, radix: 16)
    }

    // MARK: - Templates

    private typealias Template = (kind: Kind, sls: String, id: String, name: String)

    private static let commonTemplates: [Template] = [
        (.package, "common.packages", "base_packages", "curl"),
        (.package, "common.packages", "ntp_package", "chrony"),
        (.file, "common.motd", "motd", "/etc/motd"),
        (.directory, "common", "srv_dir", "/srv"),
        (.user, "common.users", "deploy_user", "deploy"),
        (.file, "common.users", "deploy_keys", "/home/deploy/.ssh/authorized_keys"),
        (.file, "common.ssh", "sshd_config", "/etc/ssh/sshd_config"),
        (.service, "common.ssh", "sshd_service", "ssh"),
        (.sysctl, "common.sysctl", "somaxconn", "net.core.somaxconn"),
        (.sysctl, "common.sysctl", "swappiness", "vm.swappiness"),
        (.file, "common.salt", "minion_config", "/etc/salt/minion.d/master.conf"),
        (.service, "common.salt", "salt_minion", "salt-minion"),
        (.cron, "common.backup", "backup_cron", "/usr/local/bin/backup.sh"),
        (.file, "common.logrotate", "logrotate_app", "/etc/logrotate.d/app"),
        (.test, "common", "nothing_to_do", "nothing to do here"),
    ]

    private static func roleTemplates(_ role: SyntheticFleet.Role) -> [Template] {
        let sls = role.rawValue
        let service: String
        switch role {
        case .web, .lb: service = "nginx"
        case .app: service = "gunicorn"
        case .db: service = "postgresql"
        case .cache: service = "redis-server"
        case .monitor: service = "prometheus"
        }
        return [
            (.package, sls, "\(sls)_package", service),
            (.directory, sls, "\(sls)_datadir", "/srv/\(sls)/data"),
            (.file, sls, "\(sls)_config", "/etc/\(service)/\(service).conf"),
            (.file, sls, "\(sls)_dropin", "/etc/\(service)/conf.d/{n}-site.conf"),
            (.command, sls, "\(sls)_migrate", "/usr/local/bin/\(sls)-migrate --apply --step {n}"),
            (.service, sls, "\(sls)_service", service),
            (.command, sls, "\(sls)_healthcheck", "curl -fsS http://127.0.0.1/health/{n}"),
            (.file, sls, "\(sls)_env", "/srv/\(sls)/env/{n}.env"),
        ]
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
