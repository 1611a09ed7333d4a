import Foundation
import Testing

@testable import SaltPanCore

/// Tests of how the store keeps expected minions: as rows, or as the flag
/// `jobs.expected_are_returned` for a job whose expected minions all returned and no other.
@Suite struct ExpectedMinionTests {
    static func strings(_ sql: String, _ jid: String, in store: Store) throws -> [String] {
        let statement = try store.database.prepare(sql)
        try statement.bind(jid, at: 1)
        var values: [String] = []
        while try statement.step() {
            values.append(statement.string(at: 0) ?? "")
        }
        return values
    }

    static func number(_ sql: String, _ jid: String, in store: Store) throws -> Int64? {
        let statement = try store.database.prepare(sql)
        try statement.bind(jid, at: 1)
        return try statement.step() ? statement.optionalInt64(at: 0) : nil
    }

    /// Every job of the real cache keeps the expected minions of its `.minions.p`, and rows are
    /// stored only for the jobs where some of them did not return.
    @Test func realCacheStoresRowsOnlyWithMissing() throws {
        let store = try IngestTests.newStore()
        _ = try Ingester(store: store, options: IngestOptions()).ingest(path: Fixtures.jobsArchive)

        var jobsWithoutRows = 0
        for job in Manifest.shared.jobs where !job.targeted.isEmpty {
            let expected = try Self.strings("SELECT minion FROM expected_minions WHERE jid = ?", job.jid, in: store)
            #expect(Set(expected) == Set(job.targeted), "\(job.jid)")
            #expect(expected.count == Set(job.targeted).count, "\(job.jid)")
            let count = try Self.number("SELECT expected_count FROM job_overview WHERE jid = ?", job.jid, in: store)
            #expect(count == Int64(Set(job.targeted).count), "\(job.jid)")

            let rows = try Self.strings("SELECT minion FROM expected_minion_rows WHERE jid = ?", job.jid, in: store)
            if Set(job.targeted) == Set(job.returned) {
                #expect(rows.isEmpty, "\(job.jid)")
                jobsWithoutRows += 1
            } else {
                #expect(Set(rows) == Set(job.targeted), "\(job.jid)")
            }
        }
        // The corpus has jobs of both kinds: most returned in full, some had a minion down.
        #expect(jobsWithoutRows > 0)
        #expect(jobsWithoutRows < Manifest.shared.jobs.filter { !$0.targeted.isEmpty }.count)
    }

    /// Writes a job whose cache folder held a return for each of its two expected minions.
    static func writeJobWhoseMinionsReturned(_ store: Store) throws {
        try MergeTests.ingest(store, name: "cache") { writer in
            var job = MergeTests.job(function: "test.ping", arguments: [])
            job.expectedMinions = ["web01", "web02"]
            try writer.write(job)
            for minion in ["web01", "web02"] {
                try writer.write(
                    ReturnRecord(jid: MergeTests.jid, minion: minion, value: .bool(true), form: .map),
                    function: "test.ping"
                )
            }
        }
    }

    @Test func returnedMinionsNeedNoRows() throws {
        let store = try IngestTests.newStore()
        try Self.writeJobWhoseMinionsReturned(store)

        let jid = MergeTests.jid
        #expect(try Self.number("SELECT expected_are_returned FROM jobs WHERE jid = ?", jid, in: store) == 1)
        #expect(try Self.strings("SELECT minion FROM expected_minion_rows WHERE jid = ?", jid, in: store).isEmpty)
        let expected = try Self.strings("SELECT minion FROM expected_minions WHERE jid = ? ORDER BY 1", jid, in: store)
        #expect(expected == ["web01", "web02"])
        #expect(try Self.number("SELECT missing_count FROM job_overview WHERE jid = ?", jid, in: store) == 0)
    }

    /// A later source returns for a minion the job did not expect.
    ///
    /// Salt 3008 batch jobs do that: their sub-batches share one jid while `.minions.p` names the
    /// first. The expected minions stay the two of the cache.
    @Test func unexpectedReturnKeepsExpectedList() throws {
        let store = try IngestTests.newStore()
        try Self.writeJobWhoseMinionsReturned(store)
        try MergeTests.ingest(store, name: "events") { writer in
            try writer.write(
                ReturnRecord(jid: MergeTests.jid, minion: "db01", value: .bool(true), form: .event),
                function: "test.ping"
            )
        }

        let jid = MergeTests.jid
        #expect(try Self.number("SELECT expected_are_returned FROM jobs WHERE jid = ?", jid, in: store) == 0)
        let expected = try Self.strings("SELECT minion FROM expected_minions WHERE jid = ? ORDER BY 1", jid, in: store)
        #expect(expected == ["web01", "web02"])
        #expect(try Self.number("SELECT expected_count FROM job_overview WHERE jid = ?", jid, in: store) == 2)
        #expect(try Self.number("SELECT returned_count FROM job_overview WHERE jid = ?", jid, in: store) == 3)
        #expect(try Self.number("SELECT missing_count FROM job_overview WHERE jid = ?", jid, in: store) == 0)
    }

    /// A later source expects one minion more.
    ///
    /// The publish event of a job whose cache lost a `.minions.<syndic>.p` does that. The
    /// expected minions are the union, and that minion is missing.
    @Test func laterExpectedListIsMerged() throws {
        let store = try IngestTests.newStore()
        try Self.writeJobWhoseMinionsReturned(store)
        try MergeTests.ingest(store, name: "events") { writer in
            var job = MergeTests.job(function: "test.ping", arguments: [])
            job.expectedMinions = ["web02", "db01"]
            try writer.write(job)
        }

        let jid = MergeTests.jid
        let expected = try Self.strings("SELECT minion FROM expected_minions WHERE jid = ? ORDER BY 1", jid, in: store)
        #expect(expected == ["db01", "web01", "web02"])
        let missing = try Self.strings(
            "SELECT minion FROM minion_results WHERE jid = ? AND outcome = 'missing'",
            jid,
            in: store
        )
        #expect(missing == ["db01"])
        #expect(try Self.number("SELECT missing_count FROM job_overview WHERE jid = ?", jid, in: store) == 1)
    }

