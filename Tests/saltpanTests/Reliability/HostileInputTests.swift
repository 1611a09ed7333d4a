import Foundation
import SaltPanCore
import Testing

/// `saltpan ingest` on inputs built to exhaust memory or confuse path handling, and on bytes
/// that are not UTF-8, which must come back exactly as they went in.
///
/// Memory figures for large inputs (a 100 MB return, a gzip bomb) come from
/// `scripts/reliability`, which measures the peak resident size. These tests check the
/// messages, statuses and stored values.
@Suite struct HostileInputTests {
    static let jid = "20261204195131008428"
    static let minion = "web01.example.test"

    static func ingest(_ input: String, folder: String) throws -> (Saltpan.Result, String) {
        let database = folder + "/saltpan.db"
        let result = try Saltpan.run(["ingest", "--quiet", "--db", database, input])
        #expect(try DatabaseSnapshot.integrityCheck(path: database) == ["ok"])
        return (result, database)
    }

    static func storedReturn(jid: String, minion: String, in database: String) throws -> [UInt8]? {
        let store = try Database(path: database, mode: .readOnly)
        let query = try store.prepare("SELECT return FROM returns WHERE jid = ? AND minion = ?")
        try query.bind(jid, at: 1)
        try query.bind(minion, at: 2)
        return try query.step() ? query.bytes(at: 0) : nil
    }

