import Testing

@testable import SaltPanCore

/// Retcode counts on the real cache, against the corpus manifest.
@Suite struct RetcodeBreakdownTests {
    @Test func valuesSeenMatchManifest() throws {
        let breakdown = try RetcodeBreakdownQuery.breakdown(
            in: try QueryFixture.openStore(),
            by: .product,
            filter: QueryFilter()
        )
        var expected: [Int64: Int] = [:]
        var noRetcode = 0
        var missing = 0
        for job in QueryFixture.visibleJobs {
            for (_, result) in job.returns {
                if let retcode = result.retcode {
                    expected[Int64(retcode), default: 0] += 1
                } else {
                    noRetcode += 1
                }
            }
            missing += job.notReturned.count
        }

        #expect(breakdown.retcodes == expected.keys.sorted())
        #expect(breakdown.retcodes.contains(127))
        let group = try #require(breakdown.groups.first)
        #expect(breakdown.groups.count == 1)
        #expect(group.retcodes == expected.mapValues { $0 })
        #expect(group.noRetcode == noRetcode)
        #expect(group.missing == missing)
        #expect(group.total == expected.values.reduce(0, +) + noRetcode + missing)
    }

    @Test func healthcheckRetcodesPerMinion() throws {
        var filter = QueryFilter()
        filter.functions = [try GlobPattern("cmd.script")]
        let breakdown = try RetcodeBreakdownQuery.breakdown(
            in: try QueryFixture.openStore(),
            by: .minion,
            filter: filter
        )

        var expected: [String: [Int64: Int]] = [:]
        for jid in QueryFixture.healthcheckJids {
            for (minion, result) in Manifest.shared.job(jid)?.returns ?? [:] {
                expected[minion, default: [:]][Int64(result.retcode ?? -1), default: 0] += 1
            }
        }
        #expect(breakdown.groups.map(\.key) == expected.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        for group in breakdown.groups {
            let minion = try #require(group.key)
            #expect(group.retcodes == expected[minion], "\(minion)")
            #expect(group.noRetcode == 0)
        }
        let oldBox = try #require(breakdown.groups.first { $0.key == "old-box.example.test" })
        #expect(oldBox.missing == 7)
        #expect(oldBox.total == 15)
    }

    @Test func runnerReturnsHaveNoRetcode() throws {
        let breakdown = try RetcodeBreakdownQuery.breakdown(
            in: try QueryFixture.openStore(),
            by: .minion,
            filter: QueryFilter()
        )
        let master = try #require(breakdown.groups.first { $0.isMaster })
        #expect(master.key == "saltmaster.example.test_master")
        #expect(master.retcodes.isEmpty)
        #expect(master.noRetcode == master.total)
    }
}
