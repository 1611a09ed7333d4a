import Foundation
import Testing

/// `saltpan report incident` on the real corpus: the down phase of old-box.example.test.
@Suite struct IncidentReportTests {
    static let window = ["--since", "2026-12-04T19:53:00Z", "--until", "2026-12-04T19:56:00Z"]

    @Test func publishesAreTheJobsOfTheWindow() throws {
        let events = try ReportCorpus.report("incident", Self.window).object("timeline").objects("events")
        let jobs = try ReportCorpus.rows("jobs", Self.window + ["--limit", "0"])
        let publishes = events.filter { $0["event"] as? String == "publish" }
        #expect(publishes.count == jobs.count)
        #expect(Set(publishes.compactMap { $0["jid"] as? String }) == Set(jobs.compactMap { $0["jid"] as? String }))

        let times = events.compactMap { $0["time"] as? String }
        #expect(times.count == events.count)
        #expect(times == times.sorted())
    }

    @Test func returnsAndMissingMatchFailures() throws {
        let events = try ReportCorpus.report("incident", Self.window).object("timeline").objects("events")
        let rates = try ReportCorpus.rows("failures", Self.window)
        for rate in rates {
            let minion = try #require(rate["minion"] as? String)
            let mine = events.filter { $0["minion"] as? String == minion }
            let returns = mine.filter { ["return", "conflict"].contains($0["event"] as? String) }
            #expect(returns.count == rate["returned"] as? Int, "\(minion)")
            #expect(mine.filter { $0["event"] as? String == "missing" }.count == rate["missing"] as? Int, "\(minion)")
            #expect(
                returns.filter { $0["outcome"] as? String == "failed" }.count == rate["failed"] as? Int,
                "\(minion)"
            )
        }
        // old-box stopped at 19:53 and missed every job it was expected in after that.
        let inflight = try #require(QueryCommands.manifest.jid(ofStep: "inflight_on_oldbox"))
        #expect(
            events.contains {
                $0["jid"] as? String == inflight && $0["event"] as? String == "missing"
                    && $0["minion"] as? String == "old-box.example.test"
            }
        )
    }

    @Test func namedMinionsOnly() throws {
        let report = try ReportCorpus.report("incident", Self.window + ["--minion", "old-box.example.test"])
        let events = report.object("timeline").objects("events")
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { $0["minion"] is NSNull || $0["minion"] as? String == "old-box.example.test" })
        #expect(report.object("header")["filters"] as? [String] == ["--minion old-box.example.test"])
    }

    @Test func runnerJobsAreMissingFromSaltshaker() throws {
        let gaps = try ReportCorpus.report("incident", Self.window).object("source_gaps").objects("jobs")
        let manageDown = try #require(QueryCommands.manifest.jid(ofStep: "down_runner_manage_down"))
        let gap = try #require(gaps.first { $0["jid"] as? String == manageDown })
        #expect((gap["missing_from"] as? [String])?.contains { $0.hasSuffix("saltshaker/job-list.json") } == true)
        #expect((gap["seen_in"] as? [String])?.contains { $0.hasSuffix("salt-3008/jobs.tar.gz") } == true)
        #expect(gaps.allSatisfy { ($0["function"] as? String)?.hasPrefix("runner.") == true })
    }

    @Test func repeatedPublishesLeaveOutSchedules() throws {
        let repeats = try ReportCorpus.report("incident", Self.window).object("repeated_publishes")
            .objects("repeated_publishes")
        #expect(!repeats.isEmpty)
        #expect(repeats.allSatisfy { ($0["seconds"] as? Double ?? 60) < 60 })
        #expect(repeats.allSatisfy { !($0["user"] is NSNull) })
    }

    @Test func windowIsRequired() throws {
        let result = try ReportCorpus.run(["report", "incident"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("An incident report needs a window"))
        #expect(result.standardOutput.isEmpty)
    }
}
