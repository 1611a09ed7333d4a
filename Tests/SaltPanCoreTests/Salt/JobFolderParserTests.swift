import Foundation
import Testing

@testable import SaltPanCore

@Suite struct JobFolderParserTests {
    /// Reads a job folder of the real cache through the folder reader.
    static func realFolder(jid: String) throws -> JobFolder {
        let job = try #require(Manifest.shared.job(jid))
        return try folder(at: Fixtures.jobsFolder + "/" + job.dir, root: Fixtures.jobsFolder)
    }

    static func folder(at path: String, root: String) throws -> JobFolder {
        let reader = try FolderReader(folder: path, root: root)
        var jobCache = JobCacheReader(reader: reader)
        var folders: [JobFolder] = []
        try jobCache.forEachFolder({ folders.append($0) }, problem: { Issue.record("unexpected problem: \($0)") })
        return try #require(folders.first)
    }

    @Test func failingCommandMatchesManifest() throws {
        let jid = Manifest.shared.jid(ofStep: "cmd_exit_1")
        let parsed = JobFolderParser().parse(try Self.realFolder(jid: jid))
        let job = try #require(parsed.job)
        let expected = try #require(Manifest.shared.job(jid))

        #expect(job.jid == jid)
        #expect(job.kind == .published)
        #expect(job.function == "cmd.run")
        #expect(job.arguments == .array([.string("echo about to fail; exit 1")]))
        #expect(job.target == .string("*"))
        #expect(job.targetType == "glob")
        #expect(job.user == "root")
        #expect(job.expectedMinions == expected.targeted.sorted())
        #expect(parsed.returns.count == expected.returned.count)
        for record in parsed.returns {
            #expect(record.form == .map)
            #expect(record.retcode.map(Int.init) == expected.returns[record.minion]?.retcode)
            #expect(record.success == expected.returns[record.minion]?.success)
        }
        #expect(parsed.problems.isEmpty)
    }

    @Test func runnerJobExpectsTheMaster() throws {
        let jid = Manifest.shared.jid(ofStep: "runner_test_arg")
        let parsed = JobFolderParser().parse(try Self.realFolder(jid: jid))
        let job = try #require(parsed.job)

        #expect(job.kind == .runner)
        #expect(job.function == "runner.test.arg")
        #expect(job.arguments == .array([.string("a"), .string("b"), .object(["c": .string("d")])]))
        #expect(job.expectedMinions == ["saltmaster.example.test_master"])
        let record = try #require(parsed.returns.first)
        #expect(record.minion == "saltmaster.example.test_master")
        #expect(record.retcode == nil)
        #expect(record.success == nil)
        #expect(record.value?["success"] == .bool(true))
    }

    @Test func scheduledJobHasNoUser() throws {
        let scheduled = try #require(Manifest.shared.jobs.first { $0.schedule == "sched_failing_check" })
        let parsed = JobFolderParser().parse(try Self.realFolder(jid: scheduled.jid))
        let job = try #require(parsed.job)

        #expect(job.kind == .scheduled)
        #expect(job.schedule == "sched_failing_check")
        #expect(job.user == nil)
        #expect(parsed.returns.first?.retcode == 2)
        #expect(parsed.returns.first?.success == true)
    }

    @Test func metadataComesFromKwargs() throws {
        let parsed = JobFolderParser().parse(try Self.realFolder(jid: Manifest.shared.jid(ofStep: "with_metadata")))
        let metadata = try #require(parsed.job?.metadata)
        #expect(metadata["ticket"] == .string("OPS-1234"))
        #expect(metadata["requested_by"] == .string("alice"))
    }

    @Test func endTimeIsRead() throws {
        let parsed = JobFolderParser().parse(try Self.realFolder(jid: Manifest.shared.jid(ofStep: "endtime_ping_all")))
        let endTime = try #require(parsed.job?.endTime)
        let startTime = try #require(parsed.job?.startTime)
        #expect(endTime > startTime)
    }

    @Test func outputterFromOutFile() throws {
        let parsed = JobFolderParser().parse(try Self.realFolder(jid: Manifest.shared.jid(ofStep: "state_webapp")))
        #expect(parsed.returns.count == 2)
        #expect(parsed.returns.allSatisfy { $0.outputter == "highstate" })
    }

    // MARK: - Hand-made folders for shapes the real corpus lacks

