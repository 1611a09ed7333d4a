import Foundation
import Testing

@testable import SaltPanCore

@Suite struct TarReaderTests {
    private typealias Builder = TarTestBuilder

    // MARK: - The real archive

    @Test func fixtureArchiveReadsEveryMember() throws {
        let gzip = try GzipByteStream(source: FileByteStream(path: ArchiveTesting.jobsArchive))
        let outcome = ArchiveTesting.readAll(TarReader(stream: gzip))

        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        #expect(outcome.entries.count == ArchiveTesting.archiveMemberCount)
        #expect(outcome.entries.filter { $0.kind == .file }.count == ArchiveTesting.archiveFileCount)
        #expect(outcome.entries.filter { $0.kind == .directory }.count == ArchiveTesting.archiveFolderCount)
        #expect(outcome.entries.first?.path == "jobs")
        #expect(outcome.entries.first?.offset == 0)
    }

    @Test func fixtureArchiveLongNames() throws {
        let gzip = try GzipByteStream(source: FileByteStream(path: ArchiveTesting.jobsArchive))
        let outcome = ArchiveTesting.readAll(TarReader(stream: gzip))

        // `tar tzf` lists folders with a trailing `/`, which the reader removes.
        let longNames = outcome.entries.filter { entry in
            entry.pathBytes.count + (entry.kind == .directory ? 1 : 0) > 100
        }
        #expect(longNames.count == ArchiveTesting.archiveLongNameCount)
        #expect(longNames.allSatisfy { $0.path.hasPrefix("jobs/") })
    }

    @Test func fixtureArchiveKnownEntryBytes() throws {
        let gzip = try GzipByteStream(source: FileByteStream(path: ArchiveTesting.jobsArchive))
        let outcome = ArchiveTesting.readAll(TarReader(stream: gzip))

        let jid = try #require(outcome.entry(ArchiveTesting.knownJobFolder + "/jid"))
        #expect(jid.kind == .file)
        #expect(jid.data == Array(ArchiveTesting.knownJid.utf8))
        let onDisk = try Data(contentsOf: URL(fileURLWithPath: ArchiveTesting.saltFolder + "/" + jid.path))
        #expect(jid.data == [UInt8](onDisk))
    }