    /// A minion id is its bytes.
    ///
    /// A return folder named "café" with a decomposed "é" does not match a `.minions.p` entry
    /// with a composed one, though Swift compares the two as equal. Salt keeps ids as the
    /// minion sends them, so two such minions are two ids.
    @Test func minionIdsCompareAsBytes() throws {
        let jid = "20261204200000000001"
        let composed = "caf\u{E9}"
        let decomposed = "cafe\u{301}"
        let digest = hexString(SHA256.hash(Array(jid.utf8)))
        let folder = "jobs/" + digest.prefix(2) + "/" + digest.dropFirst(2) + "/"
        let load = Value.object(["fun": .string("test.ping"), "jid": .string(jid), "tgt": .string("caf*")])
        let archive =
            TarTestBuilder.member(name: folder + "jid", data: Array(jid.utf8))
            + TarTestBuilder.member(name: folder + ".load.p", data: MessagePackEncoder().encode(load))
            + TarTestBuilder.member(
                name: folder + ".minions.p",
                data: MessagePackEncoder().encode(.array([.string(composed)]))
            )
            + TarTestBuilder.member(
                name: folder + decomposed + "/return.p",
                data: MessagePackEncoder().encode(.object(["return": .bool(true), "retcode": .int(0)]))
            )
            + TarTestBuilder.endOfArchive
        let path = try Fixtures.temporaryFolder() + "/unicode.tar"
        try Data(archive).write(to: URL(fileURLWithPath: path))

        let store = try IngestTests.newStore()
        _ = try Ingester(store: store, options: IngestOptions()).ingest(path: path)

        #expect(try Self.number("SELECT expected_are_returned FROM jobs WHERE jid = ?", jid, in: store) == 0)
        let expected = try Self.strings("SELECT minion FROM expected_minions WHERE jid = ?", jid, in: store)
        #expect(expected.map { Array($0.utf8) } == [Array(composed.utf8)])
        let missing = try Self.strings(
            "SELECT minion FROM minion_results WHERE jid = ? AND outcome = 'missing'",
            jid,
            in: store
        )
        #expect(missing.map { Array($0.utf8) } == [Array(composed.utf8)])
    }

    /// A return folder whose name clashes with another's once invalid UTF-8 is replaced is reported.
    ///
    /// The folders `a\xff` and `a\xfe` both read as `a\u{FFFD}`. The second return is skipped
    /// with a warning rather than merged into the first unseen, and a minion list entry that is
    /// not a string is reported too.
    @Test func clashingFolderNamesAreReported() throws {
        let jid = "20261204200000000002"
        let digest = hexString(SHA256.hash(Array(jid.utf8)))
        let folder = Array(("jobs/" + digest.prefix(2) + "/" + digest.dropFirst(2) + "/").utf8)
        let load = Value.object(["fun": .string("test.ping"), "jid": .string(jid), "tgt": .string("a*")])
        let minions = Value.array([.string("web01"), .bytes([0x61, 0xff])])
        let returned = MessagePackEncoder().encode(.object(["return": .bool(true), "retcode": .int(0)]))
        func member(_ name: [UInt8], _ data: [UInt8]) -> [UInt8] {
            TarTestBuilder.header(nameBytes: folder + name, size: Int64(data.count)) + TarTestBuilder.padded(data)
        }
        let archive =
            member(Array("jid".utf8), Array(jid.utf8))
            + member(Array(".load.p".utf8), MessagePackEncoder().encode(load))
            + member(Array(".minions.p".utf8), MessagePackEncoder().encode(minions))
            + member([0x61, 0xff] + Array("/return.p".utf8), returned)
            + member([0x61, 0xfe] + Array("/return.p".utf8), returned)
            + TarTestBuilder.endOfArchive
        let path = try Fixtures.temporaryFolder() + "/clash.tar"
        try Data(archive).write(to: URL(fileURLWithPath: path))

        let store = try IngestTests.newStore()
        let report = try Ingester(store: store, options: IngestOptions()).ingest(path: path)

        #expect(try Self.number("SELECT count(*) FROM returns WHERE jid = ?", jid, in: store) == 1)
        let warnings = report.problems.filter { $0.severity == .warning }.map(\.message)
        let clash = warnings.first { $0.contains("is not valid UTF-8") }
        #expect(clash != nil)
        #expect(clash?.contains("this return was skipped") == true)
        #expect(warnings.contains { $0.contains("1 of 2 entries of the minion list are not strings") })
    }

    /// The flag is only a promise about the returns written next: a job that is already stored
    /// keeps rows, so a second copy of the same folder changes nothing.
    @Test func knownJobKeepsItsForm() throws {
        let store = try IngestTests.newStore()
        try Self.writeJobWhoseMinionsReturned(store)
        try Self.writeJobWhoseMinionsReturned(store)

        let jid = MergeTests.jid
        let expected = try Self.strings("SELECT minion FROM expected_minions WHERE jid = ? ORDER BY 1", jid, in: store)
        #expect(expected == ["web01", "web02"])
        #expect(try Self.number("SELECT expected_count FROM job_overview WHERE jid = ?", jid, in: store) == 2)
        #expect(try Self.number("SELECT count(*) FROM returns WHERE jid = ?", jid, in: store) == 2)
    }
}
