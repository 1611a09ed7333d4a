import Foundation
import Testing

@testable import SaltPanCore

@Suite struct SaltRunReaderTests {
    static func capture(_ format: ExportFormat, _ name: String, jid: String? = nil) throws -> CollectedRecords {
        let options = ExportOptions(jid: jid)
        return try CollectedRecords.read(format, fixture: ExportFixtures.capture(name), options: options)
    }

    // MARK: - jobs.list_jobs and jobs.list_jobs_filter

    @Test func listJobsGivesEveryEntry() throws {
        let expected = try #require(
            try ExportFixtures.foundationJSON(ExportFixtures.capture("jobs.list_jobs.json")) as? [String: Any]
        )
        let records = try Self.capture(.saltRunListJobs, "jobs.list_jobs.json")

        #expect(records.jobs.count == expected.count)
        #expect(Set(records.jobs.map(\.jid)) == Set(expected.keys))
        #expect(records.returns.isEmpty)
        #expect(records.problems.isEmpty)

        let metadataJid = Manifest.shared.jid(ofStep: "with_metadata")
        let tagged = try #require(records.jobs(of: metadataJid).first)
        #expect(tagged.metadata == .object(["ticket": .string("OPS-1234"), "requested_by": .string("alice")]))
        #expect(tagged.expectedMinions == nil)
        #expect(tagged.targetType == "glob")
    }

    @Test func listJobsRunnerEntriesExpectMaster() throws {
        let records = try Self.capture(.saltRunListJobs, "jobs.list_jobs.json")
        let runners = records.jobs.filter { $0.kind == .runner }

        #expect(runners.count == 9)
        for job in runners {
            #expect(job.targetType == nil)
            #expect(job.arguments == nil)
            #expect(job.expectedMinions == [ExportFixtures.masterID])
            #expect(job.function?.hasPrefix("runner.") == true)
        }
    }

    /// The final listing was taken after the master stored end times.
    @Test func listJobsFinalReadsEndTimes() throws {
        let records = try Self.capture(.saltRunListJobs, "jobs.list_jobs.final.json")
        let ended = records.jobs.filter { $0.endTime != nil }

        #expect(records.jobs.count == 235)
        #expect(ended.count == 94)
        let job = try #require(records.jobs(of: Manifest.shared.jid(ofStep: "endtime_ping_all")).first)
        #expect(job.endTime?.iso8601().hasPrefix("2026-12-04T19:5") == true)
        #expect(job.startTime == Jid.startTime(of: job.jid))
        #expect(try #require(job.endTime) > (try #require(job.startTime)))
    }

    @Test func listJobsFilterReadsList() throws {
        let expected = try #require(
            try ExportFixtures.foundationJSON(ExportFixtures.capture("jobs.list_jobs_filter.1000.json"))
                as? [[String: Any]]
        )
        let records = try Self.capture(.saltRunListJobs, "jobs.list_jobs_filter.1000.json")

        #expect(records.jobs.map(\.jid) == expected.compactMap { $0["JID"] as? String })
        #expect(records.jobs.count == 134)
        #expect(!records.jobs.contains { $0.function == "saltutil.find_job" })
    }

    // MARK: - jobs.list_job, print_job, last_run

    @Test func listJobFailingCommand() throws {
        let jid = Manifest.shared.jid(ofStep: "cmd_exit_1")
        let manifestJob = try #require(Manifest.shared.job(jid))
        let records = try Self.capture(.saltRunListJob, "jobs.list_job.cmd_exit_1.json")
        let job = try #require(records.jobs.first)

        #expect(records.jobs.count == 1)
        #expect(job.jid == jid)
        #expect(job.function == "cmd.run")
        #expect(job.expectedMinions == manifestJob.targeted)
        #expect(records.returns.count == manifestJob.returned.count)
        for record in records.returns {
            #expect(record.form == .map)
            #expect(record.retcode.map(Int.init) == manifestJob.returns[record.minion]?.retcode)
            #expect(record.success == manifestJob.returns[record.minion]?.success)
            #expect(record.retcode == 1)
        }
    }

    @Test func listJobDownMinionExpectedWithoutReturn() throws {
        let jid = Manifest.shared.jid(ofStep: "down_ping_all")
        let records = try Self.capture(.saltRunListJob, "jobs.list_job.down_ping_all.json")

        #expect(records.jobs.first?.expectedMinions?.contains("old-box.example.test") == true)
        #expect(records.jobs.first?.expectedMinions?.count == 5)
        #expect(Set(records.returns.map(\.minion)) == Set(Manifest.shared.job(jid)?.returned ?? []))
        #expect(!records.returns.contains { $0.minion == "old-box.example.test" })
    }

    @Test func listJobRunnerMatchesJobCache() throws {
        let jid = Manifest.shared.jid(ofStep: "runner_test_arg")
        let records = try Self.capture(.saltRunListJob, "jobs.list_job.runner_test_arg.json")
        let parsed = JobFolderParser().parse(try JobFolderParserTests.realFolder(jid: jid))
        let cachedJob = try #require(parsed.job)
        let job = try #require(records.jobs.first)

        #expect(job.kind == .runner)
        #expect(job.arguments == cachedJob.arguments)
        #expect(job.expectedMinions == cachedJob.expectedMinions)
        #expect(records.returns.map(\.value) == parsed.returns.map(\.value))
        #expect(records.returns.map(\.minion) == [ExportFixtures.masterID])
    }

    /// `salt-run` printed the bytes of `file.read binary=True` with Python's `repr`.
    @Test func listJobKeepsReprStrings() throws {
        let records = try Self.capture(.saltRunListJob, "jobs.list_job.file_read_binary.json")
        #expect(records.returns.count == 2)
        for record in records.returns {
            #expect(record.value == .string(#"b'latin-1 caf\xe9 / raw \xff\xfe\x80 / utf8 \xc3\xa9\n'"#))
        }
    }

    @Test func printJobKeyedByJid() throws {
        let jid = Manifest.shared.jid(ofStep: "state_highstate")
        let records = try Self.capture(.saltRunListJob, "jobs.print_job.state_highstate.json")

        #expect(records.jobs.map(\.jid) == [jid])
        #expect(records.jobs.first?.function == "state.apply")
        #expect(Set(records.returns.map(\.minion)) == Set(Manifest.shared.job(jid)?.returned ?? []))
        #expect(records.returns.allSatisfy { $0.outputter == "highstate" })
        #expect(records.returns.allSatisfy { $0.retcode != nil })
    }

    @Test func lastRunKeyedByJid() throws {
        let records = try Self.capture(.saltRunListJob, "jobs.last_run.cmd.script.json")
        let job = try #require(records.jobs.first)
        let manifestJob = try #require(Manifest.shared.job("20261204195644277861"))

        #expect(job.jid == "20261204195644277861")
        #expect(job.function == "cmd.script")
        #expect(Set(records.returns.map(\.minion)) == Set(manifestJob.returned))
        for record in records.returns {
            #expect(record.retcode.map(Int.init) == manifestJob.returns[record.minion]?.retcode)
        }
    }

    /// Stands for `salt-run jobs.list_job <jid>` asked about a jid the master does not have.
    @Test func listJobUnknownJidWarns() throws {
        let answer = """
            {"jid": "20261204190000000000", "Error": "Cannot contact returner or no job with this jid",
             "StartTime": "2026, Dec 04 19:00:00.000000", "Result": {}}
            """
        let records = try CollectedRecords.read(.saltRunListJob, text: answer)
        #expect(records.jobs.isEmpty)
        #expect(records.returns.isEmpty)
        #expect(records.warnings.count == 1)
        #expect(records.warnings.first?.message.contains("20261204190000000000") == true)
    }

    // MARK: - jobs.lookup_jid

    @Test func lookupJidGivesBareReturns() throws {
        let jid = Manifest.shared.jid(ofStep: "cmd_exit_1")
        let records = try Self.capture(.saltRunLookupJid, "jobs.lookup_jid.cmd_exit_1.json", jid: jid)
        let job = try #require(records.jobs.first)

        #expect(job.jid == jid)
        #expect(job.kind == .unknown)
        #expect(job.expectedMinions == nil)
        #expect(records.returns.count == 5)
        for record in records.returns {
            #expect(record.jid == jid)
            #expect(record.form == .bare)
            #expect(record.retcode == nil)
            #expect(record.success == nil)
            #expect(record.value == .string("about to fail"))
        }
    }

    @Test func lookupJidMissingMinionIsExpected() throws {
        let jid = try ExportFixtures.captureJid("down_uptime")
        let records = try Self.capture(.saltRunLookupJid, "jobs.lookup_jid.missing.down_uptime.json", jid: jid)
        let manifestJob = try #require(Manifest.shared.job(jid))

        #expect(records.jobs.first?.expectedMinions == manifestJob.targeted)
        #expect(Set(records.returns.map(\.minion)) == Set(manifestJob.returned))
        #expect(manifestJob.notReturned == ["old-box.example.test"])
        #expect(!records.returns.contains { $0.minion == "old-box.example.test" })
    }

    /// The job on old-box that was in flight when the minion stopped: no minion returned.
    @Test func lookupJidNobodyReturned() throws {
        let jid = "20261204195314657895"
        let records = try Self.capture(.saltRunLookupJid, "jobs.lookup_jid.missing.inflight_on_oldbox.json", jid: jid)
        #expect(records.returns.isEmpty)
        #expect(records.jobs.first?.expectedMinions == ["old-box.example.test"])
    }

    @Test func lookupJidRunnerJob() throws {
        let jid = Manifest.shared.jid(ofStep: "runner_test_arg")
        let records = try Self.capture(.saltRunLookupJid, "jobs.lookup_jid.runner_test_arg.json", jid: jid)
        let job = try #require(records.jobs.first)

        #expect(job.kind == .runner)
        #expect(job.function == "runner.test.arg")
        #expect(job.expectedMinions == [ExportFixtures.masterID])
        #expect(records.returns.first?.value?["success"] == .bool(true))
    }

    /// Stands for `jobs.lookup_jid` as the runner returns it before `--out=json` unwraps it.
    @Test func lookupJidUnwrapsOutputter() throws {
        let wrapped = """
            {"outputter": "highstate", "data": {"web01.example.test": {"cmd_|-probe_|-true_|-run": {"result": true}}}}
            """
        let records = try CollectedRecords.read(
            .saltRunLookupJid,
            text: wrapped,
            options: ExportOptions(jid: "20261204195131008428")
        )
        #expect(records.returns.map(\.minion) == ["web01.example.test"])
        #expect(records.returns.first?.outputter == "highstate")
    }

    @Test func lookupJidNeedsValidJid() throws {
        let name = ExportFixtures.capture("jobs.lookup_jid.cmd_exit_1.json")
        #expect(throws: ExportError.missingJid(.saltRunLookupJid)) {
            try CollectedRecords.read(.saltRunLookupJid, fixture: name)
        }
        #expect(throws: ExportError.self) {
            try CollectedRecords.read(.saltRunLookupJid, fixture: name, options: ExportOptions(jid: "12345"))
        }
    }

    // MARK: - jobs.exit_success and jobs.active

    @Test func exitSuccessGivesVerdictsOnly() throws {
        let jid = try ExportFixtures.captureJid("down_uptime")
        let records = try Self.capture(.saltRunExitSuccess, "jobs.exit_success.down_uptime.json", jid: jid)

        #expect(records.jobs.isEmpty)
        #expect(records.returns.isEmpty)
        #expect(
            records.verdicts == [
                .init(jid: jid, minion: "Cache_Node-7", value: true),
                .init(jid: jid, minion: "db01.example.test", value: true),
                .init(jid: jid, minion: "old-box.example.test", value: false),
                .init(jid: jid, minion: "web01.example.test", value: true),
                .init(jid: jid, minion: "web02.example.test", value: true),
            ]
        )
    }

    @Test func activeJobsExpectRunningMinions() throws {
        let records = try Self.capture(.saltRunActive, "jobs.active.json")
        let db01 = try #require(records.jobs(of: try ExportFixtures.captureJid("long_async_db01")).first)
        let web02 = try #require(records.jobs(of: try ExportFixtures.captureJid("long_sync_web02")).first)

        #expect(records.jobs.count == 2)
        #expect(db01.expectedMinions == ["db01.example.test"])
        #expect(db01.function == "test.sleep")
        #expect(db01.arguments == .array([.int(300)]))
        #expect(web02.expectedMinions == ["web02.example.test"])
        #expect(records.returns.isEmpty)
    }

    /// Is `jobs.active` output for a job on two minions whose ids differ only in Unicode
    /// normalization, one still running and one returned.
    @Test func activeJobsKeepNormalizationVariants() throws {
        let composed = "caf\u{e9}"
        let decomposed = "cafe\u{301}"
        let text = """
            {"20261204195423345471": {"Function": "test.sleep", "Arguments": [300], "Target": "caf*",
              "Target-type": "glob", "User": "root", "StartTime": "2026, Dec 04 19:54:23.345471",
              "Running": [{"\(composed)": 4242}], "Returned": ["\(decomposed)"]}}
            """
        let records = try CollectedRecords.read(.saltRunActive, text: text)
        let expected = try #require(records.jobs.first?.expectedMinions)

        #expect(expected.count == 2)
        #expect(expected.contains { BytewiseString.haveSameBytes($0, composed) })
        #expect(expected.contains { BytewiseString.haveSameBytes($0, decomposed) })
    }

    @Test func activeJobsEmptyAfterKill() throws {
        let records = try Self.capture(.saltRunActive, "jobs.active.after-kill.json")
        #expect(records.jobs.isEmpty)
        #expect(records.problems.isEmpty)
    }

    @Test func wrongShapeNamesFormat() throws {
        let error = try #require(throws: ExportError.self) {
            try CollectedRecords.read(
                .saltRunActive,
                fixture: ExportFixtures.capture("jobs.list_jobs_filter.1000.json")
            )
        }
        #expect(error.message.contains("salt-run-active"))
        #expect(error.message.contains("found a list"))
    }
}
