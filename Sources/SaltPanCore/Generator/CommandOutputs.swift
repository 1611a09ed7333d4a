/// Text that `cmd.run` and friends return on a Linux minion, varied per minion and job.
enum CommandOutputs {
    /// `uptime`, as in ` 19:50:08 up 41 min,  0 user,  load average: 1.60, 1.02, 1.01`.
    static func uptime(at time: Timestamp, minion: SyntheticFleet.Minion, random: inout SplitMix64) -> String {
        let clock = SaltTimeText.clock(time).prefix(8)
        let days = (minion.number * 7 + 3) % 400
        let hours = random.below(24)
        let minutes = random.below(60)
        let users = random.below(3)
        let up = days > 0 ? "\(days) days, \(hours):\(SyntheticFleet.padded(minutes, 2))" : "\(minutes) min"
        return " \(clock) up \(up),  \(users) user\(users == 1 ? "" : "s"),  load average: "
            + "\(load(&random)), \(load(&random)), \(load(&random))"
    }

    /// `df -P / | tail -1`.
    static func rootFilesystem(random: inout SplitMix64) -> String {
        let blocks = 264_212_084
        let used = random.int(in: 8_000_000...200_000_000)
        let percent = used * 100 / blocks
        return "/dev/vda1        \(blocks) \(used) \(blocks - used)      \(percent)% /"
    }

    /// `systemctl is-active` of a role's main service.
    static func serviceState(random: inout SplitMix64) -> String {
        random.chance(0.97) ? "active" : "inactive"
    }

    /// Returns a long multi-line output: a process list, a package list or a log tail, of about
    /// `lineCount` lines of 60 to 140 bytes.
    static func longOutput(command: String, lineCount: Int, random: inout SplitMix64) -> String {
        var lines: [String] = []
        lines.reserveCapacity(lineCount + 1)
        switch command {
        case "ps aux":
            lines.append("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND")
            for _ in 0..<lineCount {
                lines.append(processLine(random: &random))
            }
        case "dpkg -l":
            for _ in 0..<lineCount {
                let name = random.pick(packageNames) + (random.chance(0.5) ? "" : "-\(random.pick(packageSuffixes))")
                lines.append(
                    "ii  \(name)  \(random.int(in: 1...9)).\(random.int(in: 0...40)).\(random.int(in: 0...20))-\(random.int(in: 1...9))"
                        + "  amd64  \(random.pick(packageSummaries))"
                )
            }
        default:
            for index in 0..<lineCount {
                lines.append(
                    "Dec 04 19:\(SyntheticFleet.padded(index % 60, 2)):\(SyntheticFleet.padded(random.below(60), 2)) "
                        + "\(random.pick(logUnits))[\(random.int(in: 300...40_000))]: \(random.pick(logMessages))"
                )
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `seq 1 N`: the largest kind of output seen in a real cache (about 200 KB for 36,000).
    static func sequence(count: Int) -> String {
        (1...count).map(String.init).joined(separator: "\n")
    }

    private static func load(_ random: inout SplitMix64) -> String {
        let hundredths = random.below(400)
        return "\(hundredths / 100).\(SyntheticFleet.padded(hundredths % 100, 2))"
    }

    private static func processLine(random: inout SplitMix64) -> String {
        let user = random.pick(["root", "www-data", "postgres", "redis", "nobody", "systemd+"])
        let pid = random.int(in: 1...60_000)
        let cpu = "\(random.below(30)).\(random.below(10))"
        let memory = "\(random.below(12)).\(random.below(10))"
        let command = random.pick(processCommands)
        return
            "\(user)  \(pid)  \(cpu)  \(memory) \(random.int(in: 4_000...3_000_000)) \(random.int(in: 900...900_000)) ?        "
            + "Ss   Dec0\(random.int(in: 1...4))   \(random.below(90)):\(SyntheticFleet.padded(random.below(60), 2)) \(command)"
    }

    private static let processCommands = [
        "/usr/sbin/nginx -g daemon on; master_process on;", "nginx: worker process",
        "/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main -c config_file=/etc/postgresql/15/main/postgresql.conf",
        "/usr/bin/redis-server 127.0.0.1:6379", "/opt/saltstack/salt/bin/python3.10 /usr/bin/salt-minion",
        "/usr/sbin/sshd -D", "/lib/systemd/systemd-journald", "/usr/sbin/cron -f", "[kworker/1:2-events]",
        "/usr/bin/python3 /opt/app/bin/gunicorn app.wsgi:application --workers 4 --bind 127.0.0.1:8000",
        "/usr/bin/node /srv/frontend/server.js", "/usr/sbin/rsyslogd -n -iNONE",
    ]
    private static let packageNames = [
        "libssl3", "openssl", "nginx-common", "postgresql-15", "python3.11", "libc6", "systemd", "curl", "libcurl4",
        "redis-server", "salt-minion", "ca-certificates", "tzdata", "libpq5", "zlib1g", "gnupg", "apt", "bash",
    ]
    private static let packageSuffixes = ["dev", "common", "data", "doc", "utils", "bin"]
    private static let packageSummaries = [
        "Secure Sockets Layer toolkit - shared libraries", "small, powerful, scalable web/proxy server - common files",
        "The programming language Python 3", "GNU C Library: Shared libraries", "system and service manager",
        "command line tool for transferring data with URL syntax",
        "Persistent key-value database with network interface",
    ]
    private static let logUnits = ["nginx", "sshd", "CRON", "systemd", "kernel", "salt-minion", "postgres", "gunicorn"]
    private static let logMessages = [
        "Accepted publickey for deploy from 10.20.0.15 port 51234 ssh2: ED25519 SHA256:Qm9vYmFy",
        "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
        "Started Session 4412 of User deploy.", "worker process 2231 exited on signal 9",
        "[WARNING ] Unable to resolve address for host db-replica-2, retrying in 5 seconds",
        "checkpoint complete: wrote 4123 buffers (25.2%); 0 WAL file(s) added, 0 removed, 3 recycled",
        "upstream timed out (110: Connection timed out) while reading response header from upstream",
        "[Worker 12] Booting worker with pid: 41234",
        "Received disconnect from 10.20.0.99 port 40022:11: disconnected by user",
    ]
}
