import Foundation

@testable import SaltPanCore

/// Fixture paths and helpers shared by the archive tests, in one namespace so their names do
/// not collide with other test helpers in this module.
enum ArchiveTesting {
    static let saltFolder: String = {
        var url = URL(fileURLWithPath: #filePath)
        // Drop the file name, Archive/, SaltPanCoreTests/ and Tests/ to reach the repository root.
        for _ in 0..<4 {
            url.deleteLastPathComponent()
        }
        return url.appendingPathComponent("fixtures/salt-3008").path
    }()

    /// The real Salt 3008.4 job cache as a folder.
    static let jobsFolder = saltFolder + "/jobs"
    /// The same cache as `tar czf`, in GNU format.
    static let jobsArchive = saltFolder + "/jobs.tar.gz"

    /// `tar tzf jobs.tar.gz | wc -l`: the member count of the real archive, 1,390 files and
    /// 905 folders including `jobs/` itself.
    static let archiveMemberCount = 2295
    static let archiveFileCount = 1390
    static let archiveFolderCount = 905
    /// `tar tzf jobs.tar.gz | awk 'length > 100' | wc -l`: member names (folders with their
    /// trailing `/`) too long for the 100-byte name field, stored as GNU long names.
    static let archiveLongNameCount = 176
    /// `sha256sum jobs.tar.gz`.
    static let archiveSHA256 = "6fd57e2672873b7336664da4944e3a19f1766eefc7bfc8f5128652d631a5a22b"
    static let archiveSize: Int64 = 301_683

    /// A job folder of the real cache, named after the SHA-256 of the job id in its `jid` file.
    static let knownJobFolder = "jobs/c7/5871d40b2a3ce2587f5daad7d3c5b451fe6bf0e960b453adc5d5d8012e235f"
    static let knownJid = "20261204195008509633"

    /// A fresh folder under the system's temporary folder, removed when the value is released.
    final class TemporaryFolder {
        let path: String

        init() throws {
            let url = FileManager.default.temporaryDirectory
                .appendingPathComponent("saltpan-archive-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            path = url.path
        }

        deinit {
            try? FileManager.default.removeItem(atPath: path)
        }

        /// Writes `bytes` to `name` (which may contain `/`), creating parent folders, and
        /// returns the file's path.
        @discardableResult
        func write(_ name: String, _ bytes: [UInt8]) throws -> String {
            let file = path + "/" + name
            let parent = (file as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            return file
        }

        func read(_ name: String) throws -> [UInt8] {
            [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + "/" + name)))
        }
    }

    /// A tool run by a test failed.
    struct ToolFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a system tool (`/usr/bin/tar`, `/usr/bin/gzip`) in `directory` and returns its
    /// standard output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()

        // Read before waiting, so a large output cannot fill the pipe and block the tool.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errorData, as: UTF8.self)
            throw ToolFailure(description: "\(executable) \(arguments) exited \(process.terminationStatus): \(message)")
        }
        return [UInt8](outputData)
    }

    /// Returns `bytes` compressed by `/usr/bin/gzip` as one gzip member.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let folder = try TemporaryFolder()
        try folder.write("data", bytes)
        return try run("/usr/bin/gzip", ["-c", "-n", "data"], in: folder.path)
    }

    /// Returns `count` bytes that look random and do not compress, from a fixed seed.
    static func pseudoRandomBytes(_ count: Int, seed: UInt64 = 0x9e37_79b9_7f4a_7c15) -> [UInt8] {
        var state = seed
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        for _ in 0..<count {
            // xorshift64
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            bytes.append(UInt8(truncatingIfNeeded: state >> 24))
        }
        return bytes
    }

    /// What reading an input to its end produced: the entries, and the errors in the order
    /// thrown.
    struct ReadOutcome {
        var entries: [ArchiveEntry] = []
        var errors: [ArchiveError] = []

        var paths: [String] {
            entries.map(\.path)
        }

        func entry(_ path: String) -> ArchiveEntry? {
            entries.first { $0.path == path }
        }
    }

    /// Reads `reader` to the end, going on after recoverable errors and stopping at the first
    /// other error.
    static func readAll(_ reader: some ArchiveReader) -> ReadOutcome {
        var reader = reader
        var outcome = ReadOutcome()
        // A bound, so a reader that kept throwing without advancing cannot hang the test.
        for _ in 0..<1_000_000 {
            do {
                guard let entry = try reader.next() else { return outcome }
                outcome.entries.append(entry)
            } catch let error as ArchiveError {
                outcome.errors.append(error)
                if !error.isRecoverable { return outcome }
            } catch {
                outcome.errors.append(ArchiveError(message: "unexpected error type: \(error)"))
                return outcome
            }
        }
        outcome.errors.append(ArchiveError(message: "reader did not end after 1,000,000 calls"))
        return outcome
    }

    /// Reads a tar archive held in memory.
    static func readTar(
        _ bytes: [UInt8],
        maxEntrySize: Int = TarReader.defaultMaxEntrySize,
        maxReadSize: Int = .max
    ) -> ReadOutcome {
        readAll(TarReader(stream: MemoryByteStream(bytes, maxReadSize: maxReadSize), maxEntrySize: maxEntrySize))
    }

    /// Reads a stream to its end, returning the bytes and the error that stopped it, if any.
    static func drain(_ stream: any ByteStream, bufferSize: Int = 64 * 1024) -> (bytes: [UInt8], error: ArchiveError?) {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        do {
            while true {
                let count = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
                if count == 0 { return (bytes, nil) }
                bytes.append(contentsOf: buffer[0..<count])
            }
        } catch let error as ArchiveError {
            return (bytes, error)
        } catch {
            return (bytes, ArchiveError(message: "unexpected error type: \(error)"))
        }
    }

    /// Creates an empty file whose path is given as bytes, for names that are not UTF-8.
    static func createEmptyFile(rawPath: [UInt8]) throws {
        let descriptor = (rawPath + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars -> Int32 in
                guard let base = chars.baseAddress else { return -1 }
                return open(base, O_CREAT | O_WRONLY, 0o644)
            }
        }
        guard descriptor >= 0 else {
            throw ToolFailure(description: "open failed: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
    }

    /// Makes a tar archive of `members` (paths relative to `folder`) with `/usr/bin/tar` in the
    /// given `--format`, and returns its bytes.
    static func makeTar(in folder: TemporaryFolder, format: String, members: [String]) throws -> [UInt8] {
        try run("/usr/bin/tar", ["--format=\(format)", "-cf", "-"] + members, in: folder.path)
    }
}
