import Foundation
import SaltPanCore
import Testing

/// `saltpan jobs` on the real cache, with expected values from the corpus manifest.
@Suite struct JobsCommandTests {
    @Test func newestFirstWithCounts() throws {
        let rows = try QueryCommands.jsonRows("jobs", ["--limit", "0"])
        let visible = QueryCommands.visibleJobs
        #expect(rows.map { $0["jid"] as? String } == visible.map(\.jid).sorted(by: >))

        for row in rows {
            let jid = try #require(row["jid"] as? String)
            let job = try #require(QueryCommands.manifest.job(jid))
            #expect(row["function"] as? String == job.fun, "\(jid)")
            #expect(row["returned_count"] as? Int == job.returned.count, "\(jid)")
            #expect(row["missing_count"] as? Int == job.notReturned.count, "\(jid)")
            #expect((row["returned_minions"] as? [String])?.sorted() == job.returned.sorted(), "\(jid)")
            let outcomes = try #require(row["outcomes"] as? [String: Int])
            #expect(Set(outcomes.keys) == ["succeeded", "failed", "missing", "conflict", "unknown"])
            #expect(outcomes["missing"] == job.notReturned.count, "\(jid)")
            #expect(outcomes.values.reduce(0, +) == job.returned.count + job.notReturned.count, "\(jid)")
            #expect(row["returns"] == nil)
        }
    }

