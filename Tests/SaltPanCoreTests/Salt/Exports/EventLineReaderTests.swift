import Foundation
import Testing

@testable import SaltPanCore

@Suite struct EventLineReaderTests {
    static let eventLog = "salt-3008/events.jsonl"
    static let options = ExportOptions(masterID: ExportFixtures.masterID)
    /// The corpus's unknown runner (`salt-run nosuch.func`), which fired only a `ret` event.
    static let missingRunnerJid = "20261204195230968839"

    static func readCorpus() throws -> CollectedRecords {
        try CollectedRecords.read(.events, fixture: eventLog, options: options)
    }

    /// Finds the tag of the event that ends each line of the log by text search.
    ///
    /// That is the event of a valid line, or the complete event glued to the end of a corrupt
    /// one. Cut-off events end before their tag, so they have none.
    static func finalTags() throws -> [(line: Int, tag: String)] {
        let text = String(decoding: try ExportFixtures.bytes(eventLog), as: UTF8.self)
        var tags: [(line: Int, tag: String)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard line.hasSuffix("\"}"), let opening = line.ranges(of: "\"tag\": \"").last else { continue }
            let tag = line[opening.upperBound..<line.index(line.endIndex, offsetBy: -2)]
            tags.append((index + 1, String(tag)))
        }
        return tags
    }

    struct MinionReturn: Hashable {
        var jid: String
        var minion: String
    }

    // MARK: - The corpus event log

    @Test func corpusReturnsMatchLogAndManifest() throws {
        var expected = Set<MinionReturn>()
        for (_, tag) in try Self.finalTags() {
            let parts = tag.split(separator: "/", maxSplits: 4).map(String.init)
            guard parts.count >= 4, parts[0] == "salt", parts[3] == "ret" else { continue }
            if parts[1] == "job" { expected.insert(MinionReturn(jid: parts[2], minion: parts[4])) }
            if parts[1] == "run", parts[2] != Self.missingRunnerJid {
                expected.insert(MinionReturn(jid: parts[2], minion: ExportFixtures.masterID))
            }
        }

        let records = try Self.readCorpus()
        let emitted = records.returns.map { MinionReturn(jid: $0.jid, minion: $0.minion) }
        #expect(emitted.count == expected.count)
        #expect(Set(emitted) == expected)
        // 410 minion returns on valid lines, one recovered, and 84 runner returns.
        #expect(expected.count == 411 + 84)

        let manifestReturns = Set(
            Manifest.shared.jobs.flatMap { job in job.returned.map { MinionReturn(jid: job.jid, minion: $0) } }
        )
        #expect(expected.isSubset(of: manifestReturns))
        // The events lost on corrupt lines: file.read on two minions, inventory.snapshot on
        // five, and four runner returns.
        #expect(manifestReturns.subtracting(expected).count == 2 + 5 + 4)
    }

    @Test func corpusJobsMatchManifest() throws {
        let records = try Self.readCorpus()
        let manifestJids = Set(Manifest.shared.jobs.map(\.jid))
        #expect(Set(records.jobs.map(\.jid)) == manifestJids)

        for job in Manifest.shared.jobs {
            let expected = Set(records.jobs(of: job.jid).flatMap { $0.expectedMinions ?? [] })
            if records.jobs(of: job.jid).contains(where: { $0.kind == .runner }) {
                #expect(expected == [ExportFixtures.masterID], "runner job \(job.jid)")
            } else {
                #expect(expected == Set(job.targeted), "job \(job.jid)")
            }
        }
    }

