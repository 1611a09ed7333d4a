import Foundation
import Testing

@testable import SaltPanCore

/// Job folders where one file is not a regular file, built from a copy of a real job folder.
///
/// Each stands for a copy of a master's cache that did not keep the file: a link left by a
/// backup tool, a pipe or folder put in its place, or a tar archive that stored a hard link.
@Suite struct UnreadEntryTests {
    static let jobFolder = ArchiveTesting.knownJobFolder
    static let minion = "web01.example.test"
    static let returnPath = jobFolder + "/" + minion + "/return.p"

    /// What reading a job cache gave: its job folders parsed, and the problems in order.
    struct Outcome {
        var jobs: [JobFolderParser.ParsedJob] = []
        var problems: [IngestProblem] = []

        var returnedMinions: Set<String> {
            Set(jobs.flatMap { $0.returns.map(\.minion) })
        }
    }

    /// Copies the real job folder into `folder` as `jobs/c7/…`, then lets `change` replace the
    /// minion's `return.p`, whose path it is given.
    static func copyJobFolder(into folder: ArchiveTesting.TemporaryFolder, change: (String) throws -> Void) throws {
        let copy = folder.path + "/" + jobFolder
        try FileManager.default.createDirectory(
            atPath: (copy as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true
        )
        try FileManager.default.copyItem(atPath: ArchiveTesting.saltFolder + "/" + jobFolder, toPath: copy)
        let returnFile = folder.path + "/" + returnPath
        try FileManager.default.removeItem(atPath: returnFile)
        try change(returnFile)
    }

    static func read(_ reader: any ArchiveReader) throws -> Outcome {
        var outcome = Outcome()
        var jobCache = JobCacheReader(reader: reader)
        try jobCache.forEachFolder(
            { outcome.jobs.append(JobFolderParser().parse($0)) },
            problem: { outcome.problems.append($0) }
        )
        outcome.problems += outcome.jobs.flatMap(\.problems)
        return outcome
    }

    /// The other minions of the real folder, which must all still return.
    static func otherMinions() throws -> Set<String> {
        let names = try FileManager.default.contentsOfDirectory(atPath: ArchiveTesting.saltFolder + "/" + jobFolder)
        return Set(names.filter { $0 != "jid" && !$0.hasPrefix(".") && $0 != minion })
    }

    /// Checks that the return alone was lost, with one error that names it.
    static func expectOneError(_ outcome: Outcome, containing text: String) throws {
        #expect(outcome.jobs.map(\.job?.jid) == [ArchiveTesting.knownJid])
        #expect(outcome.returnedMinions == (try otherMinions()))
        #expect(outcome.problems.count == 1, "\(outcome.problems)")
        let problem = try #require(outcome.problems.first)
        #expect(problem.severity == .error)
        #expect(problem.entry == returnPath)
        #expect(problem.message.contains(text), "\(problem.message)")
    }

    @Test func symbolicLinkInFolderNotFollowed() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        let outside = ArchiveTesting.saltFolder + "/" + Self.returnPath
        try Self.copyJobFolder(into: folder) { path in
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: outside)
        }

        let outcome = try Self.read(try FolderReader(folder: folder.path))

        try Self.expectOneError(outcome, containing: "this is a symbolic link to '\(outside)', which was not read")
        #expect(outcome.problems.first?.message.contains("tar --dereference") == true)
    }

    @Test func namedPipeInFolderNotRead() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try Self.copyJobFolder(into: folder) { path in
            #expect(mkfifo(path, 0o600) == 0)
        }

        let outcome = try Self.read(try FolderReader(folder: folder.path))

        try Self.expectOneError(outcome, containing: "this is a named pipe, not a regular file")
    }

    @Test func folderInPlaceOfReturn() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try Self.copyJobFolder(into: folder) { path in
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        }

        let outcome = try Self.read(try FolderReader(folder: folder.path))

        try Self.expectOneError(outcome, containing: "this is a folder, but Salt writes a file here")
    }

    @Test func tarHardLinkNamed() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        // Listed first, this file carries the data, and `return.p` becomes a link to it.
        let original = ArchiveTesting.saltFolder + "/" + Self.returnPath
        try folder.write("copies/return.p", [UInt8](try Data(contentsOf: URL(fileURLWithPath: original))))
        try Self.copyJobFolder(into: folder) { path in
            try FileManager.default.linkItem(atPath: folder.path + "/copies/return.p", toPath: path)
        }
        let tar = try ArchiveTesting.makeTar(in: folder, format: "gnu", members: ["copies", "jobs"])

        let outcome = try Self.read(TarReader(stream: MemoryByteStream(tar)))

        try Self.expectOneError(outcome, containing: "this tar member is a hard link to 'copies/return.p'")
        #expect(outcome.problems.first?.message.contains("tar --hard-dereference") == true)
        #expect(outcome.problems.first?.offset != nil)
    }

    @Test func tarSymbolicLinkNamed() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try Self.copyJobFolder(into: folder) { path in
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/etc/passwd")
        }
        let tar = try ArchiveTesting.makeTar(in: folder, format: "gnu", members: ["jobs"])

        let outcome = try Self.read(TarReader(stream: MemoryByteStream(tar)))

        try Self.expectOneError(outcome, containing: "this is a symbolic link to '/etc/passwd', which was not read")
    }

    /// A link with a name Salt never writes is reported, but as a warning, as an unknown file is.
    @Test func unknownLinkIsWarning() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try Self.copyJobFolder(into: folder) { path in
            try FileManager.default.copyItem(atPath: ArchiveTesting.saltFolder + "/" + Self.returnPath, toPath: path)
            try FileManager.default.createSymbolicLink(atPath: path + ".bak", withDestinationPath: "return.p")
        }

        let outcome = try Self.read(try FolderReader(folder: folder.path))

        #expect(outcome.returnedMinions.contains(Self.minion))
        #expect(outcome.problems.count == 1)
        #expect(outcome.problems.first?.severity == .warning)
        #expect(outcome.problems.first?.entry == Self.returnPath + ".bak")
    }
}
