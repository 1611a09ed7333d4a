import Foundation
import Testing

@testable import SaltPanCore

/// Ingest of exported job JSON from the real corpus, merged with the real job cache.
@Suite struct ExportIngestTests {
    static func ingest(_ paths: [String], options: IngestOptions = IngestOptions()) throws -> (Store, [SourceReport]) {
        let store = try IngestTests.newStore()
        let ingester = Ingester(store: store, options: options)
        return (store, try paths.map { try ingester.ingest(path: $0) })
    }

    static func rows(_ sql: String, _ store: Store) throws -> [String] {
        let query = try store.database.prepare(sql)
        var rows: [String] = []
        while try query.step() {
            rows.append((0..<query.columnCount).map { query.string(at: $0) ?? "NULL" }.joined(separator: "|"))
        }
        return rows
    }

    /// A gzipped event log cut off by a full disk keeps every return whose line came before
    /// the cut, the last few hundred included.
    @Test func truncatedGzipLogKeepsReturnsBeforeTheCut() throws {
        let plain = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path("salt-3008/events.jsonl"))))
        let compressed = try ArchiveTesting.gzip(plain)
        let cut = Array(compressed.prefix(compressed.count * 3 / 5))

        let folder = try Fixtures.temporaryFolder()
        try Data(cut).write(to: URL(fileURLWithPath: folder + "/events-cut.jsonl.gz"))

        // The same lines as plain text: what inflating the cut copy recovers, up to its last
        // whole line.
        let inflater = try GzipByteStream(source: FileByteStream(path: folder + "/events-cut.jsonl.gz"))
        var recovered: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while let count = try? buffer.withUnsafeMutableBytes({ try inflater.read(into: $0) }), count > 0 {
            recovered += buffer[..<count]
        }
        let wholeLines = Array(recovered[...(try #require(recovered.lastIndex(of: 0x0a)))])
        try Data(wholeLines).write(to: URL(fileURLWithPath: folder + "/events-head.jsonl"))
        let (fromCut, cutReports) = try Self.ingest([folder + "/events-cut.jsonl.gz"])
        let (fromHead, _) = try Self.ingest([folder + "/events-head.jsonl"])

        let count = "SELECT count(*) FROM returns"
        #expect(try Self.rows(count, fromHead) != ["0"])
        #expect(try Self.rows(count, fromCut) == Self.rows(count, fromHead))
        #expect(cutReports.first?.problems.contains { $0.severity == .error } == true)
        let (_, headReports) = try Self.ingest([folder + "/events-head.jsonl"])
        let lineCount = try #require(headReports.first?.eventStatistics?.lineCount)
        #expect(lineCount > 0)
        #expect(cutReports.first?.eventStatistics?.lineCount == lineCount)
    }

    /// A line nested deeper than the parser's limit, first in a log read without a format
    /// option, is reported with its line number, and every other event is read.
    @Test func deeplyNestedLineIsReportedAndSkipped() throws {
        let deepLine = ExportFixtures.deeplyNestedReturnLine(depth: 100_000)
        let original = Fixtures.path("salt-3008/events.jsonl")
        let folder = try Fixtures.temporaryFolder()
        let deep = folder + "/deep-first.jsonl"
        try Data((deepLine + "\n").utf8 + Data(contentsOf: URL(fileURLWithPath: original))).write(
            to: URL(fileURLWithPath: deep)
        )

        let (store, reports) = try Self.ingest([deep])
        let (reference, _) = try Self.ingest([original])
        let errors = reports[0].problems.filter { $0.severity == .error }
        #expect(errors.count == 7)
        #expect(errors.first?.line == 1)
        #expect(errors.first?.message.contains("nest") == true)
        let returns = "SELECT jid, minion, retcode, outcome FROM returns ORDER BY jid, minion"
        #expect(try Self.rows(returns, store) == Self.rows(returns, reference))
    }

    /// The real log with one of cmd_exit_1's return lines repeated at its end with retcode 0,
    /// as a minion that sent its return again after a restart could: the first is kept, and
    /// one warning names the pair.
    @Test func repeatedReturnWithOtherFactsIsWarned() throws {
        let original = Fixtures.path("salt-3008/events.jsonl")
        let text = try String(contentsOfFile: original, encoding: .utf8)
        let jid = Manifest.shared.jid(ofStep: "cmd_exit_1")
        let line = try #require(
            text.split(separator: "\n").first { $0.hasSuffix("\"tag\": \"salt/job/\(jid)/ret/web01.example.test\"}") }
        )
        #expect(line.contains(#""retcode": 1,"#))
        let repeated = line.replacingOccurrences(of: #""retcode": 1,"#, with: #""retcode": 0,"#)
        let folder = try Fixtures.temporaryFolder()
        let path = folder + "/repeated.jsonl"
        try (text + repeated + "\n").write(toFile: path, atomically: true, encoding: .utf8)

        let (store, reports) = try Self.ingest([path])
        let warnings = reports[0].problems.filter { $0.message.contains("more than once") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.severity == .warning)
        #expect(warnings.first?.message.hasPrefix("1 return appears more than once in this input") == true)
        #expect(warnings.first?.message.contains("jid \(jid) minion 'web01.example.test'") == true)
        let stored = "SELECT retcode, outcome FROM returns WHERE jid = '\(jid)' AND minion = 'web01.example.test'"
        #expect(try Self.rows(stored, store) == ["1|failed"])
    }

    /// A gzipped log cut off within the bytes read to detect its format, as a copy taken right
    /// after the master started a new log would be: its whole lines are read.
    @Test func gzipLogCutBeforeDetectionEnds() throws {
        let plain = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path("salt-3008/events.jsonl"))))
        let compressed = try ArchiveTesting.gzip(plain)
        let folder = try Fixtures.temporaryFolder()
        let cut = folder + "/events-cut.jsonl.gz"
        try Data(compressed.prefix(20_000)).write(to: URL(fileURLWithPath: cut))

        let (store, reports) = try Self.ingest([cut])
        let report = try #require(reports.first)
        #expect(report.kind == "events+gzip")
        #expect(report.problems.filter { $0.severity == .error }.count == 1)
        let lineCount = try #require(report.eventStatistics?.lineCount)
        #expect(lineCount > 0)
        #expect(lineCount < 1012)
        #expect(try Self.rows("SELECT count(*) FROM jobs", store) != ["0"])
    }

    @Test func cacheAndEventsMergeIntoOneJob() throws {
        let (store, reports) = try Self.ingest([Fixtures.jobsArchive, Fixtures.path("salt-3008/events.jsonl")])
        let events = reports[1]
        #expect(events.kind == "events")
        #expect(events.counts.newReturns == 0)
        #expect(events.counts.disagreements == 0)

        // `salt '*' cmd.run 'echo about to fail; exit 1'` is in both inputs: one job, two sources.
        let jid = Manifest.shared.jid(ofStep: "cmd_exit_1")
        let sources = try Self.rows(
            """
            SELECT s.kind FROM sources s WHERE s.id IN (SELECT source_id FROM jobs WHERE jid = '\(jid)'
                                                      UNION SELECT source_id FROM job_sources WHERE jid = '\(jid)')
            ORDER BY s.id
            """,
            store
        )
        #expect(sources == ["job-cache-tar-gz", "events"])
        #expect(try Self.rows("SELECT count(*) FROM jobs", store) == ["\(Manifest.shared.jobs.count)"])
        #expect(try Self.rows("SELECT start_time_basis FROM jobs WHERE jid = '\(jid)'", store) == ["stamp"])
    }

    @Test func corruptLinesAreReportedAndRecovered() throws {
        let (_, reports) = try Self.ingest([Fixtures.path("salt-3008/events.jsonl")])
        let report = try #require(reports.first)
        let corrupt = report.problems.filter { $0.message.hasPrefix("the line is corrupt") }
        #expect(corrupt.compactMap(\.line) == [257, 281, 886, 887, 888, 890])
        #expect(report.eventStatistics?.corruptLineCount == 6)
        #expect(report.eventStatistics?.recoveredEventCount == 6)
        #expect(report.status == .damaged)
    }

    @Test func saltshakerProductsAndStringSuccess() throws {
        // The export mixes two products and writes `success` sometimes as a string.
        let path = Fixtures.path("saltshaker/job-list.json")
        let (store, reports) = try Self.ingest([path])
        #expect(reports.first?.problems.isEmpty == true)

        let export = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        )
        let events = try #require(export["data"] as? [[String: Any]])
        var expected: [String: Int] = [:]
        var stringSuccess: [(String, String, Bool)] = []
        for event in events where event["cmd"] as? String == "_return" {
            expected[event["product_id"] as? String ?? "-", default: 0] += 1
            if let text = event["success"] as? String, text == "true" || text == "false" {
                stringSuccess.append((event["jid"] as? String ?? "", event["id"] as? String ?? "", text == "true"))
            }
        }
        #expect(expected.count == 2)
        let stored = try Self.rows("SELECT product, count(*) FROM returns GROUP BY product ORDER BY product", store)
        #expect(stored == expected.sorted { $0.key < $1.key }.map { "\($0.key)|\($0.value)" })

        #expect(!stringSuccess.isEmpty)
        for (jid, minion, success) in stringSuccess {
            let row = try Self.rows("SELECT success FROM returns WHERE jid = '\(jid)' AND minion = '\(minion)'", store)
            #expect(row == [success ? "1" : "0"])
        }
    }

    @Test func localJidLandsOnTheRightUTCDay() throws {
        // A master on +08:00 local time (Salt 2016.11 and older made jids in local time): the jid
        // says 5 December 00:30, the publish event's `_stamp` says 4 December 16:30 UTC. A second
        // job of the same export has only a return, so its start time comes from its jid, read in
        // the offset the first job revealed.
        let export = """
            {"data": [
              {"jid": "20261205003000123456", "fun": "test.ping", "arg": [], "tgt": "*", "tgt_type": "glob",
               "user": "root", "minions": ["web01"], "_stamp": "2026-12-04T16:30:00.100000+00:00",
               "product_id": "p-4bc4a5b83bd011e8aa0e000c298454d8"},
              {"id": "web01", "cmd": "_return", "fun": "test.ping", "fun_args": [], "jid": "20261205003000123456",
               "return": true, "retcode": 0, "success": "true", "_stamp": "2026-12-04T16:30:00.300000+00:00",
               "product_id": "p-4bc4a5b83bd011e8aa0e000c298454d8"},
              {"id": "web01", "cmd": "_return", "fun": "test.ping", "fun_args": [], "jid": "20261205074500000000",
               "return": true, "retcode": 0, "success": "true", "_stamp": "2026-12-04T23:45:00.200000+00:00",
               "product_id": "p-4bc4a5b83bd011e8aa0e000c298454d8"}
            ], "status": true, "message": ""}
            """
        let path = try Fixtures.temporaryFolder() + "/export.json"
        try Data(export.utf8).write(to: URL(fileURLWithPath: path))

        let (store, reports) = try Self.ingest([path])
        #expect(reports.first?.learnedMasterUTCOffset == 8 * 3600)
        #expect(
            try Self.rows("SELECT jid, start_time, start_time_basis FROM jobs ORDER BY jid", store) == [
                "20261205003000123456|2026-12-04T16:30:00.100000Z|stamp",
                "20261205074500000000|2026-12-04T23:45:00.000000Z|jid",
            ]
        )
        #expect(
            try Self.rows("SELECT master_utc_offset, master_utc_offset_basis FROM sources", store) == ["28800|stamp"]
        )
    }

    @Test func ambiguousShapeStopsWithCandidates() throws {
        let path = Fixtures.path("salt-3008/captures/jobs.lookup_jid.cmd_false.json")
        let (store, reports) = try Self.ingest([path])
        let message = try #require(reports.first?.problems.first?.message)
        #expect(message.contains("salt-run-lookup-jid"))
        #expect(message.contains("--input-format"))
        #expect(try Self.rows("SELECT count(*) FROM jobs", store) == ["0"])

        var options = IngestOptions()
        options.inputFormat = .saltRunLookupJid
        options.jid = Manifest.shared.jid(ofStep: "cmd_false")
        let (named, namedReports) = try Self.ingest([path], options: options)
        #expect(namedReports.first?.problems.isEmpty == true)
        #expect(try Self.rows("SELECT count(*) FROM returns", named) == ["5"])
    }

    @Test func ambiguousMessageSkipsGivenJid() throws {
        let path = Fixtures.path("salt-3008/captures/jobs.lookup_jid.cmd_false.json")
        var options = IngestOptions()
        options.jid = Manifest.shared.jid(ofStep: "cmd_false")
        let (_, reports) = try Self.ingest([path], options: options)
        let message = try #require(reports.first?.problems.first?.message)

        #expect(message.contains("--input-format"))
        #expect(!message.contains("--jid"))
    }

    /// A `salt --out=json` capture whose first return is longer than the detection prefix is
    /// detected from a longer prefix, plain and gzip-compressed.
    @Test(arguments: [false, true])
    func largeFirstReturnIsDetected(isCompressed: Bool) throws {
        let capture = ExportDetectorTests.largeFirstReturnCapture()
        let bytes = isCompressed ? try ArchiveTesting.gzip(capture) : capture
        let path = try Fixtures.temporaryFolder() + (isCompressed ? "/large.json.gz" : "/large.json")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var options = IngestOptions()
        options.jid = "20261204195001950381"

        let (store, reports) = try Self.ingest([path], options: options)
        let report = try #require(reports.first)

        #expect(report.problems.map(\.message) == [])
        #expect(report.kind == (isCompressed ? "salt-json+gzip" : "salt-json"))
        // The stored return is JSON text: the output in quotes, 10,000 lines of 33 characters.
        #expect(
            try Self.rows("SELECT minion, length(return) FROM returns ORDER BY minion", store) == [
                "web01.example.test|330002",
                "web02.example.test|33",
            ]
        )
    }

    /// Keeps what each of three real `ping_all` exports reported.
    ///
    /// The order is the `salt` capture without retcodes, `jobs.list_job`, whose retcode 0 then
    /// decides, and `jobs.lookup_jid` without retcodes. The third once overwrote the capture's
    /// facts with the list's retcode 0.
    @Test func thirdSourceKeepsFirstSourceFacts() throws {
        let jid = Manifest.shared.jid(ofStep: "ping_all")
        let capture = Fixtures.path(try ExportFixtures.cliOutput(ofStep: "ping_all"))
        let listing = Fixtures.path(ExportFixtures.capture("jobs.list_job.ping_all.json"))
        let lookup = Fixtures.path(ExportFixtures.capture("jobs.lookup_jid.ping_all.json"))
        var options = IngestOptions()
        options.jid = jid
        let store = try IngestTests.newStore()
        _ = try Ingester(store: store, options: options).ingest(path: capture)
        _ = try Ingester(store: store, options: options).ingest(path: listing)
        options.inputFormat = .saltRunLookupJid
        _ = try Ingester(store: store, options: options).ingest(path: lookup)

        let facts = """
            SELECT sources.kind, coalesce(retcode, '-'), coalesce(success, '-'), return FROM return_facts
            JOIN sources ON sources.id = source_id WHERE minion = 'db01.example.test' ORDER BY source_id
            """
        #expect(
            try Self.rows(facts, store) == [
                "salt-json|-|-|true", "salt-run-list-job|0|1|true", "salt-run-lookup-jid|-|-|true",
            ]
        )
        let stored = "SELECT retcode, success FROM returns WHERE minion = 'db01.example.test'"
        #expect(try Self.rows(stored, store) == ["0|1"])
    }

    /// Rejects the real `ping_all` capture in UTF-16LE, with the conversion to run.
    ///
    /// Windows PowerShell 5.1 saves redirected output so, with a byte order mark. The capture is
    /// rejected plain and gzip-compressed, also when a format is forced, and nothing is stored.
    @Test(arguments: [nil, ExportFormat.saltJSON])
    func utf16CaptureIsRejected(format: ExportFormat?) throws {
        let capture = try ExportFixtures.bytes(try ExportFixtures.cliOutput(ofStep: "ping_all"))
        let text = String(decoding: capture, as: UTF8.self)
        let utf16 = [UInt8]([0xff, 0xfe]) + text.utf16.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }
        let folder = try Fixtures.temporaryFolder()
        try Data(utf16).write(to: URL(fileURLWithPath: folder + "/ping.json"))
        try Data(try ArchiveTesting.gzip(utf16)).write(to: URL(fileURLWithPath: folder + "/ping.json.gz"))

        var options = IngestOptions()
        options.inputFormat = format
        options.jid = Manifest.shared.jid(ofStep: "ping_all")
        let (store, reports) = try Self.ingest([folder + "/ping.json", folder + "/ping.json.gz"], options: options)

        for report in reports {
            #expect(report.problems.count == 1)
            let message = try #require(report.problems.first?.message)
            #expect(message.hasPrefix("the input is UTF-16LE text"))
            #expect(message.contains("iconv -f UTF-16LE -t UTF-8"))
        }
        #expect(try Self.rows("SELECT count(*) FROM jobs", store) == ["0"])
    }

    /// Rejects a zip archive of the real `ping_all` capture.
    ///
    /// Stored without compression, the capture's text follows the zip header. It was read as a
    /// capture with a broken first line, and four of its five returns were stored.
    @Test func zipOfCaptureIsRejected() throws {
        let capture = try ExportFixtures.bytes(try ExportFixtures.cliOutput(ofStep: "ping_all"))
        let header: [UInt8] = [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00]
        let folder = try Fixtures.temporaryFolder()
        let zip = header + Array(repeating: 0, count: 20) + capture
        try Data(zip).write(to: URL(fileURLWithPath: folder + "/ping.zip"))

        let (store, reports) = try Self.ingest([folder + "/ping.zip"])

        #expect(reports.first?.problems.count == 1)
        #expect(reports.first?.problems.first?.message.hasPrefix("a zip archive, which is not supported") == true)
        #expect(try Self.rows("SELECT count(*) FROM returns", store) == ["0"])
    }

    @Test func captureAndCacheDisagreeOnRetcode() throws {
        // `salt '*' cmd.run 'echo about to fail; exit 1' --out=json` printed only the text; the
        // cache has retcode 1. Both facts are kept, and the cache's retcode decides.
        let capture = Fixtures.path("salt-3008/cli/009-cmd_exit_1.json")
        var options = IngestOptions()
        options.jid = Manifest.shared.jid(ofStep: "cmd_exit_1")
        let (store, reports) = try Self.ingest([capture, Fixtures.jobsArchive], options: options)
        #expect(reports[1].counts.disagreements == 5)
        let detail = try #require(try JobDetailQuery.load(jid: options.jid ?? "", from: store))
        let web01 = try #require(detail.minions.first { $0.minion == "web01.example.test" })
        #expect(web01.outcome == .failed)
        #expect(web01.sourceFacts.map(\.retcode) == [nil, 1])
    }
}

