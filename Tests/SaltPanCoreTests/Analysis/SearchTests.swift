import Testing

@testable import SaltPanCore

/// Full-text search on the real cache.
@Suite(.serialized) struct SearchTests {
    /// A store of its own, because these tests write the search index.
    static func newStore() throws -> Store {
        let store = try IngestTests.newStore()
        _ = try Ingester(store: store, options: IngestOptions()).ingest(path: Fixtures.jobsArchive)
        return store
    }

    @Test func indexUpdatesOnlyNewReturns() throws {
        let store = try Self.newStore()
        let returnCount = Manifest.shared.jobs.reduce(0) { $0 + $1.returned.count }
        #expect(try SearchIndex.updateSearchIndex(database: store.database) == returnCount)
        #expect(try SearchIndex.updateSearchIndex(database: store.database) == 0)
    }

    @Test func findsCommandOutputOfEveryMinion() throws {
        let store = try Self.newStore()
        try SearchIndex.updateSearchIndex(database: store.database)
        let jid = Manifest.shared.jid(ofStep: "cmd_exit_1")
        var filter = QueryFilter()
        filter.functions = [try GlobPattern("cmd.run")]
        let hits = try SearchQuery.search("about to FAIL", isFTSQuery: false, in: store, filter: filter, limit: nil)

        let expected = try #require(Manifest.shared.job(jid)).returned.sorted()
        #expect(hits.filter { $0.jid == jid }.map(\.minion) == expected)
        #expect(hits.allSatisfy { $0.snippet.contains("**about**") })
    }

    @Test func findsStateComments() throws {
        let store = try Self.newStore()
        try SearchIndex.updateSearchIndex(database: store.database)
        let hits = try SearchQuery.search(
            "requisite failed",
            isFTSQuery: false,
            in: store,
            filter: QueryFilter(),
            limit: nil
        )
        #expect(hits.contains { $0.jid == Manifest.shared.jid(ofStep: "state_database") })
        #expect(hits.map(\.jid) == hits.map(\.jid).sorted(by: >))
    }

    @Test func findsTextThatWasNotUTF8() throws {
        let store = try Self.newStore()
        try SearchIndex.updateSearchIndex(database: store.database)
        let hits = try SearchQuery.search("latin1", isFTSQuery: false, in: store, filter: QueryFilter(), limit: nil)
        let jid = Manifest.shared.jid(ofStep: "cmd_nonutf8")
        #expect(hits.map(\.jid).contains(jid))
        #expect(hits.allSatisfy { $0.snippet.unicodeScalars.contains("\u{FFFD}") })
    }

    @Test func punctuationIsNotQuerySyntax() throws {
        #expect(try SearchQuery.plainQuery("base:broken") == #""base:broken""#)
        #expect(try SearchQuery.plainQuery(#"say "hi" fail*"#) == #""say" """hi""" "fail"*"#)
        #expect(throws: QueryInputError.self) { try SearchQuery.plainQuery("  ") }
    }

    @Test func ftsSyntaxErrorIsInputError() throws {
        let store = try Self.newStore()
        try SearchIndex.updateSearchIndex(database: store.database)
        let error = #expect(throws: QueryInputError.self) {
            try SearchQuery.search("NEAR(", isFTSQuery: true, in: store, filter: QueryFilter(), limit: nil)
        }
        #expect(error?.reason.contains("fts5") == true)
    }

    /// FTS5 reports these while the statement runs, without the `fts5:` prefix of its syntax
    /// errors, so they surfaced as database errors quoting saltpan's own SQL.
    @Test func ftsQueryErrorsAreInputErrors() throws {
        let store = try Self.newStore()
        try SearchIndex.updateSearchIndex(database: store.database)
        let cases = [
            (#""unbalanced"#, "unterminated string"),
            (#"x"y"#, "unterminated string"),
            ("col:val", "no such column: col"),
            ("*", "unknown special query"),
        ]
        for (query, message) in cases {
            let error = #expect(throws: QueryInputError.self, "\(query)") {
                try SearchQuery.search(query, isFTSQuery: true, in: store, filter: QueryFilter(), limit: nil)
            }
            #expect(error?.value == query)
            #expect(error?.reason.hasPrefix(message) == true, "\(query): \(error?.reason ?? "")")
            #expect(error?.reason.contains("leave out --fts") == true, "\(query)")
        }
        #expect(
            try SearchQuery.search("text:error", isFTSQuery: true, in: store, filter: QueryFilter(), limit: nil)
                .isEmpty == false
        )
    }

    /// A database file that the user can only read, such as one a cron job owns: searching
    /// wrote the index progress even when nothing was new, and failed.
    @Test func currentIndexSearchesReadOnly() throws {
        let store = try Self.newStore()
        try SearchIndex.updateSearchIndex(database: store.database)
        let readOnly = try Store(path: store.database.path, readOnly: true)

        #expect(try SearchIndex.updateSearchIndex(database: readOnly.database) == 0)
        let hits = try SearchQuery.search("ERROR", isFTSQuery: false, in: readOnly, filter: QueryFilter(), limit: nil)
        #expect(!hits.isEmpty)
    }

    @Test func staleIndexReadOnlyNamesFix() throws {
        let store = try Self.newStore()
        let readOnly = try Store(path: store.database.path, readOnly: true)

        let error = #expect(throws: SearchIndexError.self) {
            try SearchIndex.updateSearchIndex(database: readOnly.database)
        }
        #expect(error == .readOnly(path: store.database.path))
        #expect(error?.description.contains("run 'saltpan search' once as a user who can write it") == true)
    }

    @Test func searchableTextSkipsKeysAndBytes() {
        let value = Value.object([
            "stdout": .string("out line"),
            "pid": .int(42),
            "blob": .bytes([1, 2]),
            "bad": .invalidString([0x63, 0x61, 0x66, 0xE9]),
        ])
        #expect(SearchIndex.searchableText(value) == "out line\ncaf\u{FFFD}")
    }
}
