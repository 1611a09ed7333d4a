import Foundation
import Testing

@testable import SaltPanCore

@Suite struct FileByteStreamTests {
    @Test func missingFileNamesPathAndReason() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        let path = folder.path + "/missing.tar.gz"
        let error = try #require(throws: ArchiveError.self) { try FileByteStream(path: path) }
        #expect(
            error.message == "Failed to open '\(path)': No such file or directory. Check the path and its permissions."
        )
    }

    @Test func folderRejected() throws {
        let error = try #require(throws: ArchiveError.self) { try FileByteStream(path: ArchiveTesting.jobsFolder) }
        #expect(error.message.contains("is a folder"))
    }

    @Test func countsBytesAndHashesWholeFile() throws {
        let stream = try FileByteStream(path: ArchiveTesting.jobsArchive)
        var buffer = [UInt8](repeating: 0, count: 1000)
        let count = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
        #expect(count == 1000)
        #expect(stream.bytesRead == 1000)

        let digest = try stream.drainForDigest()
        #expect(hexString(digest) == ArchiveTesting.archiveSHA256)
        #expect(stream.bytesRead == ArchiveTesting.archiveSize)
        #expect(try stream.drainForDigest() == digest)
    }
}
