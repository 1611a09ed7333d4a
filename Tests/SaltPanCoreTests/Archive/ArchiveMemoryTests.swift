import Foundation
import Testing

@testable import SaltPanCore

/// Streams a large archive named by `SALTPAN_ARCHIVE_MEMORY_INPUT` and prints what it read.
///
/// Skipped unless that variable is set: `scripts/archive-memory.sh` generates archives of
/// different sizes and runs this test under `/usr/bin/time -v` to show that peak memory does
/// not grow with the input.
@Suite struct ArchiveMemoryTests {
    static let inputPath = ProcessInfo.processInfo.environment["SALTPAN_ARCHIVE_MEMORY_INPUT"]

    @Test(.enabled(if: inputPath != nil)) func streamLargeArchive() throws {
        let path = try #require(Self.inputPath)
        let start = Date()
        let archive = try openArchive(path: path)

        var entryCount = 0
        var dataBytes: Int64 = 0
        var errorCount = 0
        while true {
            do {
                guard let entry = try archive.next() else { break }
                entryCount += 1
                dataBytes += Int64(entry.data.count)
            } catch let error as ArchiveError where error.isRecoverable {
                errorCount += 1
            }
        }
        let digest = try #require(try archive.finishDigest())
        let seconds = Date().timeIntervalSince(start)

        let megabytes = Double(dataBytes) / 1_000_000
        let rate = megabytes / max(seconds, 0.001)
        print(
            "archive-memory: \(entryCount) entries, \(dataBytes) data bytes, \(errorCount) errors, "
                + "\(String(format: "%.2f", seconds)) s, \(String(format: "%.0f", rate)) MB/s of entry data, "
                + "sha256 \(hexString(digest))"
        )
        #expect(errorCount == 0)
        #expect(entryCount > 0)
    }
}
