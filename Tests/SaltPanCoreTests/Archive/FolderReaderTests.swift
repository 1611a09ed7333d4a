import Foundation
import Testing

@testable import SaltPanCore

@Suite struct FolderReaderTests {
    /// Reads the fixture folder with its parent as the root, as the Salt layer does for a `jobs`
    /// folder, so paths start with `jobs/` as in the archive.
    private func readFixtureFolder() throws -> ArchiveTesting.ReadOutcome {
        ArchiveTesting.readAll(try FolderReader(folder: ArchiveTesting.jobsFolder, root: ArchiveTesting.saltFolder))
    }

    private func readFixtureArchive() throws -> ArchiveTesting.ReadOutcome {
        ArchiveTesting.readAll(
            TarReader(stream: try GzipByteStream(source: FileByteStream(path: ArchiveTesting.jobsArchive)))
        )
    }

    @Test func fixtureFolderMatchesArchive() throws {
        let folder = try readFixtureFolder()
        let archive = try readFixtureArchive()
        #expect(folder.errors.isEmpty, "\(folder.errors)")

        let folderFiles = Dictionary(
            uniqueKeysWithValues: folder.entries.filter { $0.kind == .file }.map { ($0.path, $0.data) }
        )
        let archiveFiles = Dictionary(
            uniqueKeysWithValues: archive.entries.filter { $0.kind == .file }.map { ($0.path, $0.data) }
        )
        #expect(folderFiles.count == ArchiveTesting.archiveFileCount)
        #expect(Set(folderFiles.keys) == Set(archiveFiles.keys))
        let differing = folderFiles.keys.filter { folderFiles[$0] != archiveFiles[$0] }
        #expect(differing.isEmpty, "files whose bytes differ: \(differing.prefix(5))")

        let folderDirectories = Set(folder.entries.filter { $0.kind == .directory }.map(\.path))
        let archiveDirectories = Set(archive.entries.filter { $0.kind == .directory }.map(\.path))
        #expect(folderDirectories == archiveDirectories)
        #expect(folder.entries.first?.path == "jobs")
    }

    @Test func fixtureKnownEntry() throws {
        let folder = try readFixtureFolder()
        let jid = try #require(folder.entry(ArchiveTesting.knownJobFolder + "/jid"))
        #expect(jid.data == Array(ArchiveTesting.knownJid.utf8))
        #expect(jid.offset == nil)
    }

    /// Depth-first with names sorted in each folder is the same as sorting whole paths by their
    /// components, and keeps each job folder's entries together.
    @Test func walkOrderIsSortedDepthFirst() throws {
        let paths = try readFixtureFolder().entries.map(\.pathBytes)
        let sorted = paths.sorted { left, right in
            left.split(separator: UInt8(ascii: "/")).lexicographicallyPrecedes(
                right.split(separator: UInt8(ascii: "/"))
            ) { $0.lexicographicallyPrecedes($1) }
        }
        #expect(paths == sorted)
        #expect(try readFixtureFolder().paths == readFixtureFolder().paths)
    }

