import Testing

@testable import SaltPanCore

/// Failing states on the real cache.
///
/// The state ids come from the fixture's SLS files:
/// `srv/salt/database.sls` has `db_migrate` exit 7 and `db_reload` require it, and
/// `srv/salt/webapp.sls` gives web02 a `webapp_healthcheck` that exits 2.
@Suite struct StateFailureTests {
    static func failures(ofStep label: String) throws -> [StateFailure] {
        var filter = QueryFilter()
        let jid = Manifest.shared.jid(ofStep: label)
        let time = try #require(Jid.startTime(of: jid))
        filter.since = time
        filter.until = Timestamp(microseconds: time.microseconds + 1)
        return try StateFailureQuery.failures(in: try QueryFixture.openStore(), filter: filter)
    }

    @Test func highstateRootCausesAndCascade() throws {
        let failures = try Self.failures(ofStep: "state_highstate")
        let job = try #require(Manifest.shared.job(Manifest.shared.jid(ofStep: "state_highstate")))
        let failedMinions = job.returns.filter { ($0.value.retcode ?? 0) != 0 }.keys.sorted()
        #expect(failedMinions == ["Cache_Node-7", "db01.example.test", "web02.example.test"])

        let migrate = try #require(failures.first { $0.stateID == "db_migrate" })
        #expect(migrate.failure == .failed)
        #expect(migrate.sls == "database")
        #expect(migrate.function == "cmd.run")
        #expect(migrate.minions == ["db01.example.test"])
        #expect(migrate.runs == 1)
        #expect(migrate.newestComment.contains("exit 7"))

        let reload = try #require(failures.first { $0.stateID == "db_reload" })
        #expect(reload.failure == .requisiteFailed)
        #expect(reload.newestComment == "One or more requisite failed: database.db_migrate")

        let healthcheck = try #require(failures.first { $0.stateID == "webapp_healthcheck" })
        #expect(healthcheck.failure == .failed)
        #expect(healthcheck.minions == ["web02.example.test"])

        let cache = try #require(failures.first { $0.failure == .didNotCompile })
        #expect(cache.sls == "cache")
        #expect(cache.minions == ["Cache_Node-7"])
        #expect(cache.stateID == nil)

        // Root causes come before the cascade.
        #expect(failures.last?.stateID == "db_reload")
        #expect(failures.count == 4)
    }

    @Test func databaseRunHasOneRootCause() throws {
        let failures = try Self.failures(ofStep: "state_database")
        #expect(failures.map(\.stateID) == ["db_migrate", "db_reload"])
        #expect(failures.map(\.failure) == [.failed, .requisiteFailed])
        #expect(failures.allSatisfy { $0.minions == ["db01.example.test"] })
    }

    @Test func renderErrorIsCompileFailure() throws {
        let failures = try Self.failures(ofStep: "state_broken_yaml")
        let failure = try #require(failures.first)
        #expect(failures.count == 1)
        #expect(failure.failure == .didNotCompile)
        #expect(failure.sls == "broken")
        #expect(failure.minions == ["db01.example.test"])
        #expect(failure.newestComment.hasPrefix("Rendering SLS 'base:broken' failed"))
    }

    @Test func missingSLSIsCompileFailure() throws {
        let failures = try Self.failures(ofStep: "state_missing_sls")
        #expect(failures.map(\.failure) == [.didNotCompile])
        #expect(failures.first?.sls == "does_not_exist")
    }

    @Test func acrossRunsCountsRunsAndMinions() throws {
        let failures = try StateFailureQuery.failures(in: try QueryFixture.openStore(), filter: QueryFilter())
        let migrate = try #require(failures.first { $0.stateID == "db_migrate" })

        // Every state run that applied `database` to db01 without a render error failed there.
        let stateJobs = QueryFixture.visibleJobs.filter { QueryFixture.functions[$0.jid]?.hasPrefix("state.") == true }
        let failedOnDB01 = stateJobs.filter { job in
            job.returns["db01.example.test"]?.retcode == 2
        }
        #expect(migrate.runs == failedOnDB01.count)
        #expect(migrate.firstJid == failedOnDB01.map(\.jid).min())
        #expect(migrate.lastJid == failedOnDB01.map(\.jid).max())
        #expect(
            failures.firstIndex { $0.failure == .requisiteFailed } ?? 0 > failures.lastIndex { $0.failure.isRootCause }
                ?? 0
        )
    }

    @Test func orchestrationCountsUnderTheMaster() throws {
        let failures = try StateFailureQuery.failures(in: try QueryFixture.openStore(), filter: QueryFilter())
        let orchestration = try #require(failures.first { $0.sls == "orch.failing" && $0.failure == .failed })
        #expect(orchestration.minions == ["saltmaster.example.test_master"])
        #expect(orchestration.stateID == "run_failing_command")
    }

    @Test func compileErrorNamesItsSLS() {
        #expect(StateFailureQuery.slsNamed(in: "Rendering SLS 'base:webapp' failed: boom") == "webapp")
        #expect(StateFailureQuery.slsNamed(in: "No matching sls found for 'web' in env 'base'") == "web")
        #expect(StateFailureQuery.slsNamed(in: "Pillar failed to render with the following messages:") == nil)
    }

    @Test func changesListChangedStatesNewestFirst() throws {
        let changes = try StateChangeQuery.changes(in: try QueryFixture.openStore(), filter: QueryFilter(), limit: nil)
        #expect(!changes.isEmpty)
        #expect(changes.map(\.jid) == changes.map(\.jid).sorted(by: >))
        #expect(changes.allSatisfy { $0.changes.mapEntries?.isEmpty == false })

        // The failed migration ran its command, so it reports changes with its retcode.
        let migrate = try #require(changes.first { $0.stateID == "db_migrate" })
        #expect(migrate.result == false)
        #expect(migrate.changes["retcode"]?.int64Value == 7)
    }

    @Test func changesLeaveOutTestRuns() throws {
        var filter = QueryFilter()
        let jid = Manifest.shared.jid(ofStep: "state_test_mode")
        let time = try #require(Jid.startTime(of: jid))
        filter.since = time
        filter.until = Timestamp(microseconds: time.microseconds + 1)
        let changes = try StateChangeQuery.changes(in: try QueryFixture.openStore(), filter: filter, limit: nil)
        #expect(changes.allSatisfy { $0.jid != jid })
    }

    @Test func slowestAreSortedByDuration() throws {
        let states = try SlowestStateQuery.slowest(in: try QueryFixture.openStore(), filter: QueryFilter(), limit: 10)
        #expect(states.count == 10)
        #expect(states.map(\.durationMilliseconds) == states.map(\.durationMilliseconds).sorted(by: >))

        let all = try SlowestStateQuery.slowest(in: try QueryFixture.openStore(), filter: QueryFilter(), limit: nil)
        #expect(all.prefix(10).map(\.durationMilliseconds) == states.map(\.durationMilliseconds))
        #expect(all.count > 10)
    }
}
