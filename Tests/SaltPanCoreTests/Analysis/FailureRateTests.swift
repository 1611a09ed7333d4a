import Testing

@testable import SaltPanCore

/// Failure rates on the real cache, against the corpus manifest.
@Suite struct FailureRateTests {
    static func healthcheckFilter() throws -> QueryFilter {
        var filter = QueryFilter()
        filter.functions = [try GlobPattern("cmd.script")]
        return filter
    }

    @Test func healthcheckRoundsPerMinion() throws {
        let store = try QueryFixture.openStore()
        let rates = try FailureRateQuery.rates(in: store, by: .minion, filter: try Self.healthcheckFilter())
        let expected = try QueryFixture.healthcheckFigures()

        #expect(Set(rates.compactMap(\.key)) == Set(expected.keys))
        for rate in rates {
            let minion = try #require(rate.key)
            let figure = try #require(expected[minion])
            #expect(rate.targeted == figure.targeted, "\(minion)")
            #expect(rate.returned == figure.returned, "\(minion)")
            #expect(rate.failed == figure.failed, "\(minion)")
            #expect(rate.missing == figure.missing, "\(minion)")
            #expect(rate.failureRate == Double(figure.failed) / Double(figure.returned), "\(minion)")
            #expect(rate.missingRate == Double(figure.missing) / Double(figure.targeted), "\(minion)")
            #expect(!rate.isMaster)
        }
    }

    @Test func healthcheckFiguresFromTheWorkload() throws {
        // The workload made Cache_Node-7 fail 7 of 15 rounds, db01 and web02 3 each, web01
        // none, and stopped old-box after 8 rounds.
        let rates = try FailureRateQuery.rates(
            in: try QueryFixture.openStore(),
            by: .minion,
            filter: try Self.healthcheckFilter()
        )
        let byMinion = Dictionary(uniqueKeysWithValues: rates.map { ($0.key ?? "", $0) })
        #expect(byMinion["Cache_Node-7"]?.failed == 7)
        #expect(byMinion["db01.example.test"]?.failed == 3)
        #expect(byMinion["web02.example.test"]?.failed == 3)
        #expect(byMinion["web01.example.test"]?.failed == 0)
        #expect(byMinion["old-box.example.test"]?.returned == 8)
        #expect(byMinion["old-box.example.test"]?.missing == 7)
        #expect(byMinion["old-box.example.test"]?.lastFailedJid == nil)
    }