extension ExportIngestTests {
    @Test func laterExportAddsProductsAndReturnTimes() throws {
        // The job cache holds neither products nor return times; the saltshaker export of the
        // same jobs names both, and is ingested after the cache.
        let (store, _) = try Self.ingest([Fixtures.jobsArchive, Fixtures.path("saltshaker/job-list.json")])
        let (exportOnly, _) = try Self.ingest([Fixtures.path("saltshaker/job-list.json")])
        let perProduct =
            "SELECT product, count(*) FROM returns WHERE product IS NOT NULL GROUP BY product ORDER BY product"
        #expect(try Self.rows(perProduct, store) == Self.rows(perProduct, exportOnly))
        #expect(try Self.rows(perProduct, store).count == 2)

        let (withEvents, _) = try Self.ingest([Fixtures.jobsArchive, Fixtures.path("salt-3008/events.jsonl")])
        let timed = try Self.rows("SELECT count(*) FROM returns WHERE return_time IS NOT NULL", withEvents)
        let (eventsOnly, _) = try Self.ingest([Fixtures.path("salt-3008/events.jsonl")])
        #expect(timed == (try Self.rows("SELECT count(*) FROM returns WHERE return_time IS NOT NULL", eventsOnly)))
        #expect(timed != ["0"])
    }
}

