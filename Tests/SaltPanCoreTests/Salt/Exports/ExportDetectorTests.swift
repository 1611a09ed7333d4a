import Foundation
import Testing

@testable import SaltPanCore

@Suite struct ExportDetectorTests {
    static func detect(_ relative: String) throws -> ExportDetection {
        ExportDetector.detect(try ExportFixtures.bytes(relative))
    }

    static func detectPrefix(_ relative: String) throws -> ExportDetection {
        ExportDetector.detect(Array(try ExportFixtures.bytes(relative).prefix(ExportDetector.prefixSize)))
    }

    static func detect(text: String) -> ExportDetection {
        ExportDetector.detect(Array(text.utf8))
    }

    // MARK: - Formats detected by content

    @Test func eventLog() throws {
        #expect(try Self.detect("salt-3008/events.jsonl") == .format(.events))
        #expect(try Self.detectPrefix("salt-3008/events.jsonl") == .format(.events))
    }

    /// A first event longer than the prefix, as a large return would be.
    @Test func eventLogFromShortPrefix() throws {
        let lines = try ExportFixtures.bytes("salt-3008/events.jsonl")
        #expect(ExportDetector.detect(Array(lines.prefix(40))) == .format(.events))
    }

    /// The log from its first corrupt line on, as a log that starts with one would be.
    @Test func eventLogStartingWithCorruptLine() throws {
        let text = String(decoding: try ExportFixtures.bytes("salt-3008/events.jsonl"), as: UTF8.self)
        let tail = text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(256).joined(separator: "\n")
        #expect(tail.hasPrefix(#"{"data": {"cmd": "_return", "id": "web02.example.test""#))
        #expect(Self.detect(text: tail) == .format(.events))
    }

    /// A return nested 100,000 levels deep in the first line, deeper than any parser accepts:
    /// detection still finds an event log, whose reader then reports that line.
    @Test func deeplyNestedFirstLine() throws {
        let deepLine = ExportFixtures.deeplyNestedReturnLine(depth: 100_000)
        let log = try ExportFixtures.bytes("salt-3008/events.jsonl")
        #expect(ExportDetector.detect(Array((deepLine + "\n").utf8) + log) == .format(.events))
    }

    @Test func eventStream() {
        let stream = "retry: 400\n\ntag: salt/auth\ndata: {\"tag\": \"salt/auth\", \"data\": {}}\n"
        #expect(Self.detect(text: stream) == .format(.events))
    }

    @Test func saltshakerExports() throws {
        #expect(try Self.detect("saltshaker/job-list.json") == .format(.saltshakerJobs))
        #expect(try Self.detectPrefix("saltshaker/job-list.json") == .format(.saltshakerJobs))
        #expect(try Self.detect("saltshaker/seed-job-list.json") == .format(.saltshakerJobs))
        #expect(try Self.detect("saltshaker/seed-job-manager.json") == .format(.saltshakerJobManager))
    }

    @Test func saltRunOutputs() throws {
        let expected: [(String, ExportFormat)] = [
            ("jobs.list_jobs.json", .saltRunListJobs),
            ("jobs.list_jobs.final.json", .saltRunListJobs),
            ("jobs.list_jobs_filter.1000.json", .saltRunListJobs),
            ("jobs.list_job.cmd_exit_1.json", .saltRunListJob),
            ("jobs.list_job.runner_orch_failing.json", .saltRunListJob),
            ("jobs.print_job.state_highstate.json", .saltRunListJob),
            ("jobs.last_run.cmd.script.json", .saltRunListJob),
            ("jobs.active.json", .saltRunActive),
        ]
        for (name, format) in expected {
            #expect(try Self.detect(ExportFixtures.capture(name)) == .format(format), "\(name)")
        }
    }

    @Test func saltCaptures() throws {
        for label in ["ping_all", "batch_ping", "down_batch_ping", "async_cmd", "target_nomatch", "down_ping_all"] {
            #expect(try Self.detect(ExportFixtures.cliOutput(ofStep: label)) == .format(.saltJSON), "\(label)")
        }
    }

    // MARK: - Shapes several formats share