    /// Salt on Python 2 wrote command output in the minion's locale (Latin-1 here) as a
    /// MessagePack str, and Python 3 minions return `bytes` as bin.
    @Test func nonUTF8ReturnRoundTrips() throws {
        let folder = try Saltpan.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let latin1: [UInt8] = Array("caf".utf8) + [0xe9, 0x20, 0xff, 0xfe, 0x00, 0x80]
        let binary: [UInt8] = [0x00, 0x01, 0xc1, 0xff, 0x7f]
        let value = Value.map([
            .init(key: .string("stdout"), value: .invalidString(latin1)),
            .init(key: .string("raw"), value: .bytes(binary)),
        ])
        try JobCacheBuilder.writeJob(
            jid: Self.jid,
            returnFiles: [Self.minion: JobCacheBuilder.returnFile(value)],
            under: folder
        )

        let (result, database) = try Self.ingest(folder + "/jobs", folder: folder)
        #expect(result.status == 0, "\(result.standardError)")

        let stored = try #require(try Self.storedReturn(jid: Self.jid, minion: Self.minion, in: database))
        #expect(try Value(losslessJSONText: stored) == value)

        let jobOutput = try Saltpan.run(["job", "--format", "json", "--db", database, Self.jid])
        #expect(jobOutput.status == 0)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(jobOutput.standardOutput.utf8)) as? [String: Any]
        )
        let returns = try #require(document["returns"] as? [[String: Any]])
        let returned = try #require(returns.first?["return"] as? [String: Any])
        let stdout = try #require(returned["stdout"] as? [String: Any])
        let raw = try #require(returned["raw"] as? [String: Any])
        #expect(Data(base64Encoded: stdout["$bytes"] as? String ?? "") == Data(latin1))
        #expect(Data(base64Encoded: raw["$bytes"] as? String ?? "") == Data(binary))
    }

    /// A return file cut off after a str32 header that claims 4 GiB, as a copy taken while the
    /// master wrote a large return leaves it.
    @Test func lengthLargerThanFileIsNamed() throws {
        let folder = try Saltpan.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let returnFile: [UInt8] =
            [0x83, 0xa6] + Array("return".utf8) + [0xdb, 0xff, 0xff, 0xff, 0xff] + Array("log".utf8)
        try JobCacheBuilder.writeJob(jid: Self.jid, returnFiles: [Self.minion: returnFile], under: folder)

        let (result, database) = try Self.ingest(folder + "/jobs", folder: folder)
        #expect(result.status == 2)
        #expect(result.standardError.contains("\(Self.minion)/return.p: cannot decode the return: "))
        #expect(result.standardError.contains("str32 at offset 8 declares 4294967295 bytes"))
        #expect(try Self.storedReturn(jid: Self.jid, minion: Self.minion, in: database) == nil)
    }

    /// Nesting far deeper than any Salt return, which would overflow the stack of a recursive
    /// decoder.
    @Test func deepNestingIsRejected() throws {
        let folder = try Saltpan.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let nested = [UInt8](repeating: 0x91, count: 200_000) + [0xc0]
        let returnFile: [UInt8] = [0x81, 0xa6] + Array("return".utf8) + nested
        try JobCacheBuilder.writeJob(jid: Self.jid, returnFiles: [Self.minion: returnFile], under: folder)

        let (result, _) = try Self.ingest(folder + "/jobs", folder: folder)
        #expect(result.status == 2)
        #expect(result.standardError.contains("nested deeper than 512 levels"))
    }

    /// A tar member whose size field claims 8 GiB, followed by nothing: the reader must not
    /// allocate the claimed size, and must name the entry.
    @Test func tarEntryClaimingHugeSize() throws {
        let folder = try Saltpan.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "jobs/" + JobCacheBuilder.folderPath(jid: Self.jid)
        let huge = JobCacheBuilder.tarHeader(
            name: Array("\(path)/\(Self.minion)/return.p".utf8),
            size: 0,
            sizeField: Array("77777777777\0".utf8)
        )
        let tar =
            JobCacheBuilder.tarMember(name: Array("\(path)/jid".utf8), data: Array(Self.jid.utf8))
            + huge + [UInt8](repeating: 0x41, count: 4096)
        try Data(tar).write(to: URL(fileURLWithPath: folder + "/huge.tar"))

        let (result, database) = try Self.ingest(folder + "/huge.tar", folder: folder)
        #expect(result.status == 2)
        // The claimed data would start at byte 1536 and the input ends 4,096 bytes later.
        #expect(result.standardError.contains("\(path)/\(Self.minion)/return.p: byte 5632: truncated archive"))
        #expect(result.standardError.contains("which claims 8589934591 bytes (the entry starts at byte 1024)"))
        #expect(try CorpusTar.storedRecords(in: database).jobs == [Self.jid])
    }

    /// Paths with `..`, a NUL byte (possible only through a pax header) and Latin-1 bytes.
    ///
    /// saltpan never writes entries to disk, so `..` cannot escape anywhere. The paths are
    /// only names, and must neither crash the ingest nor lose the other jobs.
    @Test func hostilePathNames() throws {
        let folder = try Saltpan.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "jobs/" + JobCacheBuilder.folderPath(jid: Self.jid)
        let returnFile = JobCacheBuilder.returnFile(.string("ok"))
        let escaping = Array("../../../../etc/\(path)".utf8)
        let withNUL = Array("\(path)/we".utf8) + [0] + Array("b01/return.p".utf8)
        let latin1 = Array("\(path)/caf".utf8) + [0xe9] + Array("/return.p".utf8)

        var tar = JobCacheBuilder.tarMember(name: Array("\(path)/jid".utf8), data: Array(Self.jid.utf8))
        tar += JobCacheBuilder.tarMember(name: Array("\(path)/\(Self.minion)/return.p".utf8), data: returnFile)
        tar += JobCacheBuilder.tarMember(name: escaping + Array("/jid".utf8), data: Array("20261204195131008429".utf8))
        tar +=
            JobCacheBuilder.paxPathHeader(withNUL) + JobCacheBuilder.tarMember(name: Array("x".utf8), data: returnFile)
        tar += JobCacheBuilder.tarMember(name: latin1, data: returnFile)
        tar += JobCacheBuilder.endOfArchive
        try Data(tar).write(to: URL(fileURLWithPath: folder + "/paths.tar"))

        let (result, database) = try Self.ingest(folder + "/paths.tar", folder: folder)
        #expect(result.status == 0 || result.status == 2, "\(result.standardError)")
        let stored = try CorpusTar.storedRecords(in: database)
        #expect(stored.jobs.contains(Self.jid))
        #expect(stored.returns.contains("\(Self.jid) \(Self.minion)"))
        #expect(stored.returns.contains("\(Self.jid) we\u{0}b01"))
        // NOTE: a minion folder name that is not UTF-8 is stored with U+FFFD in place of the
        // invalid bytes, so two such names that differ only there would share one minion id.
        #expect(stored.returns.contains("\(Self.jid) caf\u{FFFD}"))
    }
}
