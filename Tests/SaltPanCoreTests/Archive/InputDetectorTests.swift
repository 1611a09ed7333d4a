import Foundation
import Testing

@testable import SaltPanCore

@Suite struct InputDetectorTests {
    @Test func fixtureFolder() throws {
        #expect(try InputDetector.detect(path: ArchiveTesting.jobsFolder) == .folder)
    }

    @Test func fixtureArchive() throws {
        #expect(try InputDetector.detect(path: ArchiveTesting.jobsArchive) == .gzipTar)
    }

    @Test func fixtureJSONFiles() throws {
        #expect(try InputDetector.detect(path: ArchiveTesting.saltFolder + "/manifest.json") == .json)
        #expect(try InputDetector.detect(path: ArchiveTesting.saltFolder + "/events.jsonl") == .json)
    }

    @Test func fixtureTextFile() throws {
        let kind = try InputDetector.detect(path: ArchiveTesting.saltFolder + "/versions-report.txt")
        guard case .unknown(let description) = kind else {
            Issue.record("expected unknown, got \(kind)")
            return
        }
        #expect(description.hasPrefix("first bytes: "))
    }

    @Test func plainTarWithoutNameHint() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("jobs/ab/jid", Array("1".utf8))
        try folder.write("archive.bin", try ArchiveTesting.makeTar(in: folder, format: "gnu", members: ["jobs"]))
        #expect(try InputDetector.detect(path: folder.path + "/archive.bin") == .tar)
    }

    @Test func v7TarDetectedWithoutMagic() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("f", Array("1".utf8))
        try folder.write("old.tar", try ArchiveTesting.makeTar(in: folder, format: "v7", members: ["f"]))
        #expect(try InputDetector.detect(path: folder.path + "/old.tar") == .tar)
    }

    /// A gzip-compressed JSON export, which the JSON readers handle rather than the tar reader.
    @Test func gzipWithoutTar() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        try folder.write("export.gz", try ArchiveTesting.gzip(Array("{\"jid\": \"1\"}".utf8)))
        #expect(try InputDetector.detect(path: folder.path + "/export.gz") == .gzip)
    }

    @Test(arguments: [
        ("  \n\t{\"a\": 1}", InputKind.json),
        ("\u{feff}[1, 2]", InputKind.json),
        ("", InputKind.unknown("empty file")),
        ("   ", InputKind.unknown("first bytes: 202020 \"   \"")),
        ("hello", InputKind.unknown("first bytes: 68656c6c6f \"hello\"")),
    ])
    func classifyText(text: String, expected: InputKind) {
        #expect(InputDetector.classify(Array(text.utf8)) == expected)
    }

    @Test func classifyKnownFormats() {
        let zip = InputDetector.classify([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])
        #expect(zip.description.contains("a zip archive, which is not supported"))
        guard case .unsupported = zip else {
            Issue.record("expected unsupported, got \(zip)")
            return
        }
        let xz = InputDetector.classify([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00])
        #expect(xz.description.contains("xz-compressed data"))
        #expect(InputDetector.classify([0x1f, 0x8b, 0x08]) == .gzip)
    }

    /// The first line of the real event log in the Unicode encodings a Windows tool may write.
    @Test(arguments: [
        ("UTF-16LE", [0xff, 0xfe] as [UInt8], false),
        ("UTF-16LE", [], false),
        ("UTF-16BE", [0xfe, 0xff], true),
        ("UTF-16BE", [], true),
    ])
    func classifyUTF16(encoding: String, byteOrderMark: [UInt8], isBigEndian: Bool) throws {
        let log = try Data(contentsOf: URL(fileURLWithPath: ArchiveTesting.saltFolder + "/events.jsonl"))
        let line = String(decoding: log.prefix { $0 != 0x0a }, as: UTF8.self)
        let units = line.utf16.flatMap { unit in
            isBigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xff)] : [UInt8(unit & 0xff), UInt8(unit >> 8)]
        }

        let kind = InputDetector.classify(byteOrderMark + units)
        guard case .unsupported(let message) = kind else {
            Issue.record("expected unsupported, got \(kind)")
            return
        }
        #expect(message.hasPrefix("the input is \(encoding) text"))
    }

    /// NUL bytes where a power loss lost the writes, before the next event, are no UTF-16.
    @Test func nulRunIsNotUTF16() {
        let kind = InputDetector.classify(Array(repeating: 0, count: 64) + Array(#"{"tag": "x", "data": {}}"#.utf8))
        guard case .unknown = kind else {
            Issue.record("expected unknown, got \(kind)")
            return
        }
    }

    @Test func damagedTarHeaderIsNotTar() throws {
        var header = TarTestBuilder.header(name: "a.txt", size: 1)
        header[0] ^= 0x20
        #expect(!InputDetector.isTarHeader(header))
        #expect(InputDetector.isTarHeader(TarTestBuilder.header(name: "a.txt", size: 1)))
        #expect(!InputDetector.isTarHeader([UInt8](repeating: 0, count: 512)))
    }

    @Test func missingPathThrows() throws {
        let folder = try ArchiveTesting.TemporaryFolder()
        let error = try #require(throws: ArchiveError.self) { try InputDetector.detect(path: folder.path + "/nothing") }
        #expect(error.message.contains("No such file or directory"))
    }
}