extension ExportIngestTests {
    @Test func ingestOrderDoesNotChangeRunnerReturns() throws {
        // Event logs do not name the master, so runner returns read before the job cache are
        // stored under a placeholder until the cache names the master.
        let events = Fixtures.path("salt-3008/events.jsonl")
        let (cacheFirst, _) = try Self.ingest([Fixtures.jobsArchive, events])
        let (eventsFirst, _) = try Self.ingest([events, Fixtures.jobsArchive])
        let perMinion = "SELECT minion, count(*) FROM returns GROUP BY minion ORDER BY minion"
        #expect(try Self.rows(perMinion, eventsFirst) == Self.rows(perMinion, cacheFirst))
        let total = Manifest.shared.jobs.reduce(0) { $0 + $1.returned.count }
        #expect(try Self.rows("SELECT count(*) FROM returns", eventsFirst) == ["\(total)"])
        #expect(
            try Self.rows("SELECT count(*) FROM return_sources", eventsFirst)
                == Self.rows("SELECT count(*) FROM return_sources", cacheFirst)
        )
    }
}

extension ExportIngestTests {
    /// An event log ingested beside a job cache stores no runner return under the placeholder.
    ///
    /// In a second process it reads no master id at its start, so it writes runner returns
    /// under the placeholder after the cache has adopted its own. Giving the placeholder as
    /// `masterID` writes the same rows in one process.
    @Test func eventLogAdoptsPlaceholderAfterCache() throws {
        let events = Fixtures.path("salt-3008/events.jsonl")
        let (sequential, _) = try Self.ingest([Fixtures.jobsArchive, events])
        let store = try IngestTests.newStore()
        _ = try Ingester(store: store, options: IngestOptions()).ingest(path: Fixtures.jobsArchive)
        var racing = IngestOptions()
        racing.masterID = EventInterpreter.masterPlaceholder
        _ = try Ingester(store: store, options: racing).ingest(path: events)

        let perMinion = "SELECT minion, count(*) FROM returns GROUP BY minion ORDER BY minion"
        #expect(try Self.rows(perMinion, store) == Self.rows(perMinion, sequential))
        #expect(try Self.rows("SELECT count(*) FROM returns WHERE minion = 'master'", store) == ["0"])
        let total = Manifest.shared.jobs.reduce(0) { $0 + $1.returned.count }
        #expect(try Self.rows("SELECT count(*) FROM returns", store) == ["\(total)"])
        let sources = "SELECT count(*) FROM return_sources"
        #expect(try Self.rows(sources, store) == Self.rows(sources, sequential))
    }
}

