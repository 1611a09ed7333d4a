import Foundation
import Testing

/// `saltpan report nightly` on the real corpus, checked against the query commands and the
/// corpus manifest.
@Suite struct NightlyReportTests {
    static let window = ["--now", ReportCorpus.now]

    @Test func productsMatchFailuresByProduct() throws {
        let report = try ReportCorpus.report("nightly", Self.window)
        let products = report.object("products").objects("products")
        let rates = try ReportCorpus.rows("failures", ["--by", "product"] + ReportCorpus.nightlyWindow)
        #expect(products.count == rates.count)
        #expect(products.count == 3)

        for rate in rates {
            let key = rate["product"] as? String
            let product = try #require(products.first { $0["product"] as? String == key }, "\(key ?? "nil")")
            for field in ["targeted", "returned", "failed", "missing", "conflict", "unknown"] {
                #expect(product[field] as? Int == rate[field] as? Int, "\(key ?? "nil") \(field)")
            }
            #expect(product["failure_rate"] as? Double == rate["failure_rate"] as? Double, "\(key ?? "nil")")
            #expect(product["missing_rate"] as? Double == rate["missing_rate"] as? Double, "\(key ?? "nil")")
        }
    }

    @Test func summaryMatchesTheManifest() throws {
        let summary = try ReportCorpus.report("nightly", Self.window).object("summary")
        let visible = QueryCommands.visibleJobs
        #expect(summary["jobs"] as? Int == visible.count)
        #expect(summary["missing"] as? Int == visible.reduce(0) { $0 + $1.notReturned.count })
        #expect(summary["minions"] as? Int == 5)

        let rates = try ReportCorpus.rows("failures", ["--by", "product"] + ReportCorpus.nightlyWindow)
        let failed = rates.reduce(0) { $0 + ($1["failed"] as? Int ?? 0) }
        let returned = rates.reduce(0) { $0 + ($1["returned"] as? Int ?? 0) }
        #expect(summary["failed"] as? Int == failed)
        #expect(summary["returned"] as? Int == returned)
        let rate = try #require(summary["failure_rate"] as? Double)
        #expect(abs(rate - Double(failed) / Double(returned)) < 1e-12)
    }

    @Test func healthcheckRatesMatchTheManifest() throws {
        let report = try ReportCorpus.report("nightly", Self.window + ["--function", "cmd.script"])
        let minions = report.object("minions").objects("minions")
        let expected = try FailuresCommandTests.expectedFigures()
        #expect(minions.count == expected.count)

        for row in minions {
            let minion = try #require(row["minion"] as? String)
            let figure = try #require(expected[minion], "\(minion)")
            #expect(row["targeted"] as? Int == figure[0], "\(minion)")
            #expect(row["returned"] as? Int == figure[1], "\(minion)")
            #expect(row["failed"] as? Int == figure[2], "\(minion)")
            #expect(row["missing"] as? Int == figure[3], "\(minion)")
            #expect(row["failure_rate"] as? Double == Double(figure[2]) / Double(figure[1]), "\(minion)")
        }
        #expect(minions.first?["minion"] as? String == "Cache_Node-7")
    }

    @Test func retcodeChartMatchesRetcodes() throws {
        let report = try ReportCorpus.report("nightly", Self.window)
        let bars = report.object("products").objects("retcode_mix_per_product")
        let breakdown = try ReportCorpus.rows("retcodes", ["--by", "product"] + ReportCorpus.nightlyWindow)
        #expect(bars.count == breakdown.count)

        for (bar, group) in zip(bars, breakdown) {
            let label = group["product"] as? String ?? "(no product)"
            #expect(bar["product"] as? String == label)
            let retcodes = try #require(group["retcodes"] as? [String: Int])
            for (retcode, count) in retcodes {
                #expect(bar["retcode_\(retcode)"] as? Int == count, "\(label) retcode \(retcode)")
            }
            #expect(bar["no_retcode"] as? Int == group["no_retcode"] as? Int, "\(label)")
            #expect(bar["missing"] as? Int == group["missing"] as? Int, "\(label)")
        }
    }

    @Test func unusualRetcodesMatchTheManifest() throws {
        var expected: [Int: Int] = [:]
        for job in QueryCommands.visibleJobs {
            for result in job.returns.values {
                guard let retcode = result.retcode, ![0, 1, 2].contains(retcode) else { continue }
                expected[retcode, default: 0] += 1
            }
        }
        let rows = try ReportCorpus.report("nightly", Self.window).object("unusual_retcodes").objects("retcodes")
        #expect(rows.map { $0["retcode"] as? Int } == expected.keys.sorted())
        for row in rows {
            let retcode = try #require(row["retcode"] as? Int)
            #expect(row["returns"] as? Int == expected[retcode], "retcode \(retcode)")
        }
    }