    @Test func fileListHasEveryFileAndSize() throws {
        let reader = try FolderReader(folder: ArchiveTesting.jobsFolder, root: ArchiveTesting.saltFolder)
        let outcome = ArchiveTesting.readAll(reader)
        #expect(reader.fileList.count == ArchiveTesting.archiveFileCount)

        let sizes = Dictionary(
            uniqueKeysWithValues: outcome.entries.filter { $0.kind == .file }.map { ($0.path, Int64($0.data.count)) }
        )
        #expect(reader.fileList.allSatisfy { sizes[$0.path] == $0.size })
        #expect(
            try FolderReader.listFiles(folder: ArchiveTesting.jobsFolder, root: ArchiveTesting.saltFolder)
                == reader.fileList
        )
    }

    @Test func rootIsFolderItself() throws {
        let outcome = ArchiveTesting.readAll(try FolderReader(folder: ArchiveTesting.jobsFolder))
        #expect(outcome.errors.isEmpty)
        #expect(outcome.entries.count == ArchiveTesting.archiveMemberCount - 1)
        #expect(outcome.entry("c7/5871d40b2a3ce2587f5daad7d3c5b451fe6bf0e960b453adc5d5d8012e235f/jid") != nil)
    }

    @Test func rootTwoLevelsUp() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("master/jobs/ab/cdef/jid", Array("1".utf8))
        let outcome = ArchiveTesting.readAll(try FolderReader(folder: folder.path + "/master/jobs/", root: folder.path))
        #expect(
            outcome.paths == [
                "master", "master/jobs", "master/jobs/ab", "master/jobs/ab/cdef", "master/jobs/ab/cdef/jid",
            ]
        )
    }

    @Test func rootOutsideFolderRejected() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("a/file", [])
        try folder.write("b/file", [])
        #expect(throws: ArchiveError.self) { try FolderReader(folder: folder.path + "/a", root: folder.path + "/b") }
        #expect(throws: ArchiveError.self) { try FolderReader(folder: folder.path + "/a", root: "relative") }
    }

    @Test func missingFolderRejected() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        let error = try #require(throws: ArchiveError.self) { try FolderReader(folder: folder.path + "/absent") }
        #expect(error.message.contains("No such file or directory"))
        #expect(error.message.contains("/absent"))
    }

    @Test func symbolicLinksNotFollowed() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("real/inside.txt", Array("x".utf8))
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link", withDestinationPath: "real")

        let outcome = ArchiveTesting.readAll(try FolderReader(folder: folder.path))

        #expect(outcome.paths == ["link", "real", "real/inside.txt"])
        let link = try #require(outcome.entry("link"))
        #expect(link.kind == .other)
        #expect(link.specialKind == .symbolicLink)
        #expect(link.linkTargetBytes == Array("real".utf8))
    }

    /// A master's `cachedir` whose `jobs` is a link to the cache on another disk.
    @Test func jobsLinkInWalkedFolderFollowed() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try FileManager.default.createSymbolicLink(
            atPath: folder.path + "/jobs",
            withDestinationPath: ArchiveTesting.jobsFolder
        )
        try FileManager.default.createSymbolicLink(
            atPath: folder.path + "/other",
            withDestinationPath: ArchiveTesting.jobsFolder
        )

        let outcome = ArchiveTesting.readAll(try FolderReader(folder: folder.path))

        #expect(outcome.errors.isEmpty)
        #expect(outcome.entry("jobs")?.kind == .directory)
        #expect(outcome.entries.filter { $0.kind == .file }.count == ArchiveTesting.archiveFileCount)
        #expect(outcome.entry(ArchiveTesting.knownJobFolder + "/jid")?.data == Array(ArchiveTesting.knownJid.utf8))
        #expect(outcome.entry("other")?.specialKind == .symbolicLink)
        #expect(!outcome.paths.contains { $0.hasPrefix("other/") })
    }

    @Test func brokenJobsLinkReported() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/jobs", withDestinationPath: "absent")

        let outcome = ArchiveTesting.readAll(try FolderReader(folder: folder.path))

        #expect(outcome.entries.isEmpty)
        let error = try #require(outcome.errors.first)
        #expect(error.isRecoverable)
        #expect(error.entryPath == "jobs")
        #expect(error.message.contains("a symbolic link to 'absent': No such file or directory"))
    }

    /// Salt's job cache cleaner may delete an old job while the walk is inside its folder.
    @Test func vanishedFileReportedAndWalkContinues() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("a.txt", Array("a".utf8))
        try folder.write("b.txt", Array("b".utf8))
        try folder.write("c.txt", Array("c".utf8))
        let reader = try FolderReader(folder: folder.path)

        let first = try reader.next()
        #expect(first?.path == "a.txt")
        try FileManager.default.removeItem(atPath: folder.path + "/b.txt")
        let outcome = ArchiveTesting.readAll(reader)

        #expect(outcome.paths == ["c.txt"])
        let error = try #require(outcome.errors.first)
        #expect(error.isRecoverable)
        #expect(error.entryPath == "b.txt")
        #expect(error.message.contains("No such file or directory"))
    }

    @Test func vanishedFolderReportedAndWalkContinues() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("a/file", [])
        try folder.write("b/file", [])
        let reader = try FolderReader(folder: folder.path)

        let first = try reader.next()
        #expect(first?.path == "a")
        try FileManager.default.removeItem(atPath: folder.path + "/a")
        let outcome = ArchiveTesting.readAll(reader)

        #expect(outcome.paths == ["b", "b/file"])
        let error = try #require(outcome.errors.first)
        #expect(error.isRecoverable)
        #expect(error.entryPath == "a")
        #expect(error.message.hasPrefix("Failed to list folder"))
    }

    /// Root reads any file whatever its mode, so this case runs only for other users.
    @Test(.enabled(if: geteuid() != 0)) func unreadableFileReported() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        let path = try folder.write("secret", Array("s".utf8))
        try folder.write("visible", Array("v".utf8))
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)

        let outcome = ArchiveTesting.readAll(try FolderReader(folder: folder.path))

        #expect(outcome.paths == ["visible"])
        let error = try #require(outcome.errors.first)
        #expect(error.entryPath == "secret")
        #expect(error.message.contains("Permission denied"))
    }

    @Test func fileLargerThanLimitSkipped() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("big.bin", [UInt8](repeating: 1, count: 5000))
        try folder.write("small.txt", Array("small".utf8))
        let reader = try FolderReader(folder: folder.path, maxEntrySize: 1000)

        let outcome = ArchiveTesting.readAll(reader)

        #expect(outcome.paths == ["small.txt"])
        let error = try #require(outcome.errors.first)
        #expect(error.isRecoverable)
        #expect(error.entryPath == "big.bin")
        #expect(error.message.contains("5000 bytes"))
        #expect(reader.fileList.map(\.path) == ["big.bin", "small.txt"])
    }

    @Test func namesSortedByteWise() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        for name in ["b", "B", "a", "_", "aa", "a.b"] {
            try folder.write(name, [])
        }
        let outcome = ArchiveTesting.readAll(try FolderReader(folder: folder.path))
        #expect(outcome.paths == ["B", "_", "a", "a.b", "aa", "b"])
    }

    @Test func nonUTF8NameKeptAsBytes() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        let name: [UInt8] = [0x6a, 0xe9, 0x62]
        try ArchiveTesting.createEmptyFile(rawPath: Array(folder.path.utf8) + [UInt8(ascii: "/")] + name)

        let outcome = ArchiveTesting.readAll(try FolderReader(folder: folder.path))

        #expect(outcome.errors.isEmpty)
        #expect(outcome.entries.map(\.pathBytes) == [name])
        #expect(outcome.entries.first?.kind == .file)
    }
}
