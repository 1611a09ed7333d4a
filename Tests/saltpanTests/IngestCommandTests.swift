import Foundation
import Testing

/// `saltpan ingest` on the real cache and on damaged copies of it.
@Suite struct IngestCommandTests {
    static let archive = Saltpan.fixture("salt-3008/jobs.tar.gz")
    static let manifest = CorpusManifest.shared
    static var returnCount: Int { manifest.jobs.reduce(0) { $0 + $1.returned.count } }

    static func count(_ table: String, in database: String) throws -> Int {
        let result = try Saltpan.runTool("/usr/bin/sqlite3", [database, "SELECT count(*) FROM \(table)"])
        return Int(result.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func realArchiveSummary() throws {
        let database = try Saltpan.temporaryFolder() + "/saltpan.db"
        let result = try Saltpan.run(["ingest", "--db", database, Self.archive])
        #expect(result.status == 0)
        #expect(
            result.standardOutput == "\(Self.archive) (job-cache-tar-gz): \(Self.manifest.jobs.count) jobs "
                + "(\(Self.manifest.jobs.count) new, 0 already stored), \(Self.returnCount) returns "
                + "(\(Self.returnCount) new, 0 already stored), 0 errors, 0 warnings\n"
        )
        #expect(result.standardError.isEmpty)

        let again = try Saltpan.run(["ingest", "--db", database, Self.archive])
        #expect(again.status == 0)
        #expect(again.standardOutput.contains("already ingested on 20"))
        #expect(try Self.count("returns", in: database) == Self.returnCount)
    }

    /// A user copies the database file alone; rows still in the write-ahead log would stay
    /// behind, so the ingest leaves no log once it exits.
    @Test func databaseFileStandsAloneAfterIngest() throws {
        let database = try Saltpan.temporaryFolder() + "/alone.db"
        let result = try Saltpan.run(["ingest", "--db", database, Self.archive])
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: database))
        #expect(!FileManager.default.fileExists(atPath: database + "-wal"))

