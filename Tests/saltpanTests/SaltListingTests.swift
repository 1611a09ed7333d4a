import Foundation
import SaltPanCore
import Testing

/// `saltpan jobs --format salt` against the listing Salt 3008.4 itself printed for the same cache
/// (`salt-run jobs.list_jobs --out=json`, the last call of the corpus run).
@Suite struct SaltListingTests {
    /// Returns the listing Salt printed, with its members in Salt's order.
    static func saltsListing() throws -> [Value.MapEntry] {
        let path = Saltpan.fixture("salt-3008/captures/jobs.list_jobs.final.json")
        return try entries(of: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    static func entries(of json: [UInt8]) throws -> [Value.MapEntry] {
        guard case .map(let entries) = try Value(losslessJSONText: json) else {
            Issue.record("the listing is not a JSON object")
            return []
        }
        return entries
    }

    static func listing(_ arguments: [String], database: String = QueryCommands.database) throws -> [Value.MapEntry] {
        let result = try Saltpan.run(["jobs", "--db", database, "--format", "salt"] + arguments)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty)
        return try entries(of: Array(result.standardOutput.utf8))
    }

    static func jid(_ entry: Value.MapEntry) -> String {
        entry.key.stringValue ?? ""
    }

    /// Every job Salt listed has the same entry, with members in the same order.
    ///
    /// The one extra job is the `jobs.list_jobs` call that printed Salt's listing, because Salt
    /// stored it after printing.
    @Test func equalsSaltsOwnListing() throws {
        let salt = try Self.saltsListing()
        let ours = try Self.listing(["--limit", "0", "--include-internal"])
        let ourEntries = Dictionary(uniqueKeysWithValues: ours.map { (Self.jid($0), $0.value) })

        #expect(salt.count == 235)
        for entry in salt {
            #expect(ourEntries[Self.jid(entry)] == entry.value, "\(Self.jid(entry))")
        }
        let saltJids = Set(salt.map(Self.jid))
        let extra = ours.filter { !saltJids.contains(Self.jid($0)) }
        #expect(extra.count == 1)
        #expect(extra.first?.value["Function"] == .string("runner.jobs.list_jobs"))
        #expect(extra.first.map(Self.jid) == ours.first.map(Self.jid))
    }

    @Test func newestJidFirstAndLimited() throws {
        let all = try Self.listing(["--limit", "0", "--include-internal"]).map(Self.jid)
        #expect(Set(all) == Set(QueryCommands.manifest.jobs.map(\.jid)))
        #expect(all.count == QueryCommands.manifest.jobs.count)
        #expect(all == all.sorted(by: >))
        #expect(try Self.listing(["--limit", "5", "--include-internal"]).map(Self.jid) == Array(all.prefix(5)))
    }

    @Test func filtersMatchOtherFormats() throws {
        let visible = try Self.listing(["--limit", "0"])
        #expect(Set(visible.map(Self.jid)) == Set(QueryCommands.visibleJobs.map(\.jid)))

        let commands = try Self.listing(["--limit", "0", "--function", "cmd.run"])
        let expected = QueryCommands.manifest.jobs.filter { $0.fun == "cmd.run" }
        #expect(Set(commands.map(Self.jid)) == Set(expected.map(\.jid)))
        #expect(commands.allSatisfy { $0.value["Function"] == .string("cmd.run") })

        let none = try Saltpan.run([
            "jobs", "--db", QueryCommands.database, "--format", "salt", "--function", "no.such",
        ])
        #expect(none.standardOutput == "{}\n")
    }

    /// Salt writes `StartTime` and `EndTime` in the master's clock.
    ///
    /// A master 8 hours east of UTC (`--jid-tz +08:00`) gets its job times stored in UTC, and the
    /// listing gives Salt's texts back.
    @Test func timesStayInTheMastersClock() throws {
        let database = try Saltpan.temporaryFolder() + "/east.db"
        let ingest = try Saltpan.run([
            "ingest", "--quiet", "--jid-tz", "+08:00", "--db", database, Saltpan.fixture("salt-3008/jobs.tar.gz"),
        ])
        #expect(ingest.status == 0, "\(ingest.standardError)")

        let ours = try Self.listing(["--limit", "0", "--include-internal"], database: database)
        let ourEntries = Dictionary(uniqueKeysWithValues: ours.map { (Self.jid($0), $0.value) })
        let salt = try Self.saltsListing()
        let withEndTime = salt.filter { $0.value["EndTime"] != nil }
        #expect(withEndTime.count == 94)
        for entry in salt {
            #expect(ourEntries[Self.jid(entry)] == entry.value, "\(Self.jid(entry))")
        }
    }

    /// A value edited by hand into something that is not JSON, or not UTF-8, stops the listing
    /// with an error naming the job and the column, instead of printing broken JSON.
    @Test func damagedValueNamesJobAndColumn() throws {
        let folder = try Saltpan.temporaryFolder()
        let database = folder + "/edited.db"
        #expect(
            try Saltpan.run(["ingest", "--quiet", "--db", database, Saltpan.fixture("salt-3008/jobs.tar.gz")]).status
                == 0
        )
        let jid = try #require(QueryCommands.manifest.jid(ofStep: "cmd_exit_1"))

        let edits = [
            ("arguments", "UPDATE jobs SET arguments = 'not json' WHERE jid = '\(jid)'"),
            ("target", "UPDATE jobs SET arguments = '[]', target = '[\"web01\",' WHERE jid = '\(jid)'"),
            ("user", "UPDATE jobs SET target = '\"*\"', user = CAST(X'FF41' AS TEXT) WHERE jid = '\(jid)'"),
        ]
        for (column, sql) in edits {
            let connection = try Database(path: database)
            try connection.execute(sql)
            connection.close()

            let result = try Saltpan.run(["jobs", "--db", database, "--format", "salt", "--limit", "0"])
            #expect(result.status == 1, "\(column)")
            #expect(result.standardError.contains("job \(jid): the stored \(column)"), "\(result.standardError)")
            #expect(!result.standardOutput.contains("not json"), "\(column)")
        }
    }

