import Foundation
import Testing

@testable import SaltPanCore

@Suite struct OpenedArchiveTests {
    @Test func gzipTarGivesEntriesSizeAndDigest() throws {
        let archive = try openArchive(path: ArchiveTesting.jobsArchive)
        #expect(archive.kind == .gzipTar)
        #expect(archive.fileSize == ArchiveTesting.archiveSize)

        let outcome = ArchiveTesting.readAll(archive)

        #expect(outcome.errors.isEmpty)
        #expect(outcome.entries.count == ArchiveTesting.archiveMemberCount)
        let digest = try #require(try archive.finishDigest())
        #expect(hexString(digest) == ArchiveTesting.archiveSHA256)
        #expect(archive.folderFileList == nil)
    }

    /// The reader stops at the end-of-archive marker, so the digest must hash the rest itself.
    @Test func digestCoversBytesAfterEarlyStop() throws {
        let archive = try openArchive(path: ArchiveTesting.jobsArchive)
        _ = try archive.next()
        let digest = try #require(try archive.finishDigest())
        #expect(hexString(digest) == ArchiveTesting.archiveSHA256)
    }

    @Test func plainTar() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("jobs/ab/jid", Array("20261204195008509633".utf8))
        let tar = try ArchiveTesting.makeTar(in: folder, format: "gnu", members: ["jobs"])
        try folder.write("jobs.tar", tar)

        let archive = try openArchive(path: folder.path + "/jobs.tar")
        let outcome = ArchiveTesting.readAll(archive)

        #expect(archive.kind == .tar)
        #expect(outcome.paths == ["jobs", "jobs/ab", "jobs/ab/jid"])
        #expect(archive.fileSize == Int64(tar.count))
        #expect(try archive.finishDigest() == SHA256.hash(tar))
    }

    @Test func folderGivesFileList() throws {
        let archive = try openArchive(path: ArchiveTesting.jobsFolder, folderRoot: ArchiveTesting.saltFolder)
        let outcome = ArchiveTesting.readAll(archive)

        #expect(archive.kind == .folder)
        #expect(outcome.entries.count == ArchiveTesting.archiveMemberCount)
        #expect(archive.folderFileList?.count == ArchiveTesting.archiveFileCount)
        #expect(archive.fileSize == nil)
        #expect(try archive.finishDigest() == nil)
    }

    @Test func jsonRejected() throws {
        let error = try #require(throws: ArchiveError.self) {
            try openArchive(path: ArchiveTesting.saltFolder + "/manifest.json")
        }
        #expect(error.message.contains("contains JSON text, not a tar archive"))
    }
}