        let copy = database + ".copy"
        try FileManager.default.copyItem(atPath: database, toPath: copy)
        #expect(try Self.count("returns", in: copy) == Self.returnCount)
    }

    @Test func databaseFromEnvironment() throws {
        let database = try Saltpan.temporaryFolder() + "/from-env.db"
        let result = try Saltpan.run(["ingest", Self.archive], environment: ["SALTPAN_DB": database])
        #expect(result.status == 0)
        #expect(try Self.count("jobs", in: database) == Self.manifest.jobs.count)
    }

    @Test func truncatedArchiveKeepsWhatCameBefore() throws {
        // A copy cut off by a full disk: the first 150,000 compressed bytes of the real archive.
        let folder = try Saltpan.temporaryFolder()
        let truncated = folder + "/cut.tar.gz"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.archive))
        try bytes.prefix(150_000).write(to: URL(fileURLWithPath: truncated))
        let database = folder + "/saltpan.db"

        let result = try Saltpan.run(["ingest", "--db", database, truncated])
        #expect(result.status == 2)
        #expect(result.standardError.contains("cut.tar.gz: error: jobs/"))
        #expect(result.standardError.contains("unexpected end of gzip stream"))
        let storedJobs = try Self.count("jobs", in: database)
        #expect(storedJobs > 100 && storedJobs < Self.manifest.jobs.count)

        // The whole archive then completes the database without duplicating anything.
        let full = try Saltpan.run(["ingest", "--db", database, Self.archive])
        #expect(full.status == 0)
        #expect(try Self.count("jobs", in: database) == Self.manifest.jobs.count)
        #expect(try Self.count("returns", in: database) == Self.returnCount)
    }

    @Test func damagedReturnFileIsNamed() throws {
        let folder = try Saltpan.temporaryFolder()
        try Saltpan.runTool("/bin/cp", ["-r", Saltpan.fixture("salt-3008/jobs"), folder + "/jobs"])
        try Saltpan.runTool("/bin/chmod", ["-R", "u+w", folder + "/jobs"])
        let damaged = "c7/5871d40b2a3ce2587f5daad7d3c5b451fe6bf0e960b453adc5d5d8012e235f/web01.example.test/return.p"
        try Data([0x83, 0xa6]).write(to: URL(fileURLWithPath: folder + "/jobs/" + damaged))
        let database = folder + "/saltpan.db"

        let result = try Saltpan.run(["ingest", "--db", database, folder + "/jobs"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("jobs: error: \(damaged): cannot decode the return"))
        #expect(try Self.count("returns", in: database) == Self.returnCount - 1)
        #expect(try Self.count("problems", in: database) == 1)
    }

    @Test func unreadableAndUnknownInputsDoNotStopTheRest() throws {
        let folder = try Saltpan.temporaryFolder()
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
        let database = folder + "/saltpan.db"

        let result = try Saltpan.run([
            "ingest", "--db", database, folder + "/notes.txt", folder + "/absent", Self.archive,
        ])
        #expect(result.status == 2)
        #expect(result.standardError.contains("notes.txt: error: "))
        #expect(result.standardError.contains("neither a Salt job cache (folder, .tar, .tar.gz) nor exported job JSON"))
        #expect(result.standardError.contains("absent: error: Failed to read"))
        #expect(result.standardOutput.contains("notes.txt: not ingested (1 errors)"))
        #expect(try Self.count("jobs", in: database) == Self.manifest.jobs.count)
    }

    /// `saltpan ingest <(zcat events.gz)` hands over a pipe, which could be read only once.
    @Test func namedPipeIsRejectedAtOnce() throws {
        let folder = try Saltpan.temporaryFolder()
        let pipe = folder + "/events.pipe"
        #expect(mkfifo(pipe, 0o600) == 0)
        let database = folder + "/saltpan.db"

        let result = try Saltpan.run(["ingest", "--db", database, pipe, Self.archive])
        #expect(result.status == 2)
        #expect(result.standardError.contains("events.pipe: error: Failed to read"))
        #expect(result.standardError.contains("it is a named pipe or a device, not a regular file"))
        #expect(try Self.count("jobs", in: database) == Self.manifest.jobs.count)
    }

    /// `--db` naming a folder, or a file in a folder that does not exist: SQLite reports only
    /// "unable to open database file" or "disk I/O error", so saltpan names the path.
    @Test func databasePathProblemsAreNamed() throws {
        let folder = try Saltpan.temporaryFolder()

        let ingest = try Saltpan.run(["ingest", "--db", folder, Self.archive])
        #expect(ingest.status != 0)
        #expect(ingest.standardError.contains("database path '\(folder)' is a folder"))
        #expect(ingest.standardError.contains("'\(folder)/saltpan.db'"))

        let query = try Saltpan.run(["sql", "--db", folder, "SELECT 1"])
        #expect(query.status != 0)
        #expect(query.standardError.contains("database path '\(folder)' is a folder"))

        let missing = folder + "/no-such-folder/saltpan.db"
        let create = try Saltpan.run(["ingest", "--db", missing, Self.archive])
        #expect(create.status != 0)
        #expect(create.standardError.contains("the folder '\(folder)/no-such-folder' does not exist"))
    }

    /// `--db` naming a file that is not a database, or a database cut short as a failed copy
    /// leaves it: SQLite names neither the file nor a fix, and quotes saltpan's own SQL.
    @Test func damagedDatabaseFilesAreNamed() throws {
        let folder = try Saltpan.temporaryFolder()
        let notes = folder + "/notes.txt"
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: notes))
        let database = folder + "/saltpan.db"
        #expect(try Saltpan.run(["ingest", "--db", database, Self.archive]).status == 0)
        let cut = folder + "/cut.db"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: database))
        try bytes.prefix(10_000).write(to: URL(fileURLWithPath: cut))

        for command in [["jobs"], ["sql", "SELECT 1"], ["ingest", Self.archive]] {
            let wrong = try Saltpan.run(command + ["--db", notes])
            #expect(wrong.status == 1, "\(command)")
            let expected =
                "Error: '\(notes)' is not an SQLite database; check --db or SALTPAN_DB, "
                + "or give the path of a file that does not exist yet to create a database there\n"
            #expect(wrong.standardError == expected, "\(command)")

            let damaged = try Saltpan.run(command + ["--db", cut])
            #expect(damaged.status == 1, "\(command)")
            #expect(damaged.standardError.hasPrefix("Error: database '\(cut)' is damaged (SQLite: "), "\(command)")
            #expect(damaged.standardError.contains("ingest the inputs again into a new file"), "\(command)")
            #expect(!damaged.standardError.contains("PRAGMA"), "\(command)")
        }
    }

    @Test func helpDocumentsExitStatus() throws {
        let result = try Saltpan.run(["ingest", "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("2 done, but some input was skipped or damaged"))
        #expect(result.standardOutput.contains("SALTPAN_DB"))
        let version = try Saltpan.run(["--version"])
        #expect(version.standardOutput == "0.1.0\n")
    }

    @Test func missingPathIsUsageError() throws {
        let result = try Saltpan.run(["ingest"])
        #expect(result.status == 64)
        #expect(result.standardError.hasPrefix("Error: Missing expected argument '<paths>"))
    }
}