    @Test func minionMapIsAmbiguous() throws {
        let lookup = try Self.detect(ExportFixtures.capture("jobs.lookup_jid.cmd_exit_1.json"))
        #expect(lookup == .ambiguous([.saltJSON, .saltRunLookupJid, .saltshakerJobDetail]))

        let booleans: [ExportFormat] = [.saltJSON, .saltRunLookupJid, .saltRunExitSuccess, .saltshakerJobDetail]
        #expect(try Self.detect(ExportFixtures.capture("jobs.exit_success.down_uptime.json")) == .ambiguous(booleans))
        #expect(try Self.detect(ExportFixtures.capture("jobs.lookup_jid.ping_all.json")) == .ambiguous(booleans))
        #expect(try Self.detect(ExportFixtures.cliOutput(ofStep: "ping_all_static")) == .ambiguous(booleans))
        #expect(
            try Self.detect("saltshaker/seed-job-detail.json")
                == .ambiguous(booleans.filter { $0 != .saltRunExitSuccess })
        )
    }

    @Test func ambiguityMessageAsksForFormatAndJid() throws {
        let detection = try Self.detect(ExportFixtures.capture("jobs.lookup_jid.cmd_exit_1.json"))
        let message = try #require(detection.message)
        #expect(message.contains("--input-format"))
        #expect(message.contains("--jid"))
        #expect(message.contains("salt-run-lookup-jid"))
        #expect(message.contains("salt-json"))
    }

    @Test func ambiguityMessageSkipsGivenJid() throws {
        let detection = try Self.detect(ExportFixtures.capture("jobs.lookup_jid.cmd_exit_1.json"))
        let message = try #require(detection.message(jidIsGiven: true))
        #expect(message.contains("--input-format"))
        #expect(!message.contains("--jid"))
        #expect(message.contains("salt-run-lookup-jid"))
    }

    /// Is what `salt '*' cmd.run 'cat app.log' --out=json` prints when the first minion's output
    /// is longer than the detection prefix: two documents, one per minion.
    ///
    /// The real captures hold no return that long, so the first value is written by hand.
    static func largeFirstReturnCapture() -> [UInt8] {
        let output = String(repeating: "2026-12-04 19:50:01 app started\\n", count: 10_000)
        let capture = """
            {
                "web01.example.test": "\(output)"
            }
            {
                "web02.example.test": "2026-12-04 19:50:02 app started"
            }

            """
        return Array(capture.utf8)
    }

    /// The prefix ends inside the first return, so it cannot tell the capture from
    /// `salt --static` or `jobs.lookup_jid`; the second document can.
    @Test func largeFirstReturnNeedsLongerPrefix() {
        let capture = Self.largeFirstReturnCapture()
        let prefix = Array(capture.prefix(ExportDetector.prefixSize))

        #expect(capture.count > ExportDetector.prefixSize)
        #expect(ExportDetector.detect(prefix) == .ambiguous([.saltJSON, .saltRunLookupJid, .saltshakerJobDetail]))
        #expect(ExportDetector.detect(capture) == .format(.saltJSON))
    }

    @Test func emptyObjectIsAmbiguous() throws {
        let detection = try Self.detect(ExportFixtures.capture("jobs.active.after-kill.json"))
        guard case .ambiguous(let candidates) = detection else {
            Issue.record("expected ambiguous, got \(detection)")
            return
        }
        #expect(candidates.contains(.saltRunActive))
        #expect(candidates.contains(.saltRunListJobs))
        #expect(candidates.contains(.saltJSON))
    }

    @Test func everyCaptureDetectsItsFormat() throws {
        let folder = Fixtures.path("salt-3008/captures")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
            $0.hasPrefix("jobs.") && $0.hasSuffix(".json")
        }
        #expect(names.count == 80)
        for name in names {
            let format: ExportFormat
            if name.hasPrefix("jobs.list_jobs") {
                format = .saltRunListJobs
            } else if name.hasPrefix("jobs.list_job.") || name.hasPrefix("jobs.print_job.")
                || name.hasPrefix("jobs.last_run.")
            {
                format = .saltRunListJob
            } else if name.hasPrefix("jobs.lookup_jid.") {
                format = .saltRunLookupJid
            } else if name.hasPrefix("jobs.exit_success.") {
                format = .saltRunExitSuccess
            } else {
                format = .saltRunActive
            }
            switch try Self.detect(ExportFixtures.capture(name)) {
            case .format(let found): #expect(found == format, "\(name)")
            case .ambiguous(let candidates): #expect(candidates.contains(format), "\(name)")
            case .unknown(_, let reason): Issue.record("\(name): \(reason)")
            }
        }
    }

    // MARK: - Unknown content

    @Test func textFileIsUnknown() throws {
        let detection = try Self.detect("salt-3008/versions-report.txt")
        guard case .unknown(let tried, _) = detection else {
            Issue.record("expected unknown, got \(detection)")
            return
        }
        #expect(tried == ExportFormat.allCases)
        #expect(detection.message?.contains("salt-run-list-jobs") == true)
    }

    /// What `salt-run nosuch.func --out=json` printed: a JSON string.
    @Test func scalarIsUnknown() throws {
        let detection = try Self.detect(ExportFixtures.cliOutput(ofStep: "runner_missing"))
        guard case .unknown(_, let reason) = detection else {
            Issue.record("expected unknown, got \(detection)")
            return
        }
        #expect(reason.contains("scalar"))
    }

    @Test func brokenJSONNamesLineAndColumn() {
        let detection = Self.detect(text: "{\n    \"20261204195001950381\": {\n        \"Function\" \"test.ping\"\n")
        guard case .unknown(_, let reason) = detection else {
            Issue.record("expected unknown, got \(detection)")
            return
        }
        #expect(reason == "invalid JSON at line 3, column 20")
    }

    @Test func listOfNumbersIsUnknown() {
        guard case .unknown = Self.detect(text: "[1, 2, 3]") else {
            Issue.record("expected unknown")
            return
        }
    }

    @Test func emptyInputIsUnknown() {
        guard case .unknown(_, let reason) = Self.detect(text: "  \n") else {
            Issue.record("expected unknown")
            return
        }
        #expect(reason == "the input is empty or only white space")
    }

    /// Numbers and literals, which the detector first reads as text lines, are named as scalars
    /// too, not as input without a JSON value.
    @Test(arguments: ["42\n", "null", " true \r\n", "-1.5e3"])
    func numberOrLiteralIsScalar(text: String) {
        guard case .unknown(_, let reason) = Self.detect(text: text) else {
            Issue.record("expected unknown")
            return
        }
        #expect(reason == "the input is a single JSON scalar, not an object or list")
    }

    @Test func textLineIsNoJSONValue() {
        guard case .unknown(_, let reason) = Self.detect(text: "hello\n42\n") else {
            Issue.record("expected unknown")
            return
        }
        #expect(reason == "the input holds no JSON value")
    }
}