    @Test func missingMinionsMatchTheManifest() throws {
        let rows = try ReportCorpus.report("nightly", Self.window).object("missing_minions").objects("minions")
        var expected: [String: Int] = [:]
        for job in QueryCommands.visibleJobs {
            for minion in job.notReturned {
                expected[minion, default: 0] += 1
            }
        }
        #expect(Set(rows.compactMap { $0["minion"] as? String }) == Set(expected.keys))
        for row in rows {
            let minion = try #require(row["minion"] as? String)
            #expect(row["missing"] as? Int == expected[minion], "\(minion)")
        }

        // old-box stopped partway and never came back: its newest missing job is the last round.
        let oldBox = try #require(rows.first)
        #expect(oldBox["minion"] as? String == "old-box.example.test")
        #expect(oldBox["newest_missing_jid"] as? String == QueryCommands.manifest.jid(ofStep: "healthcheck_round_15"))
    }

    @Test func schedulesMatchTheManifest() throws {
        let rows = try ReportCorpus.report("nightly", Self.window).object("schedules").objects("schedules")
        let scheduled = try scheduledJobs()
        #expect(rows.map { $0["schedule"] as? String } == scheduled.keys.sorted())

        for row in rows {
            let name = try #require(row["schedule"] as? String)
            let jobs = try #require(scheduled[name])
            let failed = jobs.filter { job in job.returns.values.contains { ($0.retcode ?? 0) != 0 } }
            #expect(row["runs"] as? Int == jobs.count, "\(name)")
            #expect(row["failed"] as? Int == failed.count, "\(name)")
            #expect(row["last_jid"] as? String == jobs.map(\.jid).max(), "\(name)")
        }
    }

    /// Groups the manifest's scheduled jobs by schedule name.
    private func scheduledJobs() throws -> [String: [CorpusManifest.Job]] {
        var names: [String: String] = [:]
        for job in try ReportCorpus.manifestJobs() {
            if let jid = job["jid"] as? String, let schedule = job["schedule"] as? String {
                names[jid] = schedule
            }
        }
        return Dictionary(grouping: QueryCommands.visibleJobs.filter { names[$0.jid] != nil }) { names[$0.jid] ?? "" }
    }

    @Test func blindPreviousWindowIsSaid() throws {
        let changes = try ReportCorpus.report("nightly", Self.window).object("changes")
        #expect(changes["previous_window_start"] as? String == "2026-12-02T20:00:00Z")
        #expect(changes["previous_coverage"] as? String == "blind")
        #expect((changes["notices"] as? [String])?.first?.contains("No input covers the previous window") == true)
    }

    @Test func changesCompareWithThePreviousWindow() throws {
        let current = ["--since", "2026-12-04T19:55:00Z", "--until", ReportCorpus.now]
        let previous = ["--since", "2026-12-04T19:50:00Z", "--until", "2026-12-04T19:55:00Z"]
        let changes = try ReportCorpus.report("nightly", current).object("changes")
        #expect(changes["previous_coverage"] as? String == "covered")

        let now = try ReportCorpus.rows("failures", current)
        let before = try ReportCorpus.rows("failures", previous)
        let failedBefore = Set(before.filter { ($0["failed"] as? Int ?? 0) > 0 }.compactMap { $0["minion"] as? String })
        let newlyFailing = now.filter { row in
            (row["failed"] as? Int ?? 0) > 0 && !failedBefore.contains(row["minion"] as? String ?? "")
        }
        let recovered = now.filter { row in
            let succeeded = ["failed", "unknown", "conflict"].reduce(row["returned"] as? Int ?? 0) {
                $0 - (row[$1] as? Int ?? 0)
            }
            return failedBefore.contains(row["minion"] as? String ?? "") && row["failed"] as? Int == 0 && succeeded > 0
        }
        #expect(
            Set(changes.objects("newly_failing_minions").compactMap { $0["minion"] as? String })
                == Set(newlyFailing.compactMap { $0["minion"] as? String })
        )
        #expect(
            Set(changes.objects("recovered_minions").compactMap { $0["minion"] as? String })
                == Set(recovered.compactMap { $0["minion"] as? String })
        )
        // web01 failed the ad-hoc commands before 19:55 and only succeeded after.
        #expect(recovered.contains { $0["minion"] as? String == "web01.example.test" })
    }
}
