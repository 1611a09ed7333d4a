import Foundation
import Testing

/// `saltpan states` on the real cache.
///
/// State ids come from the fixture's SLS files (`srv/salt/database.sls`, `srv/salt/webapp.sls`),
/// and which runs failed comes from the manifest.
@Suite struct StatesCommandTests {
    /// Filters that select the one job of step `label`: from its jid to the next microsecond.
    static func window(_ label: String) throws -> [String] {
        let jid = try #require(QueryCommands.manifest.jid(ofStep: label))
        let microsecond = try #require(Int(jid.suffix(6)))
        try #require(microsecond < 999_999, "the step's jid ends a second; pick another step")
        let next = String(microsecond + 1)
        return ["--since", jid, "--until", jid.dropLast(6) + String(repeating: "0", count: 6 - next.count) + next]
    }

    @Test func highstateFailuresInJSON() throws {
        let rows = try QueryCommands.jsonRows("states", try Self.window("state_highstate"))
        let failures = rows.map { [$0["failure"] as? String, $0["sls"] as? String, $0["state_id"] as? String] }
        #expect(failures.contains(["failed", "database", "db_migrate"]))
        #expect(failures.contains(["failed", "webapp", "webapp_healthcheck"]))
        #expect(failures.contains(["did_not_compile", "cache", nil]))
        #expect(failures.last == ["requisite_failed", "database", "db_reload"])

        let migrate = try #require(rows.first { $0["state_id"] as? String == "db_migrate" })
        #expect(migrate["minions"] as? [String] == ["db01.example.test"])
        #expect(migrate["minion_count"] as? Int == 1)
        #expect(migrate["runs"] as? Int == 1)
        #expect(migrate["function"] as? String == "cmd.run")
        #expect((migrate["newest_comment"] as? String)?.contains("exit 7") == true)
    }

    @Test func brokenYAMLIsCompileFailure() throws {
        let rows = try QueryCommands.jsonRows("states", try Self.window("state_broken_yaml"))
        #expect(rows.count == 1)
        #expect(rows.first?["failure"] as? String == "did_not_compile")
        #expect(rows.first?["sls"] as? String == "broken")
        #expect(rows.first?["state_id"] is NSNull)
    }

    @Test func databaseRunRootCauseThenCascade() throws {
        let rows = try QueryCommands.jsonRows("states", try Self.window("state_database"))
        #expect(rows.map { $0["state_id"] as? String } == ["db_migrate", "db_reload"])
        let table = try QueryCommands.run("states", try Self.window("state_database"))
        let lines = table.standardOutput.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[2].hasPrefix("failed "))
        #expect(lines[3].hasPrefix("requisite_failed "))
    }

    @Test func changesAndSlowest() throws {
        let changes = try QueryCommands.jsonRows("states", ["--changes", "--limit", "5"])
        #expect(changes.count == 5)
        #expect(changes.allSatisfy { ($0["changes"] as? [String: Any])?.isEmpty == false })
        #expect(changes.map { $0["jid"] as? String ?? "" } == changes.map { $0["jid"] as? String ?? "" }.sorted(by: >))

        let slowest = try QueryCommands.jsonRows("states", ["--slowest"])
        let durations = slowest.compactMap { $0["duration_ms"] as? Double }
        #expect(durations.count == 20)
        #expect(durations == durations.sorted(by: >))
    }

    @Test func changesAndSlowestExcludeEachOther() throws {
        let result = try QueryCommands.run("states", ["--changes", "--slowest"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("'--changes' and '--slowest' cannot be combined"))
    }
}
