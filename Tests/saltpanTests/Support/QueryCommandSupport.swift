import Foundation
import Testing

/// A database of the real cache for the query command tests, and helpers to read their output.
enum QueryCommands {
    /// The real archive ingested once through the CLI; the query commands only read it, except
    /// `search`, which adds to its search index.
    static let database: String = {
        do {
            let path = try Saltpan.temporaryFolder() + "/queries.db"
            let result = try Saltpan.run(["ingest", "--db", path, Saltpan.fixture("salt-3008/jobs.tar.gz")])
            precondition(result.status == 0, "ingest failed: \(result.standardError)")
            return path
        } catch {
            fatalError("cannot prepare the database: \(error)")
        }
    }()

    /// Runs `saltpan <command> --db <database> <arguments>`.
    static func run(_ command: String, _ arguments: [String]) throws -> Saltpan.Result {
        try Saltpan.run([command, "--db", database] + arguments)
    }

    /// Runs a command with `--format json`, expects success and returns the parsed array.
    static func jsonRows(_ command: String, _ arguments: [String]) throws -> [[String: Any]] {
        let result = try run(command, arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty)
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        return try #require(object as? [[String: Any]])
    }

    /// Runs a command with `--format csv`, expects success and returns the header and records.
    static func csvRecords(_ command: String, _ arguments: [String]) throws -> (header: [String], rows: [[String]]) {
        let result = try run(command, arguments + ["--format", "csv"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardOutput.contains("\r\n"))
        let records = CSVReader.records(result.standardOutput)
        return (records.first ?? [], Array(records.dropFirst()))
    }

    static var manifest: CorpusManifest { CorpusManifest.shared }

    static func isInternal(_ function: String) -> Bool {
        function == "saltutil.find_job" || function == "saltutil.running" || function.hasPrefix("runner.jobs.")
    }

    /// The manifest jobs the query commands show without `--include-internal`.
    static var visibleJobs: [CorpusManifest.Job] {
        manifest.jobs.filter { !isInternal($0.fun) }
    }

    /// Returns the jids of `healthcheck_round_1` to `healthcheck_round_15`.
    static func healthcheckJids() throws -> [String] {
        try (1...15).map { try #require(manifest.jid(ofStep: "healthcheck_round_\($0)")) }
    }

    /// Returns the text CSV contains for a JSON number or string cell.
    static func csvText(_ value: Any?) -> String {
        switch value {
        case nil, is NSNull: return ""
        case let number as NSNumber: return number.stringValue
        case let text as String: return text
        default: return "\(value ?? "")"
        }
    }
}

/// Reads RFC 4180 CSV as saltpan writes it (LF line ends).
enum CSVReader {
    static func records(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var characters = text.makeIterator()
        var pending: Character? = nil
        while let character = pending ?? characters.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    let next = characters.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        inQuotes = false
                        pending = next
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"": inQuotes = true
            case ",":
                record.append(field)
                field = ""
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
            default: field.append(character)
            }
        }
        return records
    }
}
