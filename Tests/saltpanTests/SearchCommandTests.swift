import Foundation
import Testing

/// `saltpan search` on the real cache.
@Suite(.serialized) struct SearchCommandTests {
    @Test func findsOutputOfEachMinion() throws {
        let jid = try #require(QueryCommands.manifest.jid(ofStep: "cmd_exit_1"))
        let rows = try QueryCommands.jsonRows("search", ["about to fail", "--function", "cmd.run", "--limit", "0"])
        let job = try #require(QueryCommands.manifest.job(jid))
        #expect(
            rows.filter { $0["jid"] as? String == jid }.compactMap { $0["minion"] as? String } == job.returned.sorted()
        )
        #expect(rows.allSatisfy { ($0["snippet"] as? String)?.contains("**fail**") == true })
        #expect(Set(rows.first?.keys.map { $0 } ?? []) == ["jid", "minion", "function", "start_time", "snippet"])
    }

    @Test func findsStateComments() throws {
        let rows = try QueryCommands.jsonRows("search", ["relation users", "--limit", "0"])
        let jid = try #require(QueryCommands.manifest.jid(ofStep: "state_database"))
        #expect(rows.contains { $0["jid"] as? String == jid })
        #expect(rows.allSatisfy { $0["minion"] as? String == "db01.example.test" })
    }

    @Test func csvMatchesJSON() throws {
        let json = try QueryCommands.jsonRows("search", ["load average"])
        let csv = try QueryCommands.csvRecords("search", ["load average"])
        #expect(csv.header == ["jid", "minion", "function", "start_time", "snippet"])
        #expect(
            csv.rows.map { $0[0] + $0[1] }
                == json.map { QueryCommands.csvText($0["jid"]) + QueryCommands.csvText($0["minion"]) }
        )
        #expect(!json.isEmpty)
    }

    @Test func badFTSQueryIsUsageError() throws {
        let result = try QueryCommands.run("search", ["NEAR(", "--fts"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("The value 'NEAR(' is invalid for '<text>': fts5: syntax error"))
    }

    @Test func unterminatedFTSStringIsUsageError() throws {
        let result = try QueryCommands.run("search", [#""disk full"#, "--fts"])
        #expect(result.status == 64)
        #expect(result.standardError.contains(#"The value '"disk full' is invalid for '<text>': unterminated string"#))
        #expect(!result.standardError.contains("SELECT"))
    }

    @Test func emptyTextIsUsageError() throws {
        let result = try QueryCommands.run("search", [" "])
        #expect(result.status == 64)
        #expect(result.standardError.contains("give at least one word"))
    }
}
