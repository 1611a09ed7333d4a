import Foundation
import Testing

/// Bad input to the query commands: a clear message naming the value and exit status 64, or 1
/// when the thing asked for is not in the database.
@Suite struct QueryInputErrorTests {
    static func expectUsageError(_ command: String, _ arguments: [String], mentioning texts: [String]) throws {
        let result = try QueryCommands.run(command, arguments)
        #expect(result.status == 64, "\(command) \(arguments)")
        for text in texts {
            #expect(result.standardError.contains(text), "\(command) \(arguments): \(result.standardError)")
        }
        #expect(result.standardOutput.isEmpty)
    }

    @Test func malformedDate() throws {
        try Self.expectUsageError(
            "jobs",
            ["--since", "yesterday"],
            mentioning: ["The value 'yesterday' is invalid for '--since <time>'", "24h", "2026120419"]
        )
        try Self.expectUsageError(
            "failures",
            ["--until", "2026-12-04T19:00:00"],
            mentioning: ["'--until <time>'", "no zone"]
        )
        try Self.expectUsageError("retcodes", ["--since", "20261"], mentioning: ["must end at a field"])
    }

    @Test func windowEndingBeforeStart() throws {
        let window = ["--since", "2026-12-04T19:55:00Z", "--until", "2026120419"]
        for command in ["jobs", "failures", "retcodes", "states", "search"] {
            let arguments = command == "search" ? window + ["error"] : window
            try Self.expectUsageError(command, arguments, mentioning: ["--until is earlier than --since"])
        }
    }

    @Test func malformedGlob() throws {
        try Self.expectUsageError(
            "failures",
            ["--minion", "web[01"],
            mentioning: ["The value 'web[01' is invalid for '--minion <glob>'", "no closing ']'"]
        )
        try Self.expectUsageError(
            "jobs",
            ["--target", "db[!1"],
            mentioning: ["The value 'db[!1' is invalid for '--target <glob>'"]
        )
    }

    @Test func unknownChoicesListTheValidOnes() throws {
        try Self.expectUsageError(
            "retcodes",
            ["--by", "host"],
            mentioning: ["The value 'host' is invalid for '--by <group>'", "values: product, function, minion"]
        )
        try Self.expectUsageError(
            "jobs",
            ["--outcome", "broken"],
            mentioning: ["'broken'", "values: succeeded, failed, missing, conflict, unknown"]
        )
        try Self.expectUsageError(
            "states",
            ["--format", "xml"],
            mentioning: ["'xml'", "values: table, json, csv, md"]
        )
    }

    @Test func malformedNumbersAndPairs() throws {
        try Self.expectUsageError("jobs", ["--retcode", "one"], mentioning: ["'--retcode <retcode>'", "whole number"])
        try Self.expectUsageError("jobs", ["--limit", "-3"], mentioning: ["'--limit <count>'"])
        try Self.expectUsageError("jobs", ["--metadata", "ticket"], mentioning: ["KEY=VALUE"])
    }

    @Test func jidNotInDatabase() throws {
        let result = try QueryCommands.run("job", ["20991231235959000000"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("no job with jid '20991231235959000000'"))
    }

    @Test func missingDatabase() throws {
        let path = try Saltpan.temporaryFolder() + "/none.db"
        let result = try Saltpan.run(["failures", "--db", path])
        #expect(result.status == 1)
        #expect(result.standardError.contains("database '\(path)' does not exist"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

extension QueryInputErrorTests {
    /// Output to a full disk fails the command instead of exiting with status 0.
    ///
    /// Every write to Linux's `/dev/full` fails with ENOSPC, as a full disk does.
    @Test func fullDiskFailsTheCommand() throws {
        for arguments in [["jobs", "--format", "csv"], ["sql", "SELECT jid FROM jobs"], ["report", "audit"]] {
            let process = Process()
            process.executableURL = Saltpan.executable
            process.arguments = arguments + ["--db", QueryCommands.database]
            process.standardOutput = try #require(FileHandle(forWritingAtPath: "/dev/full"))
            let error = Pipe()
            process.standardError = error
            try process.run()
            let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()

            #expect(process.terminationStatus == 1, "\(arguments)")
            #expect(message == "Error: cannot write the output: No space left on device; the output is incomplete\n")
        }
    }
}