    /// Load arguments JSON cannot hold are written as `saltpan jobs --format json` writes them.
    ///
    /// The job has bytes (a `!!binary` CLI argument) and a map with an integer key, where Salt
    /// would print Python `repr` text. The real cache has neither in a load.
    @Test func unusualArgumentsMatchJSONFormat() throws {
        let root = try Saltpan.temporaryFolder()
        let jid = "20261204201500000001"
        try JobCacheBuilder.writeJob(
            jid: jid,
            returnFiles: ["web01.example.test": JobCacheBuilder.returnFile(.string("ok"))],
            under: root
        )
        let load = Value.object([
            "fun": .string("cmd.run"),
            "arg": .array([.bytes([0xde, 0xad, 0xbe, 0xef]), .map([.init(key: .int(22), value: .int(812))])]),
            "tgt": .string("web01.example.test"),
            "tgt_type": .string("glob"),
            "jid": .string(jid),
            "user": .string("root"),
        ])
        let folder = root + "/jobs/" + JobCacheBuilder.folderPath(jid: jid)
        try Data(MessagePackEncoder().encode(load)).write(to: URL(fileURLWithPath: folder + "/.load.p"))
        let database = root + "/saltpan.db"
        #expect(try Saltpan.run(["ingest", "--quiet", "--db", database, root + "/jobs"]).status == 0)

        let listed = try #require(try Self.listing([], database: database).first)
        let json = try Saltpan.run(["jobs", "--db", database, "--format", "json"])
        guard case .array(let rows) = try Value(losslessJSONText: Array(json.standardOutput.utf8)) else {
            Issue.record("jobs --format json did not print an array")
            return
        }
        #expect(listed.value["Arguments"] == rows.first?["arguments"])
        // Read back as lossless JSON, `{"$bytes": "3q2+7w=="}` is the bytes again; the integer
        // key was written as text.
        let expected = Value.array([.bytes([0xde, 0xad, 0xbe, 0xef]), .object(["22": .int(812)])])
        #expect(listed.value["Arguments"] == expected)
    }
}
