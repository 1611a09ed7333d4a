import Foundation
import Testing

/// `saltpan sql` on the real cache: reads in four formats, never writes.
@Suite struct SQLCommandTests {
    @Test func selectInEveryFormat() throws {
        let query = "SELECT minion, count(*) AS returns FROM returns GROUP BY minion ORDER BY minion"
        var expected: [String: Int] = [:]
        for job in QueryCommands.manifest.jobs {
            for minion in job.returned { expected[minion, default: 0] += 1 }
        }
        let sorted = expected.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }

        let json = try QueryCommands.jsonRows("sql", [query])
        #expect(json.map { $0["minion"] as? String } == sorted)
        #expect(json.map { $0["returns"] as? Int } == sorted.map { expected[$0] })

        let csv = try QueryCommands.csvRecords("sql", [query])
        #expect(csv.header == ["minion", "returns"])
        #expect(csv.rows == sorted.map { [$0, String(expected[$0] ?? 0)] })

        let markdown = try QueryCommands.run("sql", [query, "--format", "md"])
        #expect(markdown.standardOutput.hasPrefix("| minion | returns |\n| --- | ---: |\n"))
        let table = try QueryCommands.run("sql", [query])
        #expect(table.standardOutput.split(separator: "\n").count == sorted.count + 2)
    }

    @Test func writesAreRejectedAndChangeNothing() throws {
        let before = try QueryCommands.jsonRows("sql", ["SELECT count(*) AS jobs FROM jobs"])
        for statement in ["DELETE FROM jobs", "DROP VIEW job_overview", "PRAGMA user_version = 1"] {
            let result = try QueryCommands.run("sql", [statement])
            #expect(result.status == 64, "\(statement)")
            #expect(result.standardError.contains("is not allowed: saltpan sql only reads"), "\(statement)")
        }
        let after = try QueryCommands.jsonRows("sql", ["SELECT count(*) AS jobs FROM jobs"])
        #expect(after.first?["jobs"] as? Int == before.first?["jobs"] as? Int)
        #expect(after.first?["jobs"] as? Int == QueryCommands.manifest.jobs.count)
    }

    @Test func vacuumIntoWritesNoFile() throws {
        let target = try Saltpan.temporaryFolder() + "/copy.db"
        let result = try QueryCommands.run("sql", ["VACUUM INTO '\(target)'"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("VACUUM is not allowed"))
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func invalidSQLIsUsageError() throws {
        let result = try QueryCommands.run("sql", ["SELEC 1"])
        #expect(result.status == 64)
        #expect(result.standardError.contains(#"the query is not valid SQL: near "SELEC": syntax error"#))
    }

    @Test func invalidUTF8ComesOutValid() throws {
        // The text 'ca' followed by the byte 0xFF, which is not UTF-8.
        let output = try Saltpan.temporaryFolder() + "/out.csv"
        let command =
            "'\(Saltpan.executable.path)' sql --db '\(QueryCommands.database)' --format csv "
            + "\"SELECT CAST(x'6361ff' AS TEXT) AS text\" > '\(output)'"
        try Saltpan.runTool("/bin/sh", ["-c", command])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(String(data: bytes, encoding: .utf8) == "text\nca\u{FFFD}\n")
    }

    @Test func returnsWithReplacedBytesAreSearchable() throws {
        // The minion sent `caf\xe9` and `\xff\xfe\x80`; Salt stored U+FFFD in their place.
        let search = try QueryCommands.run("search", ["latin1", "--format", "csv"])
        #expect(search.status == 0)
        #expect(search.standardOutput.contains("**latin1**:caf\u{FFFD} raw:\u{FFFD}\u{FFFD}\u{FFFD} end"))
    }
}