    /// Sources that return a few bytes per read, like a pipe, must give the same entries.
    @Test func shortReadsGiveSameEntries() throws {
        let gzipped = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ArchiveTesting.jobsArchive)))
        let tar = ArchiveTesting.drain(GzipByteStream(source: MemoryByteStream(gzipped))).bytes
        let whole = ArchiveTesting.readTar(tar)
        let pieces = ArchiveTesting.readTar(tar, maxReadSize: 7)
        #expect(pieces.errors.isEmpty)
        #expect(pieces.paths == whole.paths)
        #expect(pieces.entries.map(\.data) == whole.entries.map(\.data))
    }

    // MARK: - Archives written by GNU tar

    @Test func gnuLongNameAndLongLinkName() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        let longPath = String(repeating: "d", count: 60) + "/" + String(repeating: "f", count: 89)
        #expect(longPath.utf8.count == 150)
        try folder.write(longPath, Array("long name contents\n".utf8))
        let longTarget = "../" + String(repeating: "t", count: 147)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link", withDestinationPath: longTarget)

        let tar = try ArchiveTesting.makeTar(in: folder, format: "gnu", members: [longPath, "link"])
        let outcome = ArchiveTesting.readTar(tar)

        #expect(outcome.errors.isEmpty)
        #expect(outcome.paths == [longPath, "link"])
        #expect(outcome.entries.first?.data == Array("long name contents\n".utf8))
        #expect(outcome.entries.last?.kind == .other)
        #expect(outcome.entries.last?.linkTargetBytes == Array(longTarget.utf8))
    }

    @Test func paxHeadersGivePathAndLinkPath() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        let longPath = String(repeating: "p", count: 120) + "/" + "caf\u{e9}-" + String(repeating: "x", count: 100)
        try folder.write(longPath, Array("pax contents".utf8))
        let longTarget = String(repeating: "q", count: 130)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/link", withDestinationPath: longTarget)

        let tar = try ArchiveTesting.makeTar(in: folder, format: "pax", members: [longPath, "link"])
        #expect(tar[156] == UInt8(ascii: "x"), "GNU tar writes a pax extended header first")
        let outcome = ArchiveTesting.readTar(tar)

        #expect(outcome.errors.isEmpty)
        #expect(outcome.paths == [longPath, "link"])
        #expect(outcome.entries.first?.data == Array("pax contents".utf8))
        #expect(outcome.entries.last?.linkTargetBytes == Array(longTarget.utf8))
    }

    @Test func ustarPrefixJoinsName() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        let path = String(repeating: "a", count: 120) + "/" + String(repeating: "b", count: 40)
        try folder.write(path, Array("ustar".utf8))

        let tar = try ArchiveTesting.makeTar(in: folder, format: "ustar", members: [path])
        #expect(tar[345] == UInt8(ascii: "a"), "the prefix field contains the folder part")
        let outcome = ArchiveTesting.readTar(tar)

        #expect(outcome.errors.isEmpty)
        #expect(outcome.paths == [path])
        #expect(outcome.entries.first?.data == Array("ustar".utf8))
    }

    @Test func v7FormatFromGnuTar() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("old/file.txt", Array("v7".utf8))

        let tar = try ArchiveTesting.makeTar(in: folder, format: "v7", members: ["old"])
        #expect(tar[257..<263].allSatisfy { $0 == 0 }, "v7 headers have no magic")
        let outcome = ArchiveTesting.readTar(tar)

        #expect(outcome.errors.isEmpty)
        #expect(outcome.paths == ["old", "old/file.txt"])
        #expect(outcome.entries.map(\.kind) == [.directory, .file])
        #expect(outcome.entries.last?.data == Array("v7".utf8))
    }

    @Test func nonUTF8NameKeptAsBytes() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        // "f\xff.txt": a Latin-1 file name, which is not valid UTF-8.
        let name: [UInt8] = [0x66, 0xff, 0x2e, 0x74, 0x78, 0x74]
        try ArchiveTesting.createEmptyFile(rawPath: Array(folder.path.utf8) + [UInt8(ascii: "/")] + name)

        let tar = try ArchiveTesting.run("/usr/bin/tar", ["--format=gnu", "-cf", "-", "."], in: folder.path)
        let outcome = ArchiveTesting.readTar(tar)

        #expect(outcome.errors.isEmpty)
        #expect(outcome.entries.map(\.pathBytes) == [name])
    }

    // MARK: - Damaged archives

    @Test func flippedHeaderByteResynchronises() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        for name in ["a.txt", "b.txt", "c.txt"] {
            try folder.write(name, Array(String(repeating: "\(name) line\n", count: 90).utf8))
        }
        var tar = try ArchiveTesting.makeTar(in: folder, format: "gnu", members: ["a.txt", "b.txt", "c.txt"])
        // a.txt: header at 0, 990 bytes of data in two blocks, so b.txt's header is at 1536.
        #expect(Array(tar[1536..<1541]) == Array("b.txt".utf8))
        tar[1536 + 20] ^= 0x01

        let outcome = ArchiveTesting.readTar(tar)

        #expect(outcome.paths == ["a.txt", "c.txt"])
        #expect(outcome.errors.count == 1)
        let error = try #require(outcome.errors.first)
        #expect(error.isRecoverable)
        #expect(error.offset == 1536)
        #expect(error.message.contains("checksum"))
        #expect(outcome.entry("c.txt")?.data == Array(String(repeating: "c.txt line\n", count: 90).utf8))
    }

    @Test func entryLargerThanLimitSkipped() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("small.txt", Array("small".utf8))
        try folder.write("big.bin", ArchiveTesting.pseudoRandomBytes(5000))
        try folder.write("after.txt", Array("after".utf8))
        let tar = try ArchiveTesting.makeTar(in: folder, format: "gnu", members: ["small.txt", "big.bin", "after.txt"])

        let outcome = ArchiveTesting.readTar(tar, maxEntrySize: 1000)

        #expect(outcome.paths == ["small.txt", "after.txt"])
        #expect(outcome.entry("after.txt")?.data == Array("after".utf8))
        #expect(outcome.errors.count == 1)
        let error = try #require(outcome.errors.first)
        #expect(error.isRecoverable)
        #expect(error.entryPath == "big.bin")
        #expect(error.offset == 1024)
        #expect(error.message.contains("5000 bytes"))
        #expect(error.message.contains("limit of 1000 bytes"))
    }

    @Test func truncatedInsideData() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("a.txt", Array(repeating: UInt8(ascii: "a"), count: 1000))
        try folder.write("b.bin", ArchiveTesting.pseudoRandomBytes(3000))
        let tar = try ArchiveTesting.makeTar(in: folder, format: "gnu", members: ["a.txt", "b.bin"])

        // b.bin's header is at 1536 and its data starts at 2048.
        let outcome = ArchiveTesting.readTar(Array(tar[0..<2148]))

        #expect(outcome.paths == ["a.txt"])
        let error = try #require(outcome.errors.last)
        #expect(!error.isRecoverable)
        #expect(error.message.hasPrefix("truncated archive: the input ends inside the data of this entry"))
        #expect(error.message.contains("starts at byte 1536"))
        #expect(error.entryPath == "b.bin")
        #expect(error.offset == 2148)
    }

    @Test func truncatedInsideHeader() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("a.txt", Array(repeating: UInt8(ascii: "a"), count: 1000))
        try folder.write("b.txt", Array("b".utf8))
        let tar = try ArchiveTesting.makeTar(in: folder, format: "gnu", members: ["a.txt", "b.txt"])

        let outcome = ArchiveTesting.readTar(Array(tar[0..<1636]))

        #expect(outcome.paths == ["a.txt"])
        let error = try #require(outcome.errors.last)
        #expect(!error.isRecoverable)
        #expect(error.message == "truncated archive: the input ends inside a header (the entry starts at byte 1536)")
        #expect(error.entryPath == "b.txt")
        #expect(error.offset == 1636)
    }

    @Test func truncatedGzipArchive() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        for index in 0..<6 {
            try folder.write("file\(index).bin", ArchiveTesting.pseudoRandomBytes(50_000, seed: UInt64(index + 1)))
        }
        let compressed = try ArchiveTesting.run("/usr/bin/tar", ["-czf", "-", "."], in: folder.path)
        try folder.write("cut.tar.gz", Array(compressed[0..<(compressed.count / 2)]))

        let gzip = try GzipByteStream(source: FileByteStream(path: folder.path + "/cut.tar.gz"))
        let outcome = ArchiveTesting.readAll(TarReader(stream: gzip))

        #expect(outcome.entries.filter { $0.kind == .file }.count >= 2)
        #expect(outcome.entries.filter { $0.kind == .file }.count < 6)
        let error = try #require(outcome.errors.last)
        #expect(!error.isRecoverable)
        #expect(error.message.hasPrefix("unexpected end of gzip stream at compressed byte"))
    }

    /// Two gzip members, as `pigz` or `cat a.tar.gz-part1 part2` give, hold one tar stream.
    @Test func tarSplitAcrossGzipMembers() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("one.txt", Array("one".utf8))
        try folder.write("two.bin", ArchiveTesting.pseudoRandomBytes(20_000))
        let tar = try ArchiveTesting.makeTar(in: folder, format: "gnu", members: ["one.txt", "two.bin"])
        let compressed = try ArchiveTesting.gzip(Array(tar[0..<1000])) + ArchiveTesting.gzip(Array(tar[1000...]))

        let gzip = GzipByteStream(source: MemoryByteStream(compressed))
        let outcome = ArchiveTesting.readAll(TarReader(stream: gzip))

        #expect(outcome.errors.isEmpty)
        #expect(outcome.paths == ["one.txt", "two.bin"])
        #expect(outcome.entry("two.bin")?.data == ArchiveTesting.pseudoRandomBytes(20_000))
    }

    // MARK: - End of archive

    /// Every tar writer ends an archive with zero blocks, so input that ends where a header
    /// should start was cut off at a block boundary, as a full disk leaves a copy.
    @Test func endWithoutZeroBlocks() throws {
        let tar = Builder.member(name: "a.txt", data: Array("a".utf8))
        let outcome = ArchiveTesting.readTar(tar)
        #expect(outcome.paths == ["a.txt"])
        let error = try #require(outcome.errors.last)
        #expect(!error.isRecoverable)
        #expect(error.offset == 1024)
        #expect(error.message.contains("without the end-of-archive marker (two zero blocks) after entry 'a.txt'"))
    }

    /// The gzip trailer follows the end-of-archive marker, so the reader reads on to check it
    /// before it reports the end.
    @Test func gzipTrailerCheckedAfterEndMarker() throws {
        var compressed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: ArchiveTesting.jobsArchive)))
        let tarSize = ArchiveTesting.drain(GzipByteStream(source: MemoryByteStream(compressed))).bytes.count
        compressed[compressed.count - 8] ^= 0x01

        let outcome = ArchiveTesting.readAll(TarReader(stream: GzipByteStream(source: MemoryByteStream(compressed))))

        #expect(outcome.entries.count == ArchiveTesting.archiveMemberCount)
        let error = try #require(outcome.errors.last)
        #expect(outcome.errors.count == 1)
        #expect(!error.isRecoverable)
        #expect(error.entryPath == nil)
        #expect(error.offset == Int64(tarSize))
        #expect(error.message.contains("at compressed byte \(compressed.count) in gzip member 1"))
        #expect(error.message.contains("incorrect CRC-32 in the gzip trailer"))
        #expect(error.message.contains("found after the end-of-archive marker"))
    }

    /// An entry whose data is whole is returned even when the zeros after it are cut off.
    @Test func truncatedInsidePadding() throws {
        let tar = Builder.member(name: "a.txt", data: Array("abc".utf8))
        let outcome = ArchiveTesting.readTar(Array(tar[0..<(512 + 100)]))
        #expect(outcome.entry("a.txt")?.data == Array("abc".utf8))
        let error = try #require(outcome.errors.last)
        #expect(!error.isRecoverable)
        #expect(error.message.contains("inside the padding after this entry's data"))
        #expect(error.offset == 612)
    }

    /// GNU tar stops at the first zero block, and so does the reader.
    @Test func endAtSingleZeroBlock() {
        let tar =
            Builder.member(name: "a.txt", data: Array("a".utf8)) + [UInt8](repeating: 0, count: 512)
            + Builder.member(name: "after-end.txt", data: [])
        let outcome = ArchiveTesting.readTar(tar)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.paths == ["a.txt"])
    }

    @Test func emptyArchive() {
        let outcome = ArchiveTesting.readTar(Builder.endOfArchive)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.entries.isEmpty)
    }

    @Test func rootFolderMemberSkipped() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("c7/jid", Array("1".utf8))
        let tar = try ArchiveTesting.run("/usr/bin/tar", ["--format=gnu", "-cf", "-", "."], in: folder.path)
        let outcome = ArchiveTesting.readTar(tar)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.paths == ["c7", "c7/jid"])
    }

    // MARK: - Hand-made headers

    /// GNU tar writes sizes of 8 GiB and more in base-256; a small size in that encoding takes
    /// the same code path.
    @Test func base256SizeField() {
        let data = ArchiveTesting.pseudoRandomBytes(600)
        let header = Builder.header(name: "binary-size", sizeField: Builder.base256(600))
        let outcome = ArchiveTesting.readTar(header + Builder.padded(data) + Builder.endOfArchive)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.entry("binary-size")?.data == data)
    }

    /// A damaged header whose size claims a terabyte: the reader must fail on the missing
    /// data, not try to allocate it.
    @Test func hugeClaimedSizeFailsWithoutAllocating() throws {
        let header = Builder.header(name: "huge", sizeField: Builder.base256(1 << 40))
        let outcome = ArchiveTesting.readTar(header + [UInt8](repeating: 7, count: 1000), maxEntrySize: .max)
        #expect(outcome.entries.isEmpty)
        let error = try #require(outcome.errors.last)
        #expect(!error.isRecoverable)
        #expect(error.message.contains("which claims 1099511627776 bytes"))
        #expect(error.entryPath == "huge")
    }

    @Test func negativeSizeResynchronises() throws {
        var sizeField = [UInt8](repeating: 0xff, count: 12)
        sizeField[11] = 0xfe
        let bad = Builder.header(name: "negative", sizeField: sizeField)
        let tar = bad + Builder.member(name: "next.txt", data: Array("next".utf8)) + Builder.endOfArchive
        let outcome = ArchiveTesting.readTar(tar)
        #expect(outcome.paths == ["next.txt"])
        let error = try #require(outcome.errors.first)
        #expect(error.isRecoverable)
        #expect(error.message.hasPrefix("invalid size field"))
        #expect(error.entryPath == "negative")
        #expect(error.offset == 0)
    }

    /// A GNU long name header whose member was cut off: the archive ends after the name.
    @Test func longNameWithoutMemberIsTruncation() throws {
        let name = Array(String(repeating: "n", count: 150).utf8) + [0]
        let tar = Builder.member(name: "././@LongLink", data: name, typeflag: UInt8(ascii: "L")) + Builder.endOfArchive
        let outcome = ArchiveTesting.readTar(tar)
        #expect(outcome.entries.isEmpty)
        let error = try #require(outcome.errors.last)
        #expect(!error.isRecoverable)
        #expect(error.message.hasPrefix("truncated archive: the input ends after an extended header"))
        #expect(error.entryPath == String(repeating: "n", count: 150))
    }

    @Test func longNameLargerThanLimitSkipped() throws {
        let name = Array(String(repeating: "n", count: 2000).utf8) + [0]
        let tar =
            Builder.member(name: "././@LongLink", data: name, typeflag: UInt8(ascii: "L"))
            + Builder.member(name: "short", data: Array("s".utf8)) + Builder.endOfArchive
        let outcome = ArchiveTesting.readTar(tar, maxEntrySize: 1000)
        let error = try #require(outcome.errors.first)
        #expect(error.isRecoverable)
        #expect(error.message.hasPrefix("GNU long name of 2001 bytes is larger than the limit of 1000 bytes"))
        #expect(outcome.paths == ["short"])
    }

    /// GNU tar writes a pax `size` record for files of 8 GiB and more; the record overrides the
    /// header's size field.
    @Test func paxSizeRecordOverridesHeader() {
        let records = Array(Builder.paxRecord("size", "700").utf8)
        let data = ArchiveTesting.pseudoRandomBytes(700)
        let tar =
            Builder.member(name: "PaxHeaders/big", data: records, typeflag: UInt8(ascii: "x"))
            + Builder.header(name: "big", size: 0) + Builder.padded(data) + Builder.endOfArchive
        let outcome = ArchiveTesting.readTar(tar)
        #expect(outcome.paths == ["big"])
        #expect(outcome.entries.first?.data == data)
        #expect(outcome.entries.first?.offset == 0)
    }

    /// `git archive` starts its tars with a pax global header holding the commit id.
    @Test func globalHeaderNotReturned() {
        let records = Array(Builder.paxRecord("comment", "3f1c2e9a0b").utf8)
        let tar =
            Builder.member(name: "pax_global_header", data: records, typeflag: UInt8(ascii: "g"))
            + Builder.member(name: "a.txt", data: Array("a".utf8)) + Builder.endOfArchive
        let outcome = ArchiveTesting.readTar(tar)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.paths == ["a.txt"])
        #expect(outcome.entries.first?.offset == 1024)
    }

    @Test func malformedPaxRecordReported() throws {
        let tar =
            Builder.member(name: "PaxHeaders/a", data: Array("99 path=x\n".utf8), typeflag: UInt8(ascii: "x"))
            + Builder.member(name: "a.txt", data: Array("a".utf8)) + Builder.endOfArchive
        let outcome = ArchiveTesting.readTar(tar)
        let error = try #require(outcome.errors.first)
        #expect(error.isRecoverable)
        #expect(error.message.contains("record at byte 0 has a length past the header's end"))
        #expect(outcome.paths == ["a.txt"])
    }

    @Test func paxRecordLengthsCountThemselves() throws {
        #expect(Builder.paxRecord("path", "abc") == "12 path=abc\n")
        var records = PaxRecords()
        try records.merge(parsing: Array("12 path=abc\n9 size=5\n".utf8))
        #expect(records.path == Array("abc".utf8))
        #expect(records.size == 5)
    }

    /// v7 tars marked folders only by a trailing slash on a regular-file typeflag.
    @Test func v7TrailingSlashIsFolder() {
        let tar =
            Builder.header(name: "olddir/", typeflag: 0, ustarMagic: false)
            + Builder.member(name: "olddir/f", data: Array("f".utf8)) + Builder.endOfArchive
        let outcome = ArchiveTesting.readTar(tar)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.paths == ["olddir", "olddir/f"])
        #expect(outcome.entries.map(\.kind) == [.directory, .file])
    }

    @Test func otherTypeDataSkipped() {
        // A FIFO never has data, but a hard link in some writers carries a copy; either way the
        // reader must skip by the size field.
        let tar =
            Builder.member(name: "link", data: Array("ignored".utf8), typeflag: UInt8(ascii: "1"))
            + Builder.member(name: "after", data: Array("kept".utf8)) + Builder.endOfArchive
        let outcome = ArchiveTesting.readTar(tar)
        #expect(outcome.errors.isEmpty)
        #expect(outcome.entries.map(\.kind) == [.other, .file])
        #expect(outcome.entries.first?.data == [])
        #expect(outcome.entry("after")?.data == Array("kept".utf8))
    }

    @Test(arguments: [
        ("./jobs/c7/", "jobs/c7"),
        ("/etc/salt", "etc/salt"),
        ("././a", "a"),
        ("./", ""),
        (".", ""),
        ("a/./b", "a/./b"),
        (".hidden", ".hidden"),
    ])
    func pathNormalisation(raw: String, expected: String) {
        #expect(TarReader.normalisedPath(Array(raw.utf8)) == Array(expected.utf8))
    }

    @Test func readAfterEndReturnsNil() throws {
        let reader = TarReader(stream: MemoryByteStream(Builder.endOfArchive))
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }
}