    /// Writes a job folder; `files` maps names inside the folder to their bytes.
    static func makeFolder(_ files: [String: [UInt8]], folderName: String) throws -> (path: String, root: String) {
        let root = try Fixtures.temporaryFolder()
        let path = root + "/jobs/" + folderName
        for (name, bytes) in files {
            let url = URL(fileURLWithPath: path + "/" + name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(bytes).write(to: url)
        }
        return (path, root)
    }

    static func msgpack(_ value: Value) -> [UInt8] {
        MessagePackEncoder().encode(value)
    }

    @Test func bareReturnOfOldMasters() throws {
        // Salt 2016.11 wrote the bare return value into return.p, with no retcode or success.
        let (path, root) = try Self.makeFolder(
            [
                "jid": Array("20161204195008509633".utf8),
                ".load.p": Self.msgpack(.object(["cmd": .string("publish"), "fun": .string("test.ping")])),
                "web01.example.test/return.p": Self.msgpack(.bool(true)),
            ],
            folderName: "a1/b2c3d4e5f60718293a4b5c6d7e8f90"
        )
        let parsed = JobFolderParser().parse(try Self.folder(at: path, root: root))
        let record = try #require(parsed.returns.first)
        #expect(record.form == .bare)
        #expect(record.value == .bool(true))
        #expect(record.retcode == nil)
    }

    @Test func uniqueJidAndSyndicMinions() throws {
        // A master with `unique_jid: True` and a syndic: the jid carries `_<pid>`, and the
        // expected minions are the union of `.minions.p` and `.minions.<syndic>.p`.
        let (path, root) = try Self.makeFolder(
            [
                "jid": Array("20261204195008509633_4242\n".utf8),
                ".minions.p": Self.msgpack(.array([.string("web01.example.test")])),
                ".minions.syndic01.p": Self.msgpack(
                    .array([.string("edge01.example.test"), .string("web01.example.test")])
                ),
            ],
            folderName: "0d/1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a"
        )
        let parsed = JobFolderParser().parse(try Self.folder(at: path, root: root))
        let job = try #require(parsed.job)
        #expect(job.jid == "20261204195008509633_4242")
        #expect(job.startTime?.iso8601() == "2026-12-04T19:50:08.509633Z")
        #expect(job.expectedMinions == ["edge01.example.test", "web01.example.test"])
        #expect(job.kind == .unknown)
    }

    @Test func damagedReturnKeepsTheRest() throws {
        let (path, root) = try Self.makeFolder(
            [
                "jid": Array("20261204195008509633".utf8),
                ".load.p": Self.msgpack(.object(["cmd": .string("publish"), "fun": .string("test.ping")])),
                "web01.example.test/return.p": [0x83, 0xa6],
                "web02.example.test/return.p": Self.msgpack(
                    .object(["return": .bool(true), "retcode": .int(0), "success": .bool(true)])
                ),
            ],
            folderName: "c7/5871d40b2a3ce2587f5daad7d3c5b451fe6bf0e960b453adc5d5d8012e235f"
        )
        let parsed = JobFolderParser().parse(try Self.folder(at: path, root: root))
        #expect(parsed.returns.map(\.minion) == ["web02.example.test"])
        let problem = try #require(parsed.problems.first)
        #expect(problem.severity == .error)
        #expect(problem.entry?.hasSuffix("web01.example.test/return.p") == true)
        #expect(problem.message.hasPrefix("cannot decode the return"))
    }

    /// A master stopped while writing leaves 0-byte `.p` files, which are not a value.
    @Test func emptyPayloadFilesAreErrors() throws {
        let jid = Manifest.shared.jid(ofStep: "cmd_exit_1")
        let expected = try #require(Manifest.shared.job(jid))
        var folder = try Self.realFolder(jid: jid)
        let emptied = try #require(expected.returned.sorted().first)
        for index in folder.files.indices {
            switch folder.files[index].role {
            case .minions(syndic: nil), .minionReturn(minion: emptied):
                folder.files[index].entry.data = []
            default:
                break
            }
        }

        let parsed = JobFolderParser().parse(folder)

        #expect(parsed.job?.jid == jid)
        #expect(parsed.job?.expectedMinions == nil)
        #expect(Set(parsed.returns.map(\.minion)) == Set(expected.returned).subtracting([emptied]))
        #expect(parsed.problems.count == 2)
        #expect(parsed.problems.allSatisfy { $0.severity == .error })
        let entries = parsed.problems.compactMap(\.entry)
        #expect(entries.contains("\(folder.path)/.minions.p"))
        #expect(entries.contains("\(folder.path)/\(emptied)/return.p"))
        #expect(parsed.problems.allSatisfy { $0.message.contains("the file is empty") })
    }

    /// A `return.p` whose retcode is a float, as a hand-edited or damaged cache can hold:
    /// the return is kept without a retcode, with a warning naming the file.
    @Test func nonIntegerRetcodeIsWarned() throws {
        let jid = Manifest.shared.jid(ofStep: "cmd_exit_1")
        let expected = try #require(Manifest.shared.job(jid))
        var folder = try Self.realFolder(jid: jid)
        let edited = try #require(expected.returned.sorted().first)
        let index = try #require(folder.files.firstIndex { $0.role == .minionReturn(minion: edited) })
        let original = try MessagePackDecoder().decode(folder.files[index].entry.data).value
        guard case .map(var fields) = original else {
            Issue.record("return.p of \(edited) is not a map")
            return
        }
        let retcode = try #require(fields.firstIndex { $0.key == .string("retcode") })
        fields[retcode].value = .double(2.5)
        folder.files[index].entry.data = MessagePackEncoder().encode(.map(fields))

        let parsed = JobFolderParser().parse(folder)

        let record = try #require(parsed.returns.first { $0.minion == edited })
        #expect(record.retcode == nil)
        #expect(record.value == original["return"])
        #expect(parsed.returns.count == expected.returned.count)
        #expect(parsed.problems.count == 1)
        #expect(parsed.problems.first?.severity == .warning)
        #expect(parsed.problems.first?.entry == "\(folder.path)/\(edited)/return.p")
        #expect(parsed.problems.first?.message.hasPrefix("retcode 2.5 is not an integer") == true)
    }

    /// A real folder whose `jid` file names another job, as a folder put together from two
    /// copies would: the `jid` file decides, and the difference is warned.
    @Test func loadWithOtherJidIsWarned() throws {
        let jid = Manifest.shared.jid(ofStep: "cmd_exit_1")
        let otherJid = "20261204195001950381"
        var folder = try Self.realFolder(jid: jid)
        let index = try #require(folder.files.firstIndex { $0.role == .jid })
        folder.files[index].entry.data = Array(otherJid.utf8)

        let parsed = JobFolderParser().parse(folder)

        #expect(parsed.job?.jid == otherJid)
        #expect(parsed.problems.count == 1)
        #expect(parsed.problems.first?.severity == .warning)
        #expect(parsed.problems.first?.entry == "\(folder.path)/.load.p")
        #expect(
            parsed.problems.first?.message.hasPrefix("the load names jid \(jid), but the folder's 'jid' file") == true
        )
    }

