import ArgumentParsing
import SaltPanCore

/// A failure a command reports with its own message.
struct CommandError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Runs a parsed command and turns its errors into messages and exit statuses.
enum CommandRunner {
    /// The exit status for a run that finished but skipped or could not read part of its input.
    static let partialInput: Int32 = 2

    static func run(_ command: ParsedCommand) -> Int32 {
        var standardError = StandardError()
        do {
            switch command.path.last {
            case "ingest": return try IngestCommand.run(command)
            case "job": return try JobCommand.run(command)
            case "product-map": return try ProductMapCommand.run(command)
            case "jobs": return try JobsCommand.run(command)
            case "failures": return try FailuresCommand.run(command)
            case "retcodes": return try RetcodesCommand.run(command)
            case "states": return try StatesCommand.run(command)
            case "search": return try SearchCommand.run(command)
            case "sql": return try SQLCommand.run(command)
            case "report": return try ReportCommand.run(command)
            default:
                throw UsageError("Unknown command '\(command.path.joined(separator: " "))'", in: command)
            }
        } catch let error as UsageError {
            print(error.description, to: &standardError)
            return error.exitCode
        } catch {
            print("Error: \(explained(error, databasePath: databasePath(command)))", to: &standardError)
            return ExitCode.failure
        }
    }

    /// Returns the error to print: a SQLite error about the database file itself is named with
    /// the file and the fix, every other error as it is.
    static func explained(_ error: any Error, databasePath: String) -> any Error {
        guard let sqliteError = error as? SQLiteError else { return error }
        return DatabaseFileProblem(sqliteError, path: databasePath) ?? error
    }

    /// The database path from `--db`, `SALTPAN_DB` or the default.
    static func databasePath(_ command: ParsedCommand) -> String {
        command.value("db") ?? "./saltpan.db"
    }

    /// Opens the database for a query, failing with a clear message when it does not exist yet
    /// instead of creating an empty one.
    static func openStore(_ command: ParsedCommand) throws -> Store {
        let path = databasePath(command)
        guard Store.exists(path: path) else {
            throw CommandError("database '\(path)' does not exist; create it with 'saltpan ingest PATH'")
        }
        return try Store(path: path)
    }
}