    @Test func corruptLinesRecoverGluedEvents() throws {
        let records = try Self.readCorpus()
        #expect(records.errors.map(\.line) == [257, 281, 886, 887, 888, 890])
        #expect(records.errors.allSatisfy { $0.entry == nil })
        #expect(records.statistics?.corruptLineCount == 6)
        #expect(records.statistics?.recoveredEventCount == 6)

        let finalTags = Dictionary(
            try Self.finalTags().map { ($0.line, $0.tag) },
            uniquingKeysWith: { first, _ in first }
        )
        var recovered: [String: Int] = [:]
        for problem in records.errors {
            let tag = try #require(finalTags[problem.line ?? 0])
            #expect(problem.message.contains("'\(tag)'"))
            let parts = tag.split(separator: "/")
            recovered["\(parts[1])/\(parts[3])", default: 0] += 1
        }
        #expect(recovered == ["job/new": 2, "run/new": 3, "job/ret": 1])

        #expect(records.jobs(of: "20261204195056103831").first?.function == "disk.usage")
        #expect(records.jobs(of: "20261204195725986192").first?.function == "runner.jobs.list_job")
        let scheduled = try #require(records.returns(of: "20261204195728756339").first)
        #expect(scheduled.minion == "web02.example.test")
        #expect(scheduled.retcode == 2)
    }

    @Test func failingCommandReturns() throws {
        let jid = Manifest.shared.jid(ofStep: "cmd_exit_1")
        let manifestJob = try #require(Manifest.shared.job(jid))
        let records = try Self.readCorpus()
        let returns = records.returns(of: jid)

        #expect(returns.count == 5)
        #expect(Set(returns.map(\.minion)) == Set(manifestJob.returned))
        for record in returns {
            #expect(record.retcode == 1)
            #expect(record.success == false)
            #expect(record.retcode.map(Int.init) == manifestJob.returns[record.minion]?.retcode)
            #expect(record.success == manifestJob.returns[record.minion]?.success)
            #expect(record.function == "cmd.run")
            #expect(record.form == .event)
            #expect(record.value == .string("about to fail"))
        }
    }

    /// The master fires `publish` right after `new`, and the two give one record.
    ///
    /// The record has the expected minions and `_stamp` of `new` and the load of `publish`.
    @Test func newAndPublishGiveOneJob() throws {
        let jid = Manifest.shared.jid(ofStep: "cmd_exit_1")
        let jobs = try Self.readCorpus().jobs(of: jid)
        #expect(jobs.count == 1)
        let job = try #require(jobs.first)

        #expect(job.publishStamp == Timestamp(iso8601: "2026-12-04T19:50:13.664478+00:00"))
        #expect(job.startTime == Jid.startTime(of: jid))
        #expect(job.startTimeBasis == .jid)
        #expect(job.expectedMinions?.count == 5)
        #expect(job.load?["ret"] == .string(""))
        #expect(job.arguments == .array([.string("echo about to fail; exit 1")]))
        #expect(job.user == "root")
    }

    /// A `publish` that does not come right after its `new` (a log merged from two masters'
    /// files, say) gives a record of its own, which the store merges with the first.
    @Test func publishAfterOtherEventsGivesSecondJob() throws {
        let jid = "20261204195013663810"
        let text = """
            {"data": {"jid": "\(jid)", "tgt_type": "glob", "tgt": "*", "user": "root", "fun": "test.ping", \
            "arg": [], "minions": ["web01"], "missing": [], "_stamp": "2026-12-04T19:50:13.664478+00:00"}, \
            "tag": "salt/job/\(jid)/new"}
            {"data": {"id": "web01", "fun": "test.ping", "fun_args": [], "return": true, "retcode": 0, \
            "success": true, "jid": "\(jid)", "_stamp": "2026-12-04T19:50:13.900000+00:00"}, \
            "tag": "salt/job/\(jid)/ret/web01"}
            {"data": {"fun": "test.ping", "arg": [], "tgt": "*", "jid": "\(jid)", "ret": "", "tgt_type": "glob", \
            "user": "root", "_stamp": "2026-12-04T19:50:13.672736+00:00"}, "tag": "salt/job/\(jid)/publish"}

            """
        let jobs = try CollectedRecords.read(.events, text: text).jobs(of: jid)

        #expect(jobs.count == 2)
        #expect(jobs.first?.expectedMinions == ["web01"])
        #expect(jobs.first?.load == nil)
        #expect(jobs.last?.expectedMinions == nil)
        #expect(jobs.last?.load?["ret"] == .string(""))
        #expect(jobs.last?.publishStamp == Timestamp(iso8601: "2026-12-04T19:50:13.672736+00:00"))
    }

