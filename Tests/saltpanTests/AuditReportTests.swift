import Foundation
import Testing

/// `saltpan report audit` on the real corpus, checked against the query commands and the corpus
/// manifest.
@Suite struct AuditReportTests {
    @Test func exceptionsAreEveryFailedMissingAndConflict() throws {
        let report = try ReportCorpus.report("audit", [])
        let summary = report.object("summary")
        let exceptions = report.object("exceptions").objects("exceptions")
        let failed = try #require(summary["failed"] as? Int)
        let missing = try #require(summary["missing"] as? Int)
        let conflict = try #require(summary["conflict"] as? Int)
        #expect(exceptions.count == failed + missing + conflict)

        let rates = try ReportCorpus.rows("failures", [])
        for rate in rates {
            let minion = try #require(rate["minion"] as? String)
            let mine = exceptions.filter { $0["minion"] as? String == minion }
            #expect(mine.filter { $0["outcome"] as? String == "failed" }.count == rate["failed"] as? Int, "\(minion)")
            #expect(mine.filter { $0["outcome"] as? String == "missing" }.count == rate["missing"] as? Int, "\(minion)")
        }
    }

    @Test func healthcheckExceptionsMatchTheManifest() throws {
        let exceptions = try ReportCorpus.report("audit", []).object("exceptions").objects("exceptions")
        for jid in try QueryCommands.healthcheckJids() {
            let job = try #require(QueryCommands.manifest.job(jid))
            var expected: [String: String] = [:]
            for minion in job.notReturned { expected[minion] = "missing" }
            for (minion, result) in job.returns where (result.retcode ?? 0) != 0 {
                expected[minion] = "failed"
            }
            let listed = exceptions.filter { $0["jid"] as? String == jid }
            var actual: [String: String] = [:]
            for row in listed {
                actual[row["minion"] as? String ?? ""] = row["outcome"] as? String
            }
            #expect(actual == expected, "\(jid)")
        }
    }

    @Test func failedStatesNameTheStateAndItsComment() throws {
        let exceptions = try ReportCorpus.report("audit", []).object("exceptions").objects("exceptions")
        let jid = try #require(QueryCommands.manifest.jid(ofStep: "state_highstate"))
        let db01 = try #require(
            exceptions.first { $0["jid"] as? String == jid && $0["minion"] as? String == "db01.example.test" }
        )
        #expect(db01["failed_states"] as? [String] == ["db_migrate", "db_reload"])
        let comments = try #require(db01["comments"] as? [String])
        #expect(comments.first?.hasPrefix("db_migrate: Command") == true)

        let cache = try #require(
            exceptions.first { $0["jid"] as? String == jid && $0["minion"] as? String == "Cache_Node-7" }
        )
        #expect(cache["cause"] as? String == "did not compile")
        #expect((cache["comments"] as? [String])?.first?.hasPrefix("Rendering SLS 'base:cache' failed") == true)
    }

    @Test func stateRunsSeparateTestRuns() throws {
        let runs = try ReportCorpus.report("audit", []).object("state_runs").objects("state_runs")
        let manifest = QueryCommands.manifest
        let web02 = try #require(runs.first { $0["minion"] as? String == "web02.example.test" })
        #expect(web02["last_run_jid"] as? String == manifest.jid(ofStep: "endtime_state_webapp"))
        #expect(web02["last_run_outcome"] as? String == "failed")
        #expect(web02["product"] as? String == "p-4bc4a5b83bd011e8aa0e000c298454d8")

        let testJid = try #require(manifest.jid(ofStep: "state_test_mode"))
        #expect(web02["last_test_jid"] as? String == testJid)
        let wouldChange = try ReportCorpus.rows(
            "sql",
            [
                "SELECT count(*) AS n FROM state_results WHERE jid = '\(testJid)' "
                    + "AND minion = 'web02.example.test' AND result IS NULL"
            ]
        )
        #expect(web02["would_change"] as? Int == wouldChange.first?["n"] as? Int)
        #expect((web02["would_change"] as? Int ?? 0) > 0)

        // Cache_Node-7's SLS did not render in test mode, so no count of states that would change exists.
        let cache = try #require(runs.first { $0["minion"] as? String == "Cache_Node-7" })
        #expect(cache["last_test_jid"] as? String == testJid)
        #expect(cache["would_change"] is NSNull)
    }

    @Test func minionsWithoutStateRunAreListed() throws {
        // Between the down phase and the end only web01 and web02 had a state run.
        let report = try ReportCorpus.report("audit", ["--since", "2026-12-04T19:55:00Z"])
        let without = report.object("state_runs").objects("minions_without_state_run").compactMap {
            $0["minion"] as? String
        }
        #expect(without == ["Cache_Node-7", "db01.example.test", "old-box.example.test"])
    }

    @Test func loadsWithoutUserAreFlagged() throws {
        let section = try ReportCorpus.report("audit", []).object("activity")
        let rows = section.objects("activity")
        let withoutUser = rows.filter { $0["user"] is NSNull }
        let visible = Set(QueryCommands.visibleJobs.map(\.jid))
        let expected = try ReportCorpus.manifestJobs().filter { job in
            visible.contains(job["jid"] as? String ?? "") && job["user"] is NSNull
        }
        #expect(expected.count == 17)
        #expect(withoutUser.reduce(0) { $0 + ($1["jobs"] as? Int ?? 0) } == expected.count)
        #expect(withoutUser.allSatisfy { $0["user_in_load"] as? String == "no (Salt shows root)" })
        #expect((section["notices"] as? [String])?.first?.hasPrefix("\(expected.count) jobs had no user") == true)

        let total = rows.reduce(0) { $0 + ($1["jobs"] as? Int ?? 0) }
        #expect(total == QueryCommands.visibleJobs.count)
    }

    @Test func changesMatchStatesChanges() throws {
        let changes = try ReportCorpus.report("audit", []).object("changes").objects("changes")
        let listed = try ReportCorpus.rows("states", ["--changes"])
        #expect(changes.count == listed.count)
        #expect(changes.map { $0["jid"] as? String } == listed.map { $0["jid"] as? String })
        #expect(!changes.isEmpty)
    }
}
