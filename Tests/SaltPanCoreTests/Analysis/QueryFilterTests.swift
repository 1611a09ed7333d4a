import Testing

@testable import SaltPanCore

/// Filters on the real cache: each selects the manifest jobs it describes.
@Suite struct QueryFilterTests {
    static func jids(_ filter: QueryFilter) throws -> [String] {
        try JobListQuery.jobs(in: try QueryFixture.openStore(), filter: filter, limit: nil).map(\.jid)
    }

    static func expectedJids(_ include: (Manifest.Job) -> Bool) -> [String] {
        QueryFixture.visibleJobs.filter(include).map(\.jid).sorted(by: >)
    }

    @Test func sinceAndUntilAreHalfOpen() throws {
        var filter = QueryFilter()
        filter.since = try TimeBound.instant("202612041951")
        filter.until = try TimeBound.instant("202612041952")
        #expect(try Self.jids(filter) == Self.expectedJids { $0.jid.hasPrefix("202612041951") })
    }

    @Test func untilEndsWhereThePrefixBegins() throws {
        var filter = QueryFilter()
        filter.until = try TimeBound.instant("2026120419")
        #expect(try Self.jids(filter).isEmpty)
        filter.until = try TimeBound.instant("2026120420")
        #expect(try Self.jids(filter).count == QueryFixture.visibleJobs.count)
    }

    @Test func functionGlobs() throws {
        var filter = QueryFilter()
        filter.functions = [try GlobPattern("state.*"), try GlobPattern("test.false")]
        #expect(
            try Self.jids(filter)
                == Self.expectedJids { job in
                    let function = QueryFixture.functions[job.jid] ?? ""
                    return function.hasPrefix("state.") || function == "test.false"
                }
        )
    }

    @Test func targetGlobMatchesListTargets() throws {
        var filter = QueryFilter()
        filter.targets = [try GlobPattern("Cache_Node-7")]
        let jids = try Self.jids(filter)
        let staticPing = Manifest.shared.jid(ofStep: "ping_all_static")
        #expect(jids.contains(staticPing))
        #expect(!jids.contains(Manifest.shared.jid(ofStep: "ping_all")))
    }

    @Test func metadataKeyAndValue() throws {
        var filter = QueryFilter()
        filter.metadata = [try MetadataCondition(parsing: "ticket=OPS-1234")]
        #expect(try Self.jids(filter) == [Manifest.shared.jid(ofStep: "with_metadata")])
        filter.metadata = [try MetadataCondition(parsing: "ticket=OPS-9999")]
        #expect(try Self.jids(filter).isEmpty)
    }

    @Test func metadataNeedsKeyAndValue() throws {
        #expect(throws: QueryInputError.self) { try MetadataCondition(parsing: "ticket") }
        #expect(throws: QueryInputError.self) { try MetadataCondition(parsing: "=OPS-1234") }
        #expect(try MetadataCondition(parsing: "a=b=c") == MetadataCondition(key: "a", value: "b=c"))
    }

    @Test func userFilter() throws {
        var filter = QueryFilter()
        filter.users = ["root"]
        let rootJobs = try Self.jids(filter)
        filter.users = ["nobody"]
        #expect(try Self.jids(filter).isEmpty)
        // Scheduled jobs have no user, so they are the only visible jobs left out.
        let scheduled = QueryFixture.visibleJobs.filter { $0.schedule != nil }
        #expect(rootJobs.count == QueryFixture.visibleJobs.count - scheduled.count)
    }

    @Test func userTextIsBoundNotInterpolated() throws {
        var filter = QueryFilter()
        filter.users = ["root' OR '1'='1"]
        #expect(try Self.jids(filter).isEmpty)
    }

    @Test func internalPredicateMatchesTheView() throws {
        let store = try QueryFixture.openStore()
        let query = try store.database.prepare(
            "SELECT count(*) FROM job_overview AS job WHERE job.is_internal != \(InternalJobs.predicate(function: "job.function"))"
        )
        #expect(try query.step())
        #expect(query.int64(at: 0) == 0)

        let hidden = try store.database.prepare("SELECT count(*) FROM job_overview WHERE is_internal")
        #expect(try hidden.step())
        #expect(Int(hidden.int64(at: 0)) == Manifest.shared.jobs.count - QueryFixture.visibleJobs.count)
    }
}
