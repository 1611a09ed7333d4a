import Foundation
import Testing

/// Runs the built `saltpan` binary, as a user would, and captures what it prints.
enum Saltpan {
    /// What one run printed and how it exited.
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// The binary SwiftPM built beside the test bundle.
    static var executable: URL {
        productsFolder.appendingPathComponent("saltpan")
    }

    /// The build products folder: the test bundle (`saltpanPackageTests.xctest`) sits in it.
    static var productsFolder: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    /// The repository root: this file is `Tests/saltpanTests/Support/Saltpan.swift`.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func fixture(_ relative: String) -> String {
        repositoryRoot.appendingPathComponent("fixtures").appendingPathComponent(relative).path
    }

    /// Runs saltpan with `arguments` and an environment without `SALTPAN_DB` unless given.
    ///
    /// Both pipes are drained before waiting, so large outputs cannot block the child.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        variables["SALTPAN_DB"] = nil
        variables["COLUMNS"] = "100"
        variables.merge(environment) { $1 }
        process.environment = variables

        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()

        // Drain standard error on another thread while this one drains standard output.
        let errorReader = PipeDrain(error.fileHandleForReading)
        let outputBytes = output.fileHandleForReading.readDataToEndOfFile()
        let errorBytes = errorReader.wait()
        process.waitUntilExit()

        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputBytes, as: UTF8.self),
            standardError: String(decoding: errorBytes, as: UTF8.self)
        )
    }

    /// Returns one line of an event log as Salt's `rawfile_json` returner writes it:
    /// `{"tag": ..., "data": ...}`.
    static func eventLine(tag: String, data: [String: Any]) throws -> String {
        let object: [String: Any] = ["tag": tag, "data": data]
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    /// A new, empty folder for a test's database and inputs, removed when the test process exits.
    static func temporaryFolder() throws -> String {
        let folder = testProcessFolder.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }
}

/// The parent of every temporary folder this test process makes.
///
/// It is removed when the process exits, so that repeated test runs leave nothing behind in the
/// system's temporary directory.
private let testProcessFolder: URL = {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("saltpan-e2e-\(UUID().uuidString)")
    atexit { try? FileManager.default.removeItem(at: testProcessFolder) }
    return folder
}()

/// Reads a pipe to its end on a background thread.
private final class PipeDrain: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            // Written once on this thread before the semaphore is signalled, read after waiting.
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

extension Saltpan {
    /// Runs another tool (tar, cp, sqlite3) and returns its standard output; fails on a non-zero
    /// exit status.
    @discardableResult
    static func runTool(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolError(
                description:
                    "\(executable) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)"
            )
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A helper tool that failed.
struct ToolError: Error, CustomStringConvertible {
    var description: String
}
