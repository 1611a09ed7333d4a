import Foundation
import Testing

@testable import SaltPanCore

/// Tests of the schema's migrations and of the one-return-per-minion rule, which the ingest
/// keeps without a unique index.
@Suite struct SchemaTests {
    static func count(_ sql: String, in database: Database) throws -> Int {
        let statement = try database.prepare(sql)
        try #require(try statement.step())
        return Int(statement.int64(at: 0))
    }

    /// Writes a database at schema `version` with one source and the rows of `sql`, and returns
    /// its open connection.
    static func database(atVersion version: Int, path: String, rows sql: String) throws -> Database {
        let old = try Database(path: path)
        for migration in Schema.migrations.prefix(version) {
            try old.execute(migration)
        }
        try old.execute("PRAGMA user_version = \(version)")
        try old.execute(
            """
            INSERT INTO sources (id, path, kind, sha256, status, first_ingested_at, last_ingested_at)
            VALUES (1, 'jobs.tar.gz', 'job-cache-tar-gz', 'ab', 'complete', '2026-12-04T19:00:00Z',
                    '2026-12-04T19:00:00Z');
            """
        )
        try old.execute(sql)
        return old
    }

    /// A database written before `returns_by_job` was dropped opens with its rows, the index
    /// gone and the current version.
    @Test func versionThreeDatabaseIsUpgraded() throws {
        let path = try Fixtures.temporaryFolder() + "/v3.db"
        do {
            let old = try Self.database(
                atVersion: 3,
                path: path,
                rows: """
                    INSERT INTO returns (jid, minion, return_form, outcome, exit_success, source_id)
                    VALUES ('20261204190000000000', 'web1', 'map', 'succeeded', 1, 1);
                    """
            )
            let index = "SELECT count(*) FROM sqlite_schema WHERE name = 'returns_by_job'"
            #expect(try Self.count(index, in: old) == 1)
            old.close()
        }

        let store = try Store(path: path)
        #expect(try Self.count("PRAGMA user_version", in: store.database) == Schema.currentVersion)
        let index = "SELECT count(*) FROM sqlite_schema WHERE name = 'returns_by_job'"
        #expect(try Self.count(index, in: store.database) == 0)
        #expect(try Self.count("SELECT count(*) FROM returns", in: store.database) == 1)
    }

    /// A query that meets a file with no schema yet, as while an ingest creates it, reports that
    /// instead of calling the file old.
    @Test func fileWithoutSchemaIsNamedAsSuch() throws {
        let path = try Fixtures.temporaryFolder() + "/creating.db"
        let creating = try Database(path: path)
        try creating.execute("CREATE TABLE other (a)")
        creating.close()

        #expect {
            try Store(path: path, readOnly: true)
        } throws: { error in
            "\(error)".hasPrefix("database '\(path)' has no saltpan tables yet: an ingest may be creating it")
        }
    }

    /// A new database gets 16 KiB pages, and one created with SQLite's default 4 KiB pages keeps
    /// them and its rows.
    ///
    /// A database in write-ahead logging mode cannot change its page size.
    @Test func onlyNewDatabasesGetTheLargerPageSize() throws {
        let folder = try Fixtures.temporaryFolder()
        let fresh = try Store(path: folder + "/new.db")
        #expect(try Self.count("PRAGMA page_size", in: fresh.database) == 16_384)

        let path = folder + "/default-pages.db"
        do {
            let old = try Self.database(atVersion: Schema.currentVersion, path: path, rows: "")
            #expect(try Self.count("PRAGMA page_size", in: old) == 4_096)
            old.close()
        }
        let store = try Store(path: path)
        #expect(try Self.count("PRAGMA page_size", in: store.database) == 4_096)
        #expect(try Self.count("SELECT count(*) FROM sources", in: store.database) == 1)
    }

    /// A database written before `expected_minion_rows` existed keeps its expected minions, now
    /// as rows, and its views count them.
    @Test func versionFourDatabaseIsUpgraded() throws {
        let path = try Fixtures.temporaryFolder() + "/v4.db"
        do {
            let old = try Self.database(
                atVersion: 4,
                path: path,
                rows: """
                    INSERT INTO jobs (jid, kind, has_expected_minions, source_id)
                    VALUES ('20261204190000000000', 'published', 1, 1);
                    INSERT INTO expected_minions (jid, minion)
                    VALUES ('20261204190000000000', 'web1'), ('20261204190000000000', 'web2');
                    INSERT INTO returns (jid, minion, return_form, outcome, exit_success, source_id)
                    VALUES ('20261204190000000000', 'web1', 'map', 'succeeded', 1, 1);
                    """
            )
            old.close()
        }

        let store = try Store(path: path)
        let database = store.database
        #expect(try Self.count("PRAGMA user_version", in: database) == Schema.currentVersion)
        #expect(try Self.count("SELECT count(*) FROM expected_minion_rows", in: database) == 2)
        #expect(try Self.count("SELECT count(*) FROM expected_minions", in: database) == 2)
        #expect(try Self.count("SELECT expected_count FROM job_overview", in: database) == 2)
        #expect(try Self.count("SELECT missing_count FROM job_overview", in: database) == 1)
        let missing = "SELECT count(*) FROM minion_results WHERE minion = 'web2' AND outcome = 'missing'"
        #expect(try Self.count(missing, in: database) == 1)
    }

    /// An event log can carry the same `salt/job/<jid>/ret/<minion>` line twice.
    ///
    /// That happens, for example, when a log was joined from overlapping copies. One return
    /// is stored.
    @Test func returnSentTwiceIsStoredOnce() throws {
        let events = try String(contentsOfFile: Fixtures.path("salt-3008/events.jsonl"), encoding: .utf8)
        let lines = events.split(separator: "\n", omittingEmptySubsequences: false)
        let doubled = lines.flatMap { line in line.contains("/ret/") ? [line, line] : [line] }
        let folder = try Fixtures.temporaryFolder()
        let input = folder + "/events-doubled.jsonl"
        try doubled.joined(separator: "\n").write(toFile: input, atomically: true, encoding: .utf8)

        let single = try Store(path: folder + "/single.db")
        _ = try Ingester(store: single, options: IngestOptions()).ingest(path: Fixtures.path("salt-3008/events.jsonl"))
        let twice = try Store(path: folder + "/twice.db")
        let report = try Ingester(store: twice, options: IngestOptions()).ingest(path: input)

        let stored = try Self.count("SELECT count(*) FROM returns", in: single.database)
        #expect(stored > 0)
        #expect(try Self.count("SELECT count(*) FROM returns", in: twice.database) == stored)
        #expect(report.counts.newReturns == stored)
        // Runner returns (`salt/run/<jid>/ret`) were not doubled, so fewer are known than stored.
        #expect(report.counts.knownReturns > stored / 2)
        let pairs = "SELECT count(*) FROM (SELECT DISTINCT jid, minion FROM returns)"
        #expect(try Self.count(pairs, in: twice.database) == stored)
    }
}