    @Test func folderWithOnlyJid() throws {
        // The master writes `jid` first; a crash right after leaves nothing else.
        let (path, root) = try Self.makeFolder(
            ["jid": Array("20261204195008509633".utf8)],
            folderName: "c7/5871d40b2a3ce2587f5daad7d3c5b451fe6bf0e960b453adc5d5d8012e235f"
        )
        let parsed = JobFolderParser().parse(try Self.folder(at: path, root: root))
        #expect(parsed.job?.jid == "20261204195008509633")
        #expect(parsed.job?.load == nil)
        #expect(parsed.problems.first?.severity == .warning)
    }

    /// Is a `state.apply` job on minions "café" (composed "é") and "café" (an "e" and a
    /// combining accent), each with its own `out.p`.
    ///
    /// Salt keeps the two ids apart, so each return keeps its own outputter. The real cache has no
    /// such pair, and a folder on disk cannot be written from a `[String: ...]` map with both
    /// names, so the job folder is a tar archive built in memory.
    @Test func outputtersKeptApartByBytes() throws {
        let composed = "caf\u{e9}"
        let decomposed = "cafe\u{301}"
        let folder = "jobs/c7/5871d40b2a3ce2587f5daad7d3c5b451fe6bf0e960b453adc5d5d8012e235f/"
        let returned = Self.msgpack(.object(["return": .bool(true), "retcode": .int(0), "success": .bool(true)]))
        let archive =
            TarTestBuilder.member(name: folder + "jid", data: Array("20261204195008509633".utf8))
            + TarTestBuilder.member(name: folder + composed + "/return.p", data: returned)
            + TarTestBuilder.member(name: folder + composed + "/out.p", data: Self.msgpack(.string("highstate")))
            + TarTestBuilder.member(name: folder + decomposed + "/return.p", data: returned)
            + TarTestBuilder.member(name: folder + decomposed + "/out.p", data: Self.msgpack(.string("json")))
            + TarTestBuilder.endOfArchive
        var jobCache = JobCacheReader(reader: TarReader(stream: MemoryByteStream(archive)))
        var folders: [JobFolder] = []
        try jobCache.forEachFolder({ folders.append($0) }, problem: { Issue.record("unexpected problem: \($0)") })

        let parsed = JobFolderParser().parse(try #require(folders.first))
        let composedReturn = parsed.returns.first { BytewiseString.haveSameBytes($0.minion, composed) }
        let decomposedReturn = parsed.returns.first { BytewiseString.haveSameBytes($0.minion, decomposed) }

        #expect(folders.count == 1)
        #expect(parsed.returns.count == 2)
        #expect(composedReturn?.outputter == "highstate")
        #expect(decomposedReturn?.outputter == "json")
    }
}
