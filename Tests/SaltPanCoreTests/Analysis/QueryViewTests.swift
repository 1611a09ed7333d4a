import Testing

@testable import SaltPanCore

/// The views `docs/SCHEMA.md` documents give the figures the commands compute.
@Suite struct QueryViewTests {
    @Test func stateResultsMatchTheParser() throws {
        let store = try QueryFixture.openStore()
        let jid = Manifest.shared.jid(ofStep: "state_highstate")
        let returns = try store.database.prepare("SELECT minion, return FROM returns WHERE jid = ? ORDER BY minion")
        try returns.bind(jid, at: 1)
        let view = try store.database.prepare(
            """
            SELECT sls, state_id, function, result, comment, duration_ms FROM state_results
            WHERE jid = ? AND minion = ? ORDER BY run_number
            """
        )

        var checked = 0
        while try returns.step() {
            let minion = returns.string(at: 0) ?? ""
            let value = try #require(try StoredValue.decode(returns.string(at: 1)))
            guard let states = StateResult.results(in: value) else { continue }

            view.reset()
            try view.bind(jid, at: 1)
            try view.bind(minion, at: 2)
            for state in states {
                #expect(try view.step(), "\(minion) \(state.tag)")
                #expect(view.string(at: 0) == state.sls)
                #expect(view.string(at: 1) == state.id)
                #expect(view.string(at: 2) == state.function)
                #expect(view.optionalInt64(at: 3).map { $0 != 0 } == state.result)
                #expect(view.string(at: 4) == state.comment)
                #expect(view.isNull(at: 5) ? state.duration == nil : view.double(at: 5) == state.duration)
                checked += 1
            }
            #expect(try !view.step())
        }
        #expect(checked > 20)
    }

    @Test func jobOverviewCountsMatchManifest() throws {
        let store = try QueryFixture.openStore()
        let query = try store.database.prepare(
            "SELECT jid, expected_count, returned_count, missing_count, failed_count FROM job_overview"
        )
        var checked = 0
        while try query.step() {
            let jid = query.string(at: 0) ?? ""
            let job = try #require(Manifest.shared.job(jid))
            #expect(query.int64(at: 1) == Int64(job.targeted.count) || job.targeted.isEmpty, "\(jid)")
            #expect(query.int64(at: 2) == Int64(job.returned.count), "\(jid)")
            #expect(query.int64(at: 3) == Int64(job.notReturned.count), "\(jid)")
            let failed = job.returns.values.filter { ($0.retcode ?? 0) != 0 }.count
            if !(QueryFixture.functions[jid] ?? "").hasPrefix("state.") {
                #expect(query.int64(at: 4) >= Int64(failed), "\(jid)")
            }
            checked += 1
        }
        #expect(checked == Manifest.shared.jobs.count)
    }
}
