import Testing

@testable import SaltPanCore

/// The job list on the real cache, against the corpus manifest.
@Suite struct JobListTests {
    @Test func newestFirstWithManifestCounts() throws {
        let jobs = try JobListQuery.jobs(in: try QueryFixture.openStore(), filter: QueryFilter(), limit: nil)
        let visible = QueryFixture.visibleJobs
        #expect(jobs.count == visible.count)
        #expect(jobs.map(\.jid) == visible.map(\.jid).sorted(by: >))

        for job in jobs {
            let expected = try #require(Manifest.shared.job(job.jid))
            #expect(job.returnedCount == expected.returned.count, "\(job.jid)")
            #expect(job.missingCount == expected.notReturned.count, "\(job.jid)")
            #expect(job.outcomeCounts[.missing] == expected.notReturned.count, "\(job.jid)")
            #expect(job.function == QueryFixture.functions[job.jid], "\(job.jid)")
        }
    }

    @Test func limitKeepsTheNewest() throws {
        let jobs = try JobListQuery.jobs(in: try QueryFixture.openStore(), filter: QueryFilter(), limit: 3)
        #expect(jobs.map(\.jid) == Array(QueryFixture.visibleJobs.map(\.jid).sorted(by: >).prefix(3)))
    }

    @Test func testFalseSucceedsThoughExitSuccessSaysFalse() throws {
        let jid = Manifest.shared.jid(ofStep: "test_false")
        let manifestJob = try #require(Manifest.shared.job(jid))
        var filter = QueryFilter()
        filter.functions = [try GlobPattern("test.false")]
        let store = try QueryFixture.openStore()
        let jobs = try JobListQuery.jobs(in: store, filter: filter, limit: nil)

        #expect(jobs.map(\.jid) == [jid])
        #expect(jobs.first?.outcomeCounts[.succeeded] == manifestJob.returned.count)
        #expect(jobs.first?.outcomeCounts[.failed] == 0)

        let detail = try #require(try JobDetailQuery.load(jid: jid, from: store))
        #expect(detail.minions.count == manifestJob.returned.count)
        #expect(detail.minions.allSatisfy { $0.outcome == .succeeded && !$0.exitSuccess && $0.retcode == 0 })
    }

    @Test func resultConditionsSelectJobs() throws {
        var filter = QueryFilter()
        filter.minions = [try GlobPattern("old-box*")]
        filter.outcomes = [.missing]
        let jobs = try JobListQuery.jobs(in: try QueryFixture.openStore(), filter: filter, limit: nil)
        let expected = QueryFixture.visibleJobs.filter { $0.notReturned.contains("old-box.example.test") }
        #expect(jobs.map(\.jid) == expected.map(\.jid).sorted(by: >))
        #expect(!jobs.isEmpty)
    }

    @Test func retcodeConditionSelectsJobs() throws {
        var filter = QueryFilter()
        filter.retcodes = [127]
        let jobs = try JobListQuery.jobs(in: try QueryFixture.openStore(), filter: filter, limit: nil)
        let expected = QueryFixture.visibleJobs.filter { job in job.returns.values.contains { $0.retcode == 127 } }
        #expect(jobs.map(\.jid) == expected.map(\.jid).sorted(by: >))
    }

    @Test func internalJobsOnRequest() throws {
        var filter = QueryFilter()
        filter.includeInternal = true
        let jobs = try JobListQuery.jobs(in: try QueryFixture.openStore(), filter: filter, limit: nil)
        #expect(jobs.count == Manifest.shared.jobs.count)
    }

    @Test func renderedRowsCarryCounts() throws {
        let jid = Manifest.shared.jid(ofStep: "cmd_exit_1")
        var filter = QueryFilter()
        let time = try #require(Jid.startTime(of: jid))
        filter.since = time
        filter.until = Timestamp(microseconds: time.microseconds + 1)
        let jobs = try JobListQuery.jobs(in: try QueryFixture.openStore(), filter: filter, limit: nil)
        let report = JobListRenderer.report(jobs)
        let row = try #require(report.rows.first)
        let cells = Dictionary(uniqueKeysWithValues: zip(report.columns.map(\.key), row))

        #expect(cells["jid"] == .text(jid))
        #expect(cells["arguments"] == .text(#"["echo about to fail; exit 1"]"#))
        #expect(cells["target"] == .text("*"))
        #expect(cells["failed"] == .integer(5))
        #expect(cells["missing_count"] == .integer(0))
    }
}