extension ExportIngestTests {
    /// The cache and the event log in either order give the same expected and missing minions.
    ///
    /// A cache stores no expected-minion rows for most of its jobs, and the publish events of the
    /// same jobs bring their minion lists again. Both orders must match the manifest.
    @Test func ingestOrderDoesNotChangeExpectedMinions() throws {
        let events = Fixtures.path("salt-3008/events.jsonl")
        let (cacheFirst, _) = try Self.ingest([Fixtures.jobsArchive, events])
        let (eventsFirst, _) = try Self.ingest([events, Fixtures.jobsArchive])

        let expected = "SELECT jid || ' ' || minion FROM expected_minions ORDER BY 1"
        #expect(try Self.rows(expected, cacheFirst) == Self.rows(expected, eventsFirst))
        let counts = "SELECT jid, expected_count, returned_count, missing_count FROM job_overview ORDER BY jid"
        #expect(try Self.rows(counts, cacheFirst) == Self.rows(counts, eventsFirst))
        let missing = "SELECT jid || ' ' || minion FROM minion_results WHERE outcome = 'missing' ORDER BY 1"
        #expect(try Self.rows(missing, cacheFirst) == Self.rows(missing, eventsFirst))

        let manifestMissing = Manifest.shared.jobs.flatMap { job in job.notReturned.map { job.jid + " " + $0 } }
        #expect(try Self.rows(missing, cacheFirst) == manifestMissing.sorted())
    }