    @Test func worstFirst() throws {
        let rates = try FailureRateQuery.rates(
            in: try QueryFixture.openStore(),
            by: .minion,
            filter: try Self.healthcheckFilter()
        )
        #expect(
            rates.map(\.key) == [
                "Cache_Node-7", "db01.example.test", "web02.example.test", "old-box.example.test",
                "web01.example.test",
            ]
        )
    }

    @Test func streakAndLastFailure() throws {
        // The streak counts the failed rounds after the last round a minion passed.
        let rates = try FailureRateQuery.rates(
            in: try QueryFixture.openStore(),
            by: .minion,
            filter: try Self.healthcheckFilter()
        )
        for rate in rates {
            let minion = try #require(rate.key)
            var streak = 0
            var lastFailed: String?
            for jid in QueryFixture.healthcheckJids {
                guard let result = Manifest.shared.job(jid)?.returns[minion] else { continue }
                if (result.retcode ?? 0) != 0 {
                    streak += 1
                    lastFailed = jid
                } else {
                    streak = 0
                }
            }
            #expect(rate.streak == streak, "\(minion)")
            #expect(rate.lastFailedJid == lastFailed, "\(minion)")
        }
    }

    /// The scan runs in two jid ranges at once and joins them.
    ///
    /// Wherever the ranges meet, the figures are those of the whole run of rounds.
    @Test func splitScanJoinsAtEveryRound() throws {
        let store = try QueryFixture.openStore()
        let filter = try Self.healthcheckFilter()
        let expected = try QueryFixture.healthcheckFigures()
        let unsplit = try FailureRateQuery.rates(in: store, by: .minion, filter: filter)
        for middle in QueryFixture.healthcheckJids {
            let rates = try FailureRateQuery.rates(in: store, by: .minion, filter: filter, splittingAt: middle)
            #expect(rates == unsplit, "split at \(middle)")
            for rate in rates {
                let minion = try #require(rate.key)
                #expect(rate.failed == expected[minion]?.failed, "\(minion) split at \(middle)")
                #expect(rate.missing == expected[minion]?.missing, "\(minion) split at \(middle)")
            }
        }
    }

    @Test func byFunctionCountsJobLevelStreak() throws {
        let rates = try FailureRateQuery.rates(
            in: try QueryFixture.openStore(),
            by: .function,
            filter: try Self.healthcheckFilter()
        )
        let rate = try #require(rates.first)
        #expect(rates.count == 1)
        #expect(rate.key == "cmd.script")

        let figures = try QueryFixture.healthcheckFigures().values
        #expect(rate.targeted == figures.reduce(0) { $0 + $1.targeted })
        #expect(rate.failed == figures.reduce(0) { $0 + $1.failed })
        #expect(rate.missing == figures.reduce(0) { $0 + $1.missing })

        // A round counts toward the streak when any minion failed in it.
        var streak = 0
        for jid in QueryFixture.healthcheckJids {
            let job = try #require(Manifest.shared.job(jid))
            let failed = job.returns.values.contains { ($0.retcode ?? 0) != 0 }
            streak = failed ? streak + 1 : 0
        }
        #expect(rate.streak == streak)
    }

    @Test func runnerJobsCountUnderTheMaster() throws {
        let rates = try FailureRateQuery.rates(in: try QueryFixture.openStore(), by: .minion, filter: QueryFilter())
        let masters = rates.filter(\.isMaster)
        #expect(masters.map(\.key) == ["saltmaster.example.test_master"])

        let runnerJobs = QueryFixture.visibleJobs.filter {
            QueryFixture.functions[$0.jid]?.hasPrefix("runner.") == true
        }
        #expect(masters.first?.targeted == runnerJobs.count)
        #expect(rates.filter { !$0.isMaster }.allSatisfy { $0.key?.hasSuffix("_master") == false })
    }

    @Test func internalJobsAreHidden() throws {
        let store = try QueryFixture.openStore()
        let visible = try FailureRateQuery.rates(in: store, by: .minion, filter: QueryFilter())
        var filter = QueryFilter()
        filter.includeInternal = true
        let all = try FailureRateQuery.rates(in: store, by: .minion, filter: filter)

        let visibleResults = QueryFixture.visibleJobs.reduce(0) { $0 + Set($1.targeted + $1.returned).count }
        let allResults = Manifest.shared.jobs.reduce(0) { $0 + Set($1.targeted + $1.returned).count }
        #expect(visible.reduce(0) { $0 + $1.targeted } == visibleResults)
        #expect(all.reduce(0) { $0 + $1.targeted } == allResults)
        #expect(visibleResults < allResults)
    }

    @Test func outcomeFilterKeepsOnlyThatOutcome() throws {
        var filter = try Self.healthcheckFilter()
        filter.outcomes = [.missing]
        let rates = try FailureRateQuery.rates(in: try QueryFixture.openStore(), by: .minion, filter: filter)
        #expect(rates.map(\.key) == ["old-box.example.test"])
        #expect(rates.first?.missing == 7)
        #expect(rates.first?.failureRate == nil)
        #expect(rates.first?.missingRate == 1)
    }

    @Test func minionGlobSelectsMinions() throws {
        var filter = try Self.healthcheckFilter()
        filter.minions = [try GlobPattern("web*")]
        let rates = try FailureRateQuery.rates(in: try QueryFixture.openStore(), by: .minion, filter: filter)
        #expect(Set(rates.compactMap(\.key)) == ["web01.example.test", "web02.example.test"])
    }

    @Test func byProductWithoutProducts() throws {
        // The corpus was ingested without products, so every result is in the nil group.
        let rates = try FailureRateQuery.rates(
            in: try QueryFixture.openStore(),
            by: .product,
            filter: try Self.healthcheckFilter()
        )
        #expect(rates.count == 1)
        #expect(rates.first?.key == nil)
        #expect(rates.first?.targeted == QueryFixture.healthcheckJids.count * 5)
    }

    @Test func missingMinionsTakeTheMappedProduct() throws {
        let store = try IngestTests.newStore()
        _ = try Ingester(store: store, options: IngestOptions()).ingest(path: Fixtures.jobsArchive)
        try ProductMap(text: "old-box*  p-old\n*  p-rest\n", path: "products.txt").apply(to: store)

        let rates = try FailureRateQuery.rates(in: store, by: .product, filter: try Self.healthcheckFilter())
        let byProduct = Dictionary(uniqueKeysWithValues: rates.map { ($0.key ?? "-", $0) })
        let figures = try QueryFixture.healthcheckFigures()
        let oldBox = try #require(figures["old-box.example.test"])

        #expect(Set(byProduct.keys) == ["p-old", "p-rest"])
        #expect(byProduct["p-old"]?.targeted == oldBox.targeted)
        #expect(byProduct["p-old"]?.missing == oldBox.missing)
        #expect(byProduct["p-rest"]?.targeted == figures.values.reduce(0) { $0 + $1.targeted } - oldBox.targeted)
        #expect(byProduct["p-rest"]?.missing == 0)

        var filter = try Self.healthcheckFilter()
        filter.products = ["p-old"]
        let selected = try FailureRateQuery.rates(in: store, by: .minion, filter: filter)
        #expect(selected.map(\.key) == ["old-box.example.test"])
        #expect(selected.first?.missing == oldBox.missing)
    }
}