    @Test func jsonObjectsAreShapedLikeJob() throws {
        let jid = try #require(QueryCommands.manifest.jid(ofStep: "cmd_exit_1"))
        let rows = try QueryCommands.jsonRows("jobs", ["--function", "cmd.run", "--limit", "0"])
        let listed = try #require(rows.first { $0["jid"] as? String == jid })

        let single = try QueryCommands.run("job", [jid, "--format", "json"])
        let job = try #require(
            try JSONSerialization.jsonObject(with: Data(single.standardOutput.utf8)) as? [String: Any]
        )
        var expectedKeys = Set(job.keys)
        expectedKeys.remove("returns")
        expectedKeys.formUnion(["returned_count", "missing_count", "outcomes"])
        #expect(Set(listed.keys) == expectedKeys)
        #expect(listed["target"] as? String == job["target"] as? String)
        #expect(listed["start_time"] as? String == job["start_time"] as? String)
        #expect((listed["outcomes"] as? [String: Int])?["failed"] == 5)
    }

    /// Compares every listed job, internal ones included, member by member and in order with
    /// what `saltpan job --format json` prints for it.
    @Test func jsonObjectsEqualJobOutput() throws {
        let listing = try QueryCommands.run("jobs", ["--include-internal", "--limit", "0", "--format", "json"])
        #expect(listing.status == 0, "\(listing.standardError)")
        let rows = try #require(try JSONParser().parse(Array(listing.standardOutput.utf8)).arrayValue)
        #expect(rows.count == QueryCommands.manifest.jobs.count)
        // The streamed text is laid out as the writer lays out the whole array.
        #expect(listing.standardOutput == ReportRenderer.json(.array(rows)))

        for row in rows {
            let jid = try #require(row["jid"]?.stringValue)
            let single = try QueryCommands.run("job", [jid, "--format", "json"])
            #expect(single.status == 0, "\(single.standardError)")
            let job = try JSONParser().parse(Array(single.standardOutput.utf8))
            #expect(row == (try Self.listedObject(of: job)), "\(jid)")
        }
    }

    @Test func emptyListing() throws {
        let json = try QueryCommands.run("jobs", ["--function", "no.such.function", "--format", "json"])
        #expect(json.status == 0, "\(json.standardError)")
        #expect(json.standardOutput == "[]\n")

        let csv = try QueryCommands.csvRecords("jobs", ["--function", "no.such.function"])
        #expect(csv.header.first == "jid")
        #expect(csv.rows.isEmpty)
    }

    @Test func csvCountsMatchManifest() throws {
        let csv = try QueryCommands.csvRecords("jobs", ["--limit", "0"])
        let returned = try #require(csv.header.firstIndex(of: "returned_count"))
        let missing = try #require(csv.header.firstIndex(of: "missing_count"))
        #expect(csv.rows.map { $0[0] } == QueryCommands.visibleJobs.map(\.jid).sorted(by: >))

        for record in csv.rows {
            let job = try #require(QueryCommands.manifest.job(record[0]))
            #expect(record[returned] == "\(job.returned.count)", "\(record[0])")
            #expect(record[missing] == "\(job.notReturned.count)", "\(record[0])")
        }
    }

    @Test func limitAndFormatsAgree() throws {
        let json = try QueryCommands.jsonRows("jobs", ["--limit", "7"])
        #expect(json.count == 7)
        let csv = try QueryCommands.csvRecords("jobs", ["--limit", "7"])
        #expect(csv.header.prefix(3) == ["jid", "start_time", "function"])
        #expect(csv.rows.map { $0[0] } == json.map { QueryCommands.csvText($0["jid"]) })
        #expect(csv.rows.map { $0[2] } == json.map { QueryCommands.csvText($0["function"]) })

        let markdown = try QueryCommands.run("jobs", ["--limit", "7", "--format", "md"])
        #expect(markdown.standardOutput.split(separator: "\n").count == 9)
        let table = try QueryCommands.run("jobs", ["--limit", "7"])
        let jids = table.standardOutput.split(separator: "\n").dropFirst(2).map { String($0.prefix(20)) }
        #expect(jids == json.map { QueryCommands.csvText($0["jid"]) })
    }

    @Test func testFalseSucceedsWhileExitSuccessIsFalse() throws {
        let jid = try #require(QueryCommands.manifest.jid(ofStep: "test_false"))
        let rows = try QueryCommands.jsonRows("jobs", ["--function", "test.false"])
        let job = try #require(QueryCommands.manifest.job(jid))
        #expect(rows.map { $0["jid"] as? String } == [jid])
        #expect((rows.first?["outcomes"] as? [String: Int])?["succeeded"] == job.returned.count)

        let verdicts = try QueryCommands.run(
            "sql",
            ["SELECT count(*) FROM minion_results WHERE jid = '\(jid)' AND outcome = 'succeeded' AND exit_success = 0"]
        )
        #expect(
            verdicts.standardOutput.split(separator: "\n").last?.trimmingCharacters(in: .whitespaces)
                == "\(job.returned.count)"
        )
    }

    @Test func sinceUntilSelectAnHour() throws {
        let rows = try QueryCommands.jsonRows(
            "jobs",
            ["--since", "202612041951", "--until", "202612041952", "--limit", "0"]
        )
        let expected = QueryCommands.visibleJobs.map(\.jid).filter { $0.hasPrefix("202612041951") }.sorted(by: >)
        #expect(rows.map { $0["jid"] as? String } == expected)
        #expect(!expected.isEmpty)
    }

    /// Builds the object `saltpan jobs` should list for a job that `saltpan job --format json`
    /// printed: its members without `returns`, then the counts of its returns and missing
    /// minions.
    private static func listedObject(of job: Value) throws -> Value {
        let returns = try #require(job["returns"]?.arrayValue)
        let missing = job["missing_minions"]?.arrayValue
        let outcomes = ["succeeded", "failed", "missing", "conflict", "unknown"].map { name in
            let count =
                name == "missing"
                ? missing?.count ?? 0
                : returns.filter { $0["outcome"]?.stringValue == name }.count
            return Value.MapEntry(key: .string(name), value: .int(Int64(count)))
        }

        var members = try #require(job.mapEntries).filter { $0.key != .string("returns") }
        members += [
            Value.MapEntry(key: .string("returned_count"), value: .int(Int64(returns.count))),
            Value.MapEntry(key: .string("missing_count"), value: missing.map { .int(Int64($0.count)) } ?? .null),
            Value.MapEntry(key: .string("outcomes"), value: .map(outcomes)),
        ]
        return .map(members)
    }
}
