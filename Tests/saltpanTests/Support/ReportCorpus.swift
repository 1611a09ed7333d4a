import Foundation
import Testing

/// A database of the whole real corpus for the report tests, filled as `scripts/render-reports`
/// fills it: the job cache, the event log and the saltshaker export, with the product map of
/// `reports/`.
enum ReportCorpus {
    /// The time the corpus's nightly window ends: just after its last job.
    static let now = "2026-12-04T20:00:00Z"
    /// The nightly window `--now` gives, spelled out for the query commands.
    static let nightlyWindow = ["--since", "2026-12-03T20:00:00Z", "--until", now]

    static let database: String = {
        do {
            let path = try Saltpan.temporaryFolder() + "/reports.db"
            let result = try Saltpan.run(
                [
                    "ingest", "--quiet", "--db", path, "--product-map",
                    Saltpan.repositoryRoot.appendingPathComponent("reports/product-map.txt").path,
                    Saltpan.fixture("salt-3008/jobs.tar.gz"), Saltpan.fixture("salt-3008/events.jsonl"),
                    Saltpan.fixture("saltshaker/job-list.json"),
                ]
            )
            // The event log has corrupt lines, so ingest finishes with status 2.
            precondition(result.status == 2, "ingest failed: \(result.standardError)")
            return path
        } catch {
            fatalError("cannot prepare the database: \(error)")
        }
    }()

    /// Runs `saltpan <arguments> --db <database>`.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Saltpan.Result {
        try Saltpan.run(arguments + ["--db", database], environment: environment)
    }

    /// Runs `saltpan report <kind> --format json` and returns the document.
    static func report(_ kind: String, _ arguments: [String]) throws -> [String: Any] {
        let result = try run(["report", kind, "--format", "json"] + arguments)
        #expect(result.status == 0, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        return try #require(object as? [String: Any])
    }

    /// Returns the manifest's jobs as raw objects, for the fields `CorpusManifest` does not decode
    /// (`user`, `schedule`).
    static func manifestJobs() throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Saltpan.fixture("salt-3008/manifest.json")))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return manifest.objects("jobs")
    }

    /// Runs a query command with `--format json` and returns its rows.
    static func rows(_ command: String, _ arguments: [String]) throws -> [[String: Any]] {
        let result = try run([command, "--format", "json"] + arguments)
        #expect(result.status == 0, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        return try #require(object as? [[String: Any]])
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Returns the object under `key`, or an empty one.
    func object(_ key: String) -> [String: Any] {
        self[key] as? [String: Any] ?? [:]
    }

    /// Returns the array of objects under `key`, or an empty one.
    func objects(_ key: String) -> [[String: Any]] {
        self[key] as? [[String: Any]] ?? []
    }
}