    /// A scheduled return in the event log gives its job before the return, so the job is
    /// stored with its load at once: no job without a load, no expected-minion rows.
    @Test func scheduledReturnStoredUnderItsJob() throws {
        let jid = "20261204194958841792"
        let (store, _) = try Self.ingest([Fixtures.path("salt-3008/events.jsonl")])

        let job = "SELECT kind, function, load IS NOT NULL, expected_are_returned FROM jobs WHERE jid = '\(jid)'"
        #expect(try Self.rows(job, store) == ["scheduled|cmd.run|1|1"])
        let rows = "SELECT count(*) FROM expected_minion_rows WHERE jid = '\(jid)'"
        #expect(try Self.rows(rows, store) == ["0"])
        let outcome = "SELECT minion, retcode, outcome FROM returns WHERE jid = '\(jid)'"
        let manifestJob = try #require(Manifest.shared.job(jid))
        #expect(try Self.rows(outcome, store) == manifestJob.targeted.map { "\($0)|2|failed" })
    }

    @Test func lightLoadLeavesOutValuesFactsAndVerdicts() throws {
        // The `salt` capture of cmd_exit_1 disagrees with the cache on every retcode, so those
        // returns have source facts; the jobs.exit_success capture gives down_uptime's verdicts.
        let exitOne = Manifest.shared.jid(ofStep: "cmd_exit_1")
        let downUptime = try ExportFixtures.captureJid("down_uptime")
        var captureOptions = IngestOptions()
        captureOptions.jid = exitOne
        let capture = Fixtures.path("salt-3008/cli/009-cmd_exit_1.json")
        let (store, _) = try Self.ingest([capture, Fixtures.jobsArchive], options: captureOptions)
        var verdictOptions = IngestOptions()
        verdictOptions.inputFormat = .saltRunExitSuccess
        verdictOptions.jid = downUptime
        let verdicts = Fixtures.path("salt-3008/captures/jobs.exit_success.down_uptime.json")
        _ = try Ingester(store: store, options: verdictOptions).ingest(path: verdicts)

        let fullExitOne = try #require(try JobDetailQuery.load(jid: exitOne, from: store))
        let fullDownUptime = try #require(try JobDetailQuery.load(jid: downUptime, from: store))
        #expect(fullExitOne.minions.allSatisfy { $0.value != nil })
        #expect(fullExitOne.minions.allSatisfy { $0.sourceFacts.count == 2 })
        #expect(fullDownUptime.minions.allSatisfy { $0.recordedExitSuccess != nil })

        for full in [fullExitOne, fullDownUptime] {
            let light = try #require(try JobDetailQuery.load(jid: full.jid, from: store, mode: .light))
            let manifest = try #require(Manifest.shared.job(full.jid))
            #expect(light.returnedMinions.sorted() == manifest.returned.sorted())
            #expect(light.missingMinions?.sorted() == manifest.notReturned.sorted())
            #expect(light.minions.map(\.minion) == full.minions.map(\.minion))
            #expect(light.minions.map(\.outcome) == full.minions.map(\.outcome))
            #expect(light.minions.map(\.retcode) == full.minions.map(\.retcode))
            #expect(light.sources == full.sources)

            #expect(light.minions.allSatisfy { $0.value == nil })
            #expect(light.minions.allSatisfy { $0.sourceFacts.isEmpty })
            #expect(light.minions.allSatisfy { $0.recordedExitSuccess == nil })
        }
    }
}