    @Test func runnerReturnMatchesJobCache() throws {
        let jid = Manifest.shared.jid(ofStep: "runner_test_arg")
        let records = try Self.readCorpus()
        let returned = try #require(records.returns(of: jid).first)
        let cached = try #require(JobFolderParser().parse(try JobFolderParserTests.realFolder(jid: jid)).returns.first)

        #expect(returned.minion == cached.minion)
        #expect(returned.value == cached.value)
        #expect(returned.value?["_stamp"] == .string("2026-12-04T19:52:26.035216+00:00"))
        #expect(returned.stamp == Timestamp(iso8601: "2026-12-04T19:52:26.065175+00:00"))
        #expect(returned.retcode == nil)
        #expect(returned.success == nil)

        let job = try #require(records.jobs(of: jid).first)
        #expect(job.kind == .runner)
        #expect(job.function == "runner.test.arg")
        #expect(job.arguments == .array([.string("a"), .string("b"), .object(["c": .string("d")])]))
    }

    @Test func runnerReturnUsesPlaceholderWithoutMasterID() throws {
        let jid = Manifest.shared.jid(ofStep: "runner_test_arg")
        let records = try CollectedRecords.read(.events, fixture: Self.eventLog)
        #expect(records.returns(of: jid).map(\.minion) == [EventInterpreter.masterPlaceholder])
        #expect(records.jobs(of: jid).first?.expectedMinions == [EventInterpreter.masterPlaceholder])
    }

    @Test func unknownRunnerSkippedWithWarning() throws {
        let records = try Self.readCorpus()
        #expect(records.returns(of: Self.missingRunnerJid).isEmpty)
        #expect(records.jobs(of: Self.missingRunnerJid).isEmpty)
        let warning = try #require(records.warnings.first { $0.message.contains(Self.missingRunnerJid) })
        #expect(warning.message.contains("'nosuch.func'"))
        let line = try #require(try Self.finalTags().first { $0.tag.contains(Self.missingRunnerJid) }?.line)
        #expect(warning.line == line)
        #expect(records.warnings.count == 1)
    }

    @Test func scheduledReturnGivesJob() throws {
        let jid = "20261204194958841792"
        let manifestJob = try #require(Manifest.shared.job(jid))
        let records = try Self.readCorpus()
        let job = try #require(records.jobs(of: jid).first)

        #expect(records.jobs(of: jid).count == 1)
        #expect(job.kind == .scheduled)
        #expect(job.function == "cmd.run")
        #expect(job.schedule == manifestJob.schedule)
        #expect(job.user == nil)
        #expect(job.expectedMinions == manifestJob.targeted)
        #expect(job.target == .string("web02.example.test"))
        let returned = try #require(records.returns(of: jid).first)
        #expect(returned.retcode == 2)
        #expect(returned.success == true)
    }

    @Test func batchStateReadOncePerJob() throws {
        let jid = Manifest.shared.jid(ofStep: "batch_ping")
        let records = try Self.readCorpus()
        let batchJobs = records.jobs(of: jid).filter { $0.batch != nil }

        #expect(batchJobs.count == 1)
        let job = try #require(batchJobs.first)
        #expect(job.expectedMinions == Manifest.shared.job(jid)?.targeted)
        #expect(job.function == "test.ping")
        #expect(job.batch?["done"]?.mapEntries?.count == 5)
        #expect(records.jobs.filter { $0.batch != nil }.count == 11)
    }

