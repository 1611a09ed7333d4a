import Foundation
import Testing

/// `saltpan job` on the real Salt 3008.4 cache, with expected values from the corpus manifest.
@Suite(.serialized) struct JobCommandTests {
    /// One database for the suite, filled from the real archive through the CLI.
    static let database: String = {
        do {
            let path = try Saltpan.temporaryFolder() + "/saltpan.db"
            let result = try Saltpan.run(["ingest", "--db", path, Saltpan.fixture("salt-3008/jobs.tar.gz")])
            precondition(result.status == 0, "ingest failed: \(result.standardError)")
            return path
        } catch {
            fatalError("cannot prepare the database: \(error)")
        }
    }()

    static func jid(ofStep label: String) throws -> String {
        try #require(CorpusManifest.shared.jid(ofStep: label))
    }

    static func jobJSON(_ jid: String) throws -> [String: Any] {
        let result = try Saltpan.run(["job", "--db", database, "--format", "json", jid])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        return try #require(object as? [String: Any])
    }

    static func returns(_ job: [String: Any]) throws -> [String: [String: Any]] {
        let list = try #require(job["returns"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["minion"] as? String ?? "", $0) })
    }

    @Test func failingCommandInJSON() throws {
        let jid = try Self.jid(ofStep: "cmd_exit_1")
        let job = try Self.jobJSON(jid)
        let manifest = try #require(CorpusManifest.shared.job(jid))

        #expect(job["jid"] as? String == jid)
        #expect(job["function"] as? String == "cmd.run")
        #expect(job["arguments"] as? [String] == ["echo about to fail; exit 1"])
        #expect(job["target"] as? String == "*")
        #expect(job["target_type"] as? String == "glob")
        #expect(job["user"] as? String == "root")
        #expect(job["start_time"] as? String == "2026-12-04T19:50:13.663810Z")
        #expect(job["expected_minions"] as? [String] == manifest.targeted.sorted())
        #expect(job["missing_minions"] as? [String] == [])

        let returns = try Self.returns(job)
        #expect(returns.count == manifest.returned.count)
        for (minion, record) in returns {
            #expect(record["outcome"] as? String == "failed")
            #expect(record["retcode"] as? Int == manifest.returns[minion]?.retcode)
            #expect(record["success"] as? Bool == false)
            #expect(record["return"] as? String == "about to fail")
            #expect(record["inconsistency"] is NSNull)
            #expect(record["conflicting_jid"] is NSNull)
        }
    }

    @Test func stateRunWithFailedState() throws {
        let jid = try Self.jid(ofStep: "state_webapp")
        let returns = try Self.returns(try Self.jobJSON(jid))
        let failed = try #require(returns["web02.example.test"])
        #expect(failed["outcome"] as? String == "failed")
        #expect(failed["retcode"] as? Int == 2)
        #expect((failed["cause"] as? String)?.hasPrefix("retcode 2, 1 of ") == true)
        #expect(returns["web01.example.test"]?["outcome"] as? String == "succeeded")
    }

    @Test func renderErrorDidNotCompile() throws {
        let jid = try Self.jid(ofStep: "state_broken_yaml")
        let record = try #require(try Self.returns(try Self.jobJSON(jid))["db01.example.test"])
        #expect(record["outcome"] as? String == "failed")
        #expect(record["cause"] as? String == "did not compile")
        #expect(record["retcode"] as? Int == 1)
    }

    @Test func killedJobHasNoReturn() throws {
        // `saltutil.kill_job` ended this job on db01, so the cache holds no return for it.
        let jid = try Self.jid(ofStep: "long_async_db01")
        let job = try Self.jobJSON(jid)
        #expect(job["expected_minions"] as? [String] == ["db01.example.test"])
        #expect(job["missing_minions"] as? [String] == ["db01.example.test"])
        #expect((job["returns"] as? [Any])?.isEmpty == true)
    }

    @Test func stoppedMinionIsMissing() throws {
        let jid = try Self.jid(ofStep: "down_ping_all")
        let manifest = try #require(CorpusManifest.shared.job(jid))
        let job = try Self.jobJSON(jid)
        #expect(job["missing_minions"] as? [String] == manifest.notReturned)
        #expect(manifest.notReturned == ["old-box.example.test"])

        let table = try Saltpan.run(["job", "--db", Self.database, jid])
        #expect(table.status == 0)
        #expect(table.standardOutput.contains("5 expected, 4 returned, 1 missing (old-box.example.test)"))
        #expect(table.standardOutput.contains("old-box.example.test  missing"))
    }

    @Test func bytesAndDatetimesInJSON() throws {
        // `file.read binary=True` returns Python bytes (msgpack bin); the custom module
        // `inventory.snapshot` returns datetimes (msgpack ext 78) and integer map keys.
        let binary = try Self.returns(try Self.jobJSON(try Self.jid(ofStep: "file_read_binary")))
        let value = try #require(binary["web01.example.test"]?["return"] as? [String: Any])
        #expect(value["$bytes"] is String)

        let custom = try Saltpan.run([
            "job", "--db", Self.database, "--format", "json", try Self.jid(ofStep: "custom_module_types"),
        ])
        #expect(custom.standardOutput.contains("\"20") && custom.standardOutput.contains("T"))
        #expect(!custom.standardOutput.contains("$datetime"))
    }

    @Test func unknownJidFails() throws {
        let result = try Saltpan.run(["job", "--db", Self.database, "20991231235959000000"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("no job with jid '20991231235959000000'"))
    }

    @Test func invalidFormatIsUsageError() throws {
        let result = try Saltpan.run(["job", "--db", Self.database, "--format", "xml", "20261204195013663810"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("The value 'xml' is invalid for '--format <format>'"))
    }
}
