import Foundation
import Testing

@testable import SaltPanCore

/// `saltpan sql` reads and never writes, not even a new file.
@Suite struct ReadOnlySQLTests {
    static func run(_ sql: String) throws -> ReportTable {
        try ReadOnlySQL.run(sql, databasePath: QueryFixture.databasePath)
    }

    @Test func selectReturnsColumnsAndRows() throws {
        let report = try Self.run("SELECT jid, function FROM jobs ORDER BY jid LIMIT 2")
        #expect(report.columns.map(\.key) == ["jid", "function"])
        let first = try #require(Manifest.shared.jobs.map(\.jid).min())
        #expect(report.rows.first?.first == .text(first))
        #expect(report.rows.count == 2)
    }

    @Test func viewsAgreeWithManifest() throws {
        let report = try Self.run("SELECT count(*), sum(outcome = 'missing') FROM minion_results")
        let results = Manifest.shared.jobs.reduce(0) { $0 + Set($1.targeted + $1.returned).count }
        let missing = Manifest.shared.jobs.reduce(0) { $0 + $1.notReturned.count }
        #expect(report.rows == [[.integer(Int64(results)), .integer(Int64(missing))]])
    }

    @Test func valuesKeepTheirTypes() throws {
        let report = try Self.run("SELECT x'00ff', 1.5, NULL, 7, 'text'")
        #expect(report.rows == [[.value(.bytes([0, 255])), .number(1.5), .null, .integer(7), .text("text")]])
    }

    @Test func invalidUTF8BecomesReplacementCharacter() throws {
        #expect(try Self.run("SELECT CAST(x'6361ff' AS TEXT)").rows == [[.text("ca\u{FFFD}")]])
    }

    @Test func writesAreRejected() {
        let statements = [
            "DELETE FROM jobs", "UPDATE jobs SET user = 'x'", "INSERT INTO meta VALUES ('a', 'b')",
            "DROP TABLE jobs", "CREATE TABLE t (x)", "CREATE TEMP TABLE t (x)", "ALTER TABLE jobs ADD COLUMN x",
            "PRAGMA user_version = 9", "BEGIN", "ANALYZE", "REINDEX",
        ]
        for sql in statements {
            let error = #expect(throws: ReadOnlySQLError.self, "\(sql)") { try Self.run(sql) }
            guard case .writeRejected = error else {
                Issue.record("\(sql) gave \(String(describing: error))")
                continue
            }
        }
    }

    @Test func vacuumIntoWritesNoFile() throws {
        let target = try Fixtures.temporaryFolder() + "/copy.db"
        let error = #expect(throws: ReadOnlySQLError.self) { try Self.run("VACUUM INTO '\(target)'") }
        #expect(error == .writeRejected(action: "VACUUM"))
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    /// An extension is native code, and SQLite's own refusal named neither the function nor why.
    @Test func loadExtensionIsRejected() {
        let error = #expect(throws: ReadOnlySQLError.self) {
            try Self.run("SELECT load_extension('/usr/lib/x86_64-linux-gnu/libsqlite3ext.so')")
        }
        #expect(error == .writeRejected(action: "the function load_extension()"))
    }

    @Test func attachIsRejected() throws {
        let target = try Fixtures.temporaryFolder() + "/other.db"
        let error = #expect(throws: ReadOnlySQLError.self) { try Self.run("ATTACH '\(target)' AS other") }
        #expect(error == .writeRejected(action: "ATTACH (also used by VACUUM INTO)"))
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func readingPragmasAndVirtualTablesWork() throws {
        #expect(try Self.run("PRAGMA user_version").rows == [[.integer(Int64(Schema.currentVersion))]])
        #expect(try Self.run("PRAGMA table_info(jobs)").rows.count > 10)
        #expect(try Self.run("SELECT name FROM pragma_table_info('jobs') LIMIT 1").rows == [[.text("jid")]])
        #expect(try Self.run("SELECT count(*) FROM search_text").rows.count == 1)
    }

    @Test func oneStatementOnly() throws {
        #expect(throws: ReadOnlySQLError.severalStatements(2)) { try Self.run("SELECT 1; SELECT 2") }
        #expect(throws: ReadOnlySQLError.noStatement) { try Self.run("  -- nothing") }
        #expect(try Self.run("SELECT 1; -- trailing comment").rows == [[.integer(1)]])
    }

    @Test func syntaxErrorIsInvalidSQL() {
        let error = #expect(throws: ReadOnlySQLError.self) { try Self.run("SELEC 1") }
        #expect(error == .invalidSQL(message: #"near "SELEC": syntax error"#))
    }
}
