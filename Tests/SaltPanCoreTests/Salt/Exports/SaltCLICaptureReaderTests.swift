import Foundation
import Testing

@testable import SaltPanCore

@Suite struct SaltCLICaptureReaderTests {
    static func step(_ label: String, options: ExportOptions = ExportOptions()) throws -> CollectedRecords {
        try CollectedRecords.read(.saltJSON, fixture: try ExportFixtures.cliOutput(ofStep: label), options: options)
    }

    /// Lists the steps that ran `salt` itself (not `salt-run`), from `steps.tsv`.
    static func saltSteps() throws -> [String] {
        let text = String(decoding: try ExportFixtures.bytes("salt-3008/steps.tsv"), as: UTF8.self)
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 7, fields[6].hasPrefix("salt ") else { return nil }
            return String(fields[1])
        }
    }

    // MARK: - Real captures

    @Test func staticCaptureGetsSyntheticJid() throws {
        let name = try ExportFixtures.cliOutput(ofStep: "ping_all_static")
        var digest = SHA256()
        digest.update(try ExportFixtures.bytes(name))
        let expectedJid = "capture-" + hexString(digest.finalize()).prefix(16)

        let records = try Self.step("ping_all_static")
        let job = try #require(records.jobs.first)

        #expect(records.jobs.count == 1)
        #expect(job.jid == expectedJid)
        #expect(job.isSyntheticJid)
        #expect(!Jid.isValid(job.jid))
        #expect(job.startTime == nil)
        #expect(job.expectedMinions?.count == 5)
        #expect(records.returns.count == 5)
        for record in records.returns {
            #expect(record.jid == expectedJid)
            #expect(record.value == .bool(true))
            #expect(record.retcode == nil)
            #expect(record.success == nil)
            #expect(record.form == .bare)
        }
        #expect(records.problems.isEmpty)
    }

    @Test func staticCaptureUsesGivenDigestOrJid() throws {
        let digest = "0123456789abcdef" + String(repeating: "0", count: 48)
        let hashed = try Self.step("ping_all_static", options: ExportOptions(inputSHA256: digest))
        #expect(hashed.jobs.first?.jid == "capture-0123456789abcdef")

        let jid = Manifest.shared.jid(ofStep: "ping_all_static")
        let given = try Self.step("ping_all_static", options: ExportOptions(jid: jid))
        #expect(given.jobs.first?.jid == jid)
        #expect(given.jobs.first?.isSyntheticJid == false)
        #expect(given.returns.allSatisfy { $0.jid == jid })
    }

    /// old-box was down: the stream names it with "Minion did not return", whose text ends with
    /// the jid.
    @Test func streamWithDownMinion() throws {
        let jid = Manifest.shared.jid(ofStep: "down_ping_all")
        let manifestJob = try #require(Manifest.shared.job(jid))
        let records = try Self.step("down_ping_all")
        let job = try #require(records.jobs.first)

        #expect(job.jid == jid)
        #expect(!job.isSyntheticJid)
        #expect(job.expectedMinions == manifestJob.targeted)
        #expect(Set(records.returns.map(\.minion)) == Set(manifestJob.returned))
        #expect(!records.returns.contains { $0.minion == "old-box.example.test" })
        #expect(records.returns.allSatisfy { $0.jid == jid })
        #expect(records.returns.allSatisfy { $0.value == .bool(true) })
        #expect(records.problems.isEmpty)
    }

    @Test func batchCaptureCarriesJidAndRetcode() throws {
        let jid = Manifest.shared.jid(ofStep: "batch_ping")
        let manifestJob = try #require(Manifest.shared.job(jid))
        let records = try Self.step("batch_ping")
        let job = try #require(records.jobs.first)

        #expect(records.jobs.count == 1)
        #expect(job.jid == jid)
        #expect(job.expectedMinions == manifestJob.targeted)
        #expect(records.returns.count == 5)
        for record in records.returns {
            #expect(record.jid == jid)
            #expect(record.retcode == 0)
            #expect(record.form == .event)
            #expect(record.retcode.map(Int.init) == manifestJob.returns[record.minion]?.retcode)
        }
        #expect(records.problems.isEmpty)
    }

    /// The real `batch_ping` stream with the first document's retcode written as text, as a
    /// wrapper script that re-serializes the output might write it.
    @Test func batchRetcodeNotIntegerIsWarned() throws {
        let name = try ExportFixtures.cliOutput(ofStep: "batch_ping")
        let text = String(decoding: try ExportFixtures.bytes(name), as: UTF8.self)
        let changed = text.replacing(#""retcode": 0,"#, with: #""retcode": "0","#, maxReplacements: 1)
        #expect(changed != text)

        let records = try CollectedRecords.read(.saltJSON, text: changed)
        let warnings = records.problems.filter { $0.message.contains(#"retcode '0' of batch jid"#) }

        #expect(records.returns.count == 5)
        #expect(records.returns.filter { $0.retcode == nil }.count == 1)
        #expect(warnings.count == 1)
        #expect(warnings.first?.severity == .warning)
    }

    /// old-box was down, so the batch left it out after its ping went unanswered.
    @Test func batchCaptureWithSkippedMinion() throws {
        let records = try Self.step("down_batch_ping")
        let warning = try #require(records.warnings.first)

        #expect(records.warnings.count == 1)
        #expect(warning.line == 1)
        #expect(warning.message.contains("'old-box.example.test'"))
        #expect(records.returns.count == 4)
        #expect(records.jobs.first?.expectedMinions?.contains("old-box.example.test") == false)
        #expect(records.jobs.first?.expectedMinions?.count == 4)
    }

    @Test func asyncCaptureGivesJobOnly() throws {
        let records = try Self.step("async_cmd")
        let job = try #require(records.jobs.first)

        #expect(job.jid == Manifest.shared.jid(ofStep: "async_cmd"))
        #expect(job.expectedMinions == nil)
        #expect(records.returns.isEmpty)
        #expect(records.problems.isEmpty)
    }

    @Test func noMatchWarnsWithLine() throws {
        let records = try Self.step("target_nomatch")
        #expect(records.jobs.isEmpty)
        #expect(records.returns.isEmpty)
        #expect(records.warnings.first?.line == 1)
        #expect(records.warnings.first?.message.contains("matched no minions") == true)
        #expect(records.warnings.count == 2)
    }

    /// Every `salt` command of the workload reads without errors, and a jid the capture names is
    /// one of the jids that step made.
    @Test func everySaltCaptureReads() throws {
        let steps = try Self.saltSteps()
        #expect(steps.count > 80)
        for label in steps {
            let records = try Self.step(label)
            #expect(records.errors.isEmpty, "step \(label)")
            let stepJids = Manifest.shared.steps.first { $0.label == label }?.jids ?? []
            for job in records.jobs where !job.isSyntheticJid {
                #expect(stepJids.contains(job.jid), "step \(label) jid \(job.jid)")
            }
        }
    }

    // MARK: - Hand-made captures

    /// Stands for `salt -v '*' test.ping --out=json`, whose verbose header names the jid.
    @Test func verboseHeaderGivesJid() throws {
        let capture = """
            Executing job with jid 20261204195001950381
            -------------------------------------------

            {
                "web01.example.test": true
            }
            """
        let records = try CollectedRecords.read(.saltJSON, text: capture)
        #expect(records.jobs.map(\.jid) == ["20261204195001950381"])
        #expect(records.returns.map(\.jid) == ["20261204195001950381"])
        #expect(records.problems.isEmpty)
    }

    /// Stands for a capture with a log line on stdout between two documents.
    @Test func unexpectedTextWarnedWithLine() throws {
        let capture = """
            {"web01.example.test": true}
            [WARNING ] Unable to connect to the event bus
            {"db01.example.test": true}
            """
        let records = try CollectedRecords.read(
            .saltJSON,
            text: capture,
            options: ExportOptions(jid: "20261204195001950381")
        )
        #expect(records.returns.count == 2)
        #expect(records.warnings.map(\.line) == [2])
        #expect(records.warnings.first?.message.contains("[WARNING ]") == true)
    }

    /// Stands for a capture cut off in the middle of a document.
    @Test func brokenDocumentStopsWithLine() throws {
        let capture = """
            {"web01.example.test": true}
            {
                "db01.example.test": {"pid": 42,
            """
        let records = try CollectedRecords.read(
            .saltJSON,
            text: capture,
            options: ExportOptions(jid: "20261204195001950381")
        )
        #expect(records.returns.map(\.minion) == ["web01.example.test"])
        #expect(records.errors.count == 1)
        #expect(records.errors.first?.line == 3)
        #expect(records.errors.first?.message.contains("line 3") == true)
    }

    /// Stands for a `--static` capture whose one document contains a return nested deeper than
    /// the parser reads, all on line 1 as `--out=json --out-indent=-1` prints it.
    @Test func tooDeepOneLineDocumentIsAnError() throws {
        let depth = 600
        let capture =
            #"{"web01.example.test": "# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            + "}\n"
        let records = try CollectedRecords.read(
            .saltJSON,
            text: capture,
            options: ExportOptions(jid: "20261204195001950381")
        )
        #expect(records.returns.isEmpty)
        #expect(records.errors.count == 1)
        #expect(records.errors.first?.line == 1)
        #expect(records.errors.first?.message.contains("nested deeper than 512 levels") == true)
        #expect(records.warnings.map(\.message) == ["the capture holds no returns; nothing was read"])
    }

    /// Reads the real `ping_all` and `batch_ping` streams with two minions renamed.
    ///
    /// The new ids differ only in Unicode normalization: "café" with a composed "é", and with an
    /// "e" and a combining accent. Salt and SQLite keep them apart, so the job expects both.
    @Test(arguments: ["ping_all", "batch_ping"])
    func normalizationVariantsStayApart(step: String) throws {
        let composed = "caf\u{e9}.example.test"
        let decomposed = "cafe\u{301}.example.test"
        let fixture = try ExportFixtures.cliOutput(ofStep: step)
        let original = String(decoding: try ExportFixtures.bytes(fixture), as: UTF8.self)
        let capture = original.replacing("web01.example.test", with: composed)
            .replacing("web02.example.test", with: decomposed)

        let records = try CollectedRecords.read(
            .saltJSON,
            text: capture,
            options: ExportOptions(jid: "20261204195001950381")
        )
        let job = try #require(records.jobs.first)
        let expected = try #require(job.expectedMinions)

        #expect(records.returns.count == 5)
        #expect(expected.count == 5)
        #expect(expected.contains { BytewiseString.haveSameBytes($0, composed) })
        #expect(expected.contains { BytewiseString.haveSameBytes($0, decomposed) })
    }

    @Test func givenJidOverridesNamedJid() throws {
        let records = try Self.step("down_ping_all", options: ExportOptions(jid: "20261204195325170000"))
        #expect(records.jobs.first?.jid == "20261204195325170000")
        #expect(records.warnings.count == 1)
        #expect(records.warnings.first?.message.contains("20261204195325170488") == true)
    }
}
