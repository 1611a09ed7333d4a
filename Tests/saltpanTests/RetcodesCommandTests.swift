import Foundation
import Testing

/// `saltpan retcodes` on the real cache, with expected figures from the corpus manifest.
@Suite struct RetcodesCommandTests {
    @Test func retcodesSeenInJSON() throws {
        let rows = try QueryCommands.jsonRows("retcodes", [])
        var expected: [String: Int] = [:]
        var noRetcode = 0
        var missing = 0
        for job in QueryCommands.visibleJobs {
            for result in job.returns.values {
                if let retcode = result.retcode {
                    expected[String(retcode), default: 0] += 1
                } else {
                    noRetcode += 1
                }
            }
            missing += job.notReturned.count
        }

        let row = try #require(rows.first)
        #expect(rows.count == 1)
        #expect(row["product"] is NSNull)
        #expect(row["retcodes"] as? [String: Int] == expected)
        #expect(row["no_retcode"] as? Int == noRetcode)
        #expect(row["missing"] as? Int == missing)
        #expect(row["total"] as? Int == expected.values.reduce(0, +) + noRetcode + missing)
        #expect(Set(expected.keys).isSuperset(of: ["0", "1", "2", "127"]))
    }

    @Test func healthcheckByMinion() throws {
        let rows = try QueryCommands.jsonRows("retcodes", ["--by", "minion", "--function", "cmd.script"])
        for row in rows {
            let minion = try #require(row["minion"] as? String)
            var expected: [String: Int] = [:]
            var missing = 0
            for jid in try QueryCommands.healthcheckJids() {
                let job = try #require(QueryCommands.manifest.job(jid))
                if let result = job.returns[minion] {
                    expected[String(result.retcode ?? -1), default: 0] += 1
                } else if job.targeted.contains(minion) {
                    missing += 1
                }
            }
            #expect(row["retcodes"] as? [String: Int] == expected, "\(minion)")
            #expect(row["missing"] as? Int == missing, "\(minion)")
            #expect(row["total"] as? Int == 15, "\(minion)")
        }
        #expect(rows.count == 5)
    }

    @Test func csvHasOneColumnPerRetcode() throws {
        let json = try QueryCommands.jsonRows("retcodes", ["--by", "function"])
        let csv = try QueryCommands.csvRecords("retcodes", ["--by", "function"])
        let seen = Set(json.flatMap { ($0["retcodes"] as? [String: Int] ?? [:]).keys })
        let retcodeColumns = csv.header.filter { $0.hasPrefix("retcode_") }
        #expect(Set(retcodeColumns) == Set(seen.map { "retcode_\($0)" }))
        #expect(csv.header.first == "function")
        #expect(Array(csv.header.suffix(3)) == ["no_retcode", "missing", "total"])
        #expect(csv.rows.map { $0.first ?? "" } == json.map { QueryCommands.csvText($0["function"]) })
    }

    @Test func tableShowsShares() throws {
        let result = try QueryCommands.run("retcodes", ["--by", "minion", "--function", "cmd.script"])
        #expect(result.status == 0)
        let line = try #require(
            result.standardOutput.split(separator: "\n").first { $0.hasPrefix("old-box.example.test") }
        )
        #expect(line.contains("8 (53.3%)"))
        #expect(line.contains("7 (46.7%)"))
    }
}