    @Test func otherTagsCountedBySkippedPattern() throws {
        let records = try Self.readCorpus()
        let statistics = try #require(records.statistics)

        #expect(statistics.lineCount == 1012)
        let eventCount = try Self.finalTags().count
        #expect(statistics.eventCount == eventCount)
        #expect(
            statistics.skippedTags == [
                "minion/refresh/<id>": 45, "salt/auth": 9, "minion_start": 9, "salt/minion/<id>/start": 9,
                "resource/refresh/<id>": 9, "_salt_error": 5, "salt/run/<jid>/args": 3, "salt/event_listen/start": 2,
            ]
        )
        #expect(statistics.readTags["salt/job/<jid>/ret/<minion>"] == 411)
        #expect(statistics.readTags["salt/batch/<jid>/progress"] == 37)
        #expect(statistics.skippedTagSummary.hasPrefix("minion/refresh/<id>: 45, "))
    }

    @Test func tagPatternsBeyondLimitCountAsOther() throws {
        // A log of custom events with a counter in the tag, so every tag is a pattern of its own.
        let limit = EventStatistics.maxTagPatterns
        var lines = (0..<(limit + 5)).map { #"{"data": {}, "tag": "custom/event\#($0)"}"# }
        lines.append(#"{"data": {}, "tag": "custom/event3"}"#)
        let records = try CollectedRecords.read(.events, text: lines.joined(separator: "\n"))
        let skipped = try #require(records.statistics?.skippedTags)

        #expect(skipped.count == limit + 1)
        #expect(skipped[EventStatistics.otherTagsPattern] == 5)
        #expect(skipped["custom/event3"] == 2)
        #expect(skipped["custom/event\(limit - 1)"] == 1)
        #expect(skipped["custom/event\(limit)"] == nil)
    }

    // MARK: - Reading layouts

    /// Delivers the log in pieces of 997 bytes, as a pipe would, so lines span reads.
    @Test func smallReadsGiveSameRecords() throws {
        let bytes = try ExportFixtures.bytes(Self.eventLog)
        var reader = EventLineReader(stream: MemoryByteStream(bytes, maxReadSize: 997), options: Self.options)
        var pieces = CollectedRecords()
        let statistics = try reader.read { pieces.collect($0) }
        let whole = try Self.readCorpus()

        #expect(statistics == whole.statistics)
        #expect(pieces.jobs.count == whole.jobs.count)
        #expect(pieces.returns.map(\.value) == whole.returns.map(\.value))
        #expect(pieces.problems == whole.problems)
    }

    /// The first 40 events of the corpus log, written as salt-api's `/events` stream sends them.
    @Test func eventStreamLayout() throws {
        let lines = String(decoding: try ExportFixtures.bytes(Self.eventLog), as: UTF8.self)
            .split(separator: "\n").prefix(40)
        var stream = "retry: 400\n\n"
        for line in lines {
            let tag = try #require(try Self.finalTags().first { line.hasSuffix("\"tag\": \"\($0.tag)\"}") }?.tag)
            stream += "tag: \(tag)\ndata: \(line)\n\n"
        }

        let fromStream = try CollectedRecords.read(.events, text: stream, options: Self.options)
        let fromLines = try CollectedRecords.read(.events, text: lines.joined(separator: "\n"), options: Self.options)
        #expect(fromStream.problems.isEmpty)
        #expect(fromStream.jobs.map(\.jid) == fromLines.jobs.map(\.jid))
        #expect(fromStream.returns.map(\.value) == fromLines.returns.map(\.value))
        #expect(fromStream.statistics?.eventCount == 40)
        #expect(!fromStream.returns.isEmpty)
    }

    /// salt-api streams may also send only the event's data on the `data:` line.
    @Test func eventStreamDataWithoutTag() throws {
        let stream = """
            tag: salt/job/20261204195013663810/ret/web01.example.test
            data: {"cmd": "_return", "id": "web01.example.test", "return": "about to fail", "retcode": 1, "success": false, "jid": "20261204195013663810", "fun": "cmd.run"}

            """
        let records = try CollectedRecords.read(.events, text: stream)
        let record = try #require(records.returns.first)
        #expect(record.minion == "web01.example.test")
        #expect(record.retcode == 1)
    }

    /// A log whose last event was cut off with nothing after it, as when the master stopped
    /// while writing: the line is reported with its column and no event is invented.
    @Test func truncatedLastLineReported() throws {
        let text = """
            {"data": {"jid": "20261204195013663810", "fun": "cmd.run", "minions": ["web01.example.test"], "_stamp": "2026-12-04T19:50:13.664478+00:00"}, "tag": "salt/job/20261204195013663810/new"}
            {"data": {"cmd": "_return", "id": "web01.example.test", "success": true, "return": {"minion": "web01.example.test", "collected_at":
            """
        let records = try CollectedRecords.read(.events, text: text)
        #expect(records.jobs.count == 1)
        #expect(records.returns.isEmpty)
        let error = try #require(records.errors.first)
        let secondLine = try #require(text.split(separator: "\n").last)
        #expect(error.line == 2)
        #expect(error.message.contains("invalid JSON at line 2, column \(secondLine.utf8.count + 1)"))
        #expect(records.statistics?.recoveredEventCount == 0)
    }

    /// A gzipped log whose member breaks off after a job's `new` event still gives that job.
    ///
    /// The interpreter keeps a `new` event until the next event, and damage ends the log.
    @Test func jobBeforeDamageIsKept() throws {
        let jid = "20261204195013663810"
        let line = """
            {"data": {"jid": "\(jid)", "fun": "test.ping", "minions": ["web01"], \
            "_stamp": "2026-12-04T19:50:13.664478+00:00"}, "tag": "salt/job/\(jid)/new"}

            """
        var reader = EventLineReader(stream: FailingStream(bytes: Array(line.utf8)), options: ExportOptions())
        var jobs: [JobRecord] = []
        #expect(throws: FailingStream.Damage.self) {
            try reader.read { record in
                if case .job(let job) = record { jobs.append(job) }
            }
        }
        #expect(jobs.map(\.jid) == [jid])
        #expect(jobs.first?.expectedMinions == ["web01"])
    }

    /// Job tags whose id is not a Salt jid, as a log edited by hand can hold: each is an error
    /// with its line, because nothing can be stored under it.
    @Test func tagWithInvalidJidIsError() throws {
        let jid = "20261204195013663810"
        let ids = [String(jid.dropLast()), "abc", "", jid + "12345"]
        let lines = ids.map { id in
            #"{"data": {"cmd": "_return", "id": "web01.example.test", "return": true, "retcode": 0, "#
                + #""jid": "\#(id)", "fun": "test.ping"}, "tag": "salt/job/\#(id)/ret/web01.example.test"}"#
        }
        let records = try CollectedRecords.read(.events, text: lines.joined(separator: "\n"))

        #expect(records.returns.isEmpty)
        #expect(records.jobs.isEmpty)
        #expect(records.errors.map(\.line) == [1, 2, 3, 4])
        #expect(records.errors.first?.message.contains("names jid '2026120419501366381'") == true)
        #expect(records.statistics?.skippedTags.values.reduce(0, +) == 4)
        #expect(records.statistics?.readTags.isEmpty == true)
    }

    /// Retcodes that are present but no integer Salt could have set, as a damaged or edited log
    /// can hold: each return is kept without a retcode and warned with its line.
    @Test func nonIntegerRetcodeWarned() throws {
        let retcodes = ["2.5", "9223372036854775808", #""1""#, "1e400"]
        let lines = retcodes.enumerated().map { index, retcode in
            let minion = "web0\(index + 1).example.test"
            return #"{"data": {"cmd": "_return", "id": "\#(minion)", "return": "", "retcode": \#(retcode), "#
                + #""success": true, "jid": "20261204195013663810", "fun": "cmd.run"}, "#
                + #""tag": "salt/job/20261204195013663810/ret/\#(minion)"}"#
        }
        let records = try CollectedRecords.read(.events, text: lines.joined(separator: "\n"))

        #expect(records.returns.count == 4)
        #expect(records.returns.allSatisfy { $0.retcode == nil })
        #expect(records.returns.allSatisfy { $0.success == true })
        #expect(records.warnings.map(\.line) == [1, 2, 3, 4])
        #expect(records.warnings.first?.message.hasPrefix("retcode 2.5 of minion 'web01.example.test'") == true)
        #expect(records.warnings[1].message.hasPrefix("retcode 9223372036854775808 ") == true)
        #expect(records.warnings[2].message.hasPrefix("retcode '1' ") == true)
    }

    /// Two real logs joined with `cat`, the second saved with a byte order mark: the mark at the
    /// start of a later line is skipped as on line 1.
    @Test func byteOrderMarkOnLaterLine() throws {
        let lines = String(decoding: try ExportFixtures.bytes(Self.eventLog), as: UTF8.self)
            .split(separator: "\n").prefix(40)
        let joined =
            lines.prefix(20).joined(separator: "\n") + "\n\u{FEFF}" + lines.dropFirst(20).joined(separator: "\n")
        let records = try CollectedRecords.read(.events, text: joined, options: Self.options)
        let plain = try CollectedRecords.read(.events, text: lines.joined(separator: "\n"), options: Self.options)

        #expect(records.problems.isEmpty)
        #expect(records.returns.map(\.minion) == plain.returns.map(\.minion))
        #expect(records.jobs.map(\.jid) == plain.jobs.map(\.jid))
    }

    /// The run of NUL bytes that a power loss leaves where the master's last writes were, with
    /// the next event written after the restart on the same line.
    @Test func eventAfterNULRunIsRead() throws {
        let jid = "20261204195013663810"
        let newLine =
            #"{"data": {"jid": "\#(jid)", "fun": "cmd.run", "minions": ["web01.example.test"]}, "#
            + #""tag": "salt/job/\#(jid)/new"}"#
        let returnLine =
            #"{"data": {"cmd": "_return", "id": "web01.example.test", "return": "up", "retcode": 0, "#
            + #""jid": "\#(jid)", "fun": "cmd.run"}, "tag": "salt/job/\#(jid)/ret/web01.example.test"}"#
        let text = newLine + "\n" + String(repeating: "\u{0}", count: 4096) + returnLine + "\n"
        let records = try CollectedRecords.read(.events, text: text)

        #expect(records.returns.map(\.minion) == ["web01.example.test"])
        #expect(records.errors.map(\.line) == [2])
        #expect(records.errors.first?.message.hasPrefix("line starts with 4096 NUL bytes") == true)
    }

    /// A NUL byte in a line that is no event is shown as `\x00`, so the message is not cut off
    /// where a terminal stops at the NUL.
    @Test func controlBytesShownInWarning() throws {
        let records = try CollectedRecords.read(.events, text: "garbage\u{0}after\n")
        #expect(
            records.warnings.first?.message
                == #"line is neither a JSON event nor an event-stream field: 'garbage\x00after'; skipped"#
        )
    }

    @Test func proseLineWarned() throws {
        let records = try CollectedRecords.read(.events, text: "not an event\n")
        #expect(records.warnings.map(\.line) == [1])
        #expect(records.jobs.isEmpty)
    }
}

/// A stream that gives its bytes, then fails as a damaged gzip member does.
private final class FailingStream: ByteStream {
    struct Damage: Error {}

    private var bytes: [UInt8]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !bytes.isEmpty else { throw Damage() }
        let count = min(buffer.count, bytes.count)
        bytes.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
        bytes.removeFirst(count)
        return count
    }
}
