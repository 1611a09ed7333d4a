import Foundation
import Testing

@testable import SaltPanCore

/// The real Salt 3008.4 cache ingested once for the query tests, with manifest look-ups.
enum QueryFixture {
    /// A database file holding the real archive.
    ///
    /// Tests open their own connection to it, because a connection must stay on one thread
    /// and tests run in parallel.
    static let databasePath: String = {
        do {
            let path = try Fixtures.temporaryFolder() + "/queries.db"
            let store = try Store(path: path)
            _ = try Ingester(store: store, options: IngestOptions()).ingest(path: Fixtures.jobsArchive)
            return path
        } catch {
            fatalError("cannot ingest the corpus for the query tests: \(error)")
        }
    }()

    static func openStore() throws -> Store {
        try Store(path: databasePath)
    }

    /// The function of every jid in the manifest (`fun`), which `Manifest.Job` leaves out.
    static let functions: [String: String] = {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("salt-3008/manifest.json")))
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            let jobs = object?["jobs"] as? [[String: Any]] ?? []
            var functions: [String: String] = [:]
            for job in jobs {
                if let jid = job["jid"] as? String, let function = job["fun"] as? String {
                    functions[jid] = function
                }
            }
            return functions
        } catch {
            fatalError("cannot read the corpus manifest: \(error)")
        }
    }()

    /// Whether the manifest's function is one the query commands hide by default.
    static func isInternal(_ function: String) -> Bool {
        function == "saltutil.find_job" || function == "saltutil.running" || function.hasPrefix("runner.jobs.")
    }

    /// The manifest jobs the query commands show by default.
    static var visibleJobs: [Manifest.Job] {
        Manifest.shared.jobs.filter { !isInternal(functions[$0.jid] ?? "") }
    }

    /// The jids of the health-check rounds, `healthcheck_round_1` to `healthcheck_round_15`.
    static var healthcheckJids: [String] {
        (1...15).map { Manifest.shared.jid(ofStep: "healthcheck_round_\($0)") }
    }

    /// Per minion, how the health-check rounds went according to the manifest.
    static func healthcheckFigures() throws -> [String: (targeted: Int, returned: Int, failed: Int, missing: Int)] {
        var figures: [String: (targeted: Int, returned: Int, failed: Int, missing: Int)] = [:]
        for jid in healthcheckJids {
            let job = try #require(Manifest.shared.job(jid))
            for minion in job.targeted {
                var figure = figures[minion] ?? (0, 0, 0, 0)
                figure.targeted += 1
                if let result = job.returns[minion] {
                    figure.returned += 1
                    if (result.retcode ?? 0) != 0 { figure.failed += 1 }
                } else {
                    figure.missing += 1
                }
                figures[minion] = figure
            }
        }
        return figures
    }
}
