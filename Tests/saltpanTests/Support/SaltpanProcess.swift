import Foundation

/// A `saltpan` run started in the background, so a test can run several at once or see the
/// signal that ended one.
///
/// Output goes to files rather than pipes, so a run that prints much never blocks while the
/// test waits for another.
final class SaltpanProcess {
    /// How a finished run ended.
    struct Ending {
        /// The exit status, or the signal number when `wasSignalled` is true.
        var status: Int32
        var wasSignalled: Bool
        var standardOutput: String
        var standardError: String
    }

    let arguments: [String]
    private let process = Process()
    private let outputPath: String
    private let errorPath: String

    /// Starts saltpan with `arguments` and `environment` added to this process's environment,
    /// without `SALTPAN_DB`.
    init(_ arguments: [String], environment: [String: String] = [:], outputFolder: String) throws {
        self.arguments = arguments
        let name = UUID().uuidString
        outputPath = outputFolder + "/\(name).out"
        errorPath = outputFolder + "/\(name).err"
        guard FileManager.default.createFile(atPath: outputPath, contents: nil),
            FileManager.default.createFile(atPath: errorPath, contents: nil)
        else {
            throw ToolError(description: "Failed to create output files in '\(outputFolder)'; check that it exists")
        }

        process.executableURL = Saltpan.executable
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        variables["SALTPAN_DB"] = nil
        variables["COLUMNS"] = "100"
        variables.merge(environment) { $1 }
        process.environment = variables
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        try process.run()
    }

    /// Waits for the run to end and returns how it ended.
    func wait() throws -> Ending {
        process.waitUntilExit()
        return Ending(
            status: process.terminationStatus,
            wasSignalled: process.terminationReason == .uncaughtSignal,
            standardOutput: try String(contentsOfFile: outputPath, encoding: .utf8),
            standardError: try String(contentsOfFile: errorPath, encoding: .utf8)
        )
    }

    /// Runs saltpan to its end.
    static func run(_ arguments: [String], environment: [String: String] = [:], outputFolder: String) throws -> Ending {
        try SaltpanProcess(arguments, environment: environment, outputFolder: outputFolder).wait()
    }
}
