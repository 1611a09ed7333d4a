import Foundation
import Testing

/// `saltpan failures` on the real cache, with expected figures from the corpus manifest.
@Suite struct FailuresCommandTests {
    static let healthcheck = ["--function", "cmd.script"]

    /// Per minion of the health-check rounds: targeted, returned, failed and missing.
    static func expectedFigures() throws -> [String: [Int]] {
        var figures: [String: [Int]] = [:]
        for jid in try QueryCommands.healthcheckJids() {
            let job = try #require(QueryCommands.manifest.job(jid))
            for minion in job.targeted {
                var figure = figures[minion] ?? [0, 0, 0, 0]
                figure[0] += 1
                if let result = job.returns[minion] {
                    figure[1] += 1
                    if (result.retcode ?? 0) != 0 { figure[2] += 1 }
                } else {
                    figure[3] += 1
                }
                figures[minion] = figure
            }
        }
        return figures
    }

    @Test func healthcheckRatesInJSON() throws {
        let rows = try QueryCommands.jsonRows("failures", Self.healthcheck)
        let expected = try Self.expectedFigures()
        #expect(rows.count == expected.count)

        for row in rows {
            let minion = try #require(row["minion"] as? String)
            let figure = try #require(expected[minion], "\(minion)")
            #expect(row["targeted"] as? Int == figure[0], "\(minion)")
            #expect(row["returned"] as? Int == figure[1], "\(minion)")
            #expect(row["failed"] as? Int == figure[2], "\(minion)")
            #expect(row["missing"] as? Int == figure[3], "\(minion)")
            #expect(row["unknown"] as? Int == 0)
            #expect(row["failure_rate"] as? Double == Double(figure[2]) / Double(figure[1]), "\(minion)")
            #expect(row["missing_rate"] as? Double == Double(figure[3]) / Double(figure[0]), "\(minion)")
            #expect(row["role"] as? String == "minion")
        }

        // Cache_Node-7 failed 7 of the 15 rounds, and old-box went missing after 8.
        let cache = try #require(rows.first)
        #expect(cache["minion"] as? String == "Cache_Node-7")
        #expect(cache["failed"] as? Int == 7)
        let oldBox = try #require(rows.first { $0["minion"] as? String == "old-box.example.test" })
        #expect(oldBox["returned"] as? Int == 8)
        #expect(oldBox["missing"] as? Int == 7)
        #expect(oldBox["last_failed_jid"] is NSNull)
        #expect(oldBox["streak"] as? Int == 0)
    }

    @Test func jsonFieldsAreTheDocumentedOnes() throws {
        let rows = try QueryCommands.jsonRows("failures", Self.healthcheck + ["--by", "function"])
        let row = try #require(rows.first)
        #expect(
            Set(row.keys) == [
                "function", "targeted", "returned", "failed", "missing", "unknown", "conflict", "failure_rate",
                "missing_rate", "streak", "last_failed_jid",
            ]
        )
        #expect(row["function"] as? String == "cmd.script")
    }

    @Test func everyFormatHoldsTheSameRows() throws {
        let json = try QueryCommands.jsonRows("failures", [])
        let csv = try QueryCommands.csvRecords("failures", [])
        #expect(csv.header.first == "minion")
        #expect(csv.rows.count == json.count)
        for (record, row) in zip(csv.rows, json) {
            for (index, key) in csv.header.enumerated() {
                #expect(record[index] == QueryCommands.csvText(row[key]), "\(key)")
            }
        }

        let markdown = try QueryCommands.run("failures", ["--format", "md"])
        let markdownRows = markdown.standardOutput.split(separator: "\n").dropFirst(2)
        #expect(
            markdownRows.map { $0.split(separator: "|").first?.trimmingCharacters(in: .whitespaces) }
                == json.map { $0["minion"] as? String }
        )

        let table = try QueryCommands.run("failures", [])
        let tableRows = table.standardOutput.split(separator: "\n").dropFirst(2)
        #expect(
            tableRows.map { $0.split(separator: " ").first.map(String.init) } == json.map { $0["minion"] as? String }
        )
    }

    @Test func masterIsShownAsMaster() throws {
        let rows = try QueryCommands.jsonRows("failures", [])
        let masters = rows.filter { $0["role"] as? String == "master" }
        #expect(masters.map { $0["minion"] as? String } == ["saltmaster.example.test_master"])
        let runnerJobs = QueryCommands.visibleJobs.filter { $0.fun.hasPrefix("runner.") }
        #expect(masters.first?["targeted"] as? Int == runnerJobs.count)
    }

    @Test func unknownGroupingListsTheChoices() throws {
        let result = try QueryCommands.run("failures", ["--by", "host"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("The value 'host' is invalid for '--by <group>'"))
        #expect(result.standardError.contains("values: minion, function, product"))
        #expect(result.standardOutput.isEmpty)
    }
}
