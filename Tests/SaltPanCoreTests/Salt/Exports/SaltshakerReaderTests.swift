import Foundation
import Testing

@testable import SaltPanCore

@Suite struct SaltshakerReaderTests {
    static let jobList = "saltshaker/job-list.json"

    /// Reads the entries of the export with Foundation, independently of the reader.
    static func foundationEntries() throws -> [[String: Any]] {
        let root = try #require(try ExportFixtures.foundationJSON(jobList) as? [String: Any])
        return try #require(root["data"] as? [[String: Any]])
    }

    static func isReturn(_ entry: [String: Any]) -> Bool {
        entry["cmd"] as? String == "_return"
    }

    // MARK: - Job list exported from the corpus events

    @Test func jobListCountsPerProduct() throws {
        let entries = try Self.foundationEntries()
        var expectedReturns: [String: Int] = [:]
        var expectedJobs = 0
        for entry in entries {
            if Self.isReturn(entry) {
                expectedReturns[entry["product_id"] as? String ?? "", default: 0] += 1
                if entry["schedule"] != nil { expectedJobs += 1 }
            } else {
                expectedJobs += 1
            }
        }

        let records = try CollectedRecords.read(.saltshakerJobs, fixture: Self.jobList)
        var returnsPerProduct: [String: Int] = [:]
        for record in records.returns {
            returnsPerProduct[record.product ?? "", default: 0] += 1
        }
        #expect(returnsPerProduct == expectedReturns)
        #expect(returnsPerProduct.count == 2)
        #expect(records.jobs.count == expectedJobs)
        #expect(records.problems.isEmpty)
    }

    @Test func jobListSuccessStringsReadAsBooleans() throws {
        let expected: [Bool?] = try Self.foundationEntries().filter(Self.isReturn).map { entry in
            switch entry["success"] {
            case let text as String where text == "true":
                return true
            case let text as String where text == "false":
                return false
            case let number as NSNumber:
                return number.boolValue
            default:
                return nil
            }
        }
        let textCount = try Self.foundationEntries().filter { $0["success"] is String }.count

        let records = try CollectedRecords.read(.saltshakerJobs, fixture: Self.jobList)
        #expect(records.returns.map(\.success) == expected)
        #expect(textCount == 140)
        #expect(records.returns.allSatisfy { $0.success != nil })
    }

    @Test func jobListRetcodesAndStampsMatch() throws {
        let entries = try Self.foundationEntries().filter(Self.isReturn)
        let records = try CollectedRecords.read(.saltshakerJobs, fixture: Self.jobList)

        #expect(records.returns.count == entries.count)
        for (record, entry) in zip(records.returns, entries) {
            #expect(record.jid == entry["jid"] as? String)
            #expect(record.minion == entry["id"] as? String)
            #expect(record.retcode == (entry["retcode"] as? NSNumber)?.int64Value)
            let stamp = try #require(entry["_stamp"] as? String)
            #expect(record.stamp == Timestamp(iso8601: stamp))
        }
    }

    /// The exporter wrote state results' null `result` (test runs) and `__sls__`
    /// (`state.single`) as `""`; they are read back as null, while other empty strings stay.
    @Test func jobListStateNullsRestored() throws {
        let records = try CollectedRecords.read(.saltshakerJobs, fixture: Self.jobList)
        var nullResults = 0
        var nullSLS = 0
        var emptyStrings = 0
        for record in records.returns {
            for state in record.value?.mapEntries ?? [] where state.key.stringValue?.contains("_|-") == true {
                if state.value["result"] == .null { nullResults += 1 }
                if state.value["__sls__"] == .null { nullSLS += 1 }
                #expect(state.value["result"] != .string(""))
                #expect(state.value["__sls__"] != .string(""))
            }
            if record.value?["stderr"] == .string("") { emptyStrings += 1 }
        }

        let text = String(decoding: try ExportFixtures.bytes(Self.jobList), as: UTF8.self)
        #expect(nullResults == text.ranges(of: "\"result\": \"\"").count)
        #expect(nullSLS == text.ranges(of: "\"__sls__\": \"\"").count)
        #expect(nullResults == 12)
        #expect(nullSLS == 5)
        #expect(emptyStrings > 0)
    }

    @Test func jobListNewJobsAndScheduledJobs() throws {
        let jid = Manifest.shared.jid(ofStep: "cmd_exit_1")
        let records = try CollectedRecords.read(.saltshakerJobs, fixture: Self.jobList)
        let job = try #require(records.jobs(of: jid).first)

        #expect(job.kind == .published)
        #expect(job.function == "cmd.run")
        #expect(job.expectedMinions == Manifest.shared.job(jid)?.targeted)
        #expect(job.publishStamp == Timestamp(iso8601: "2026-12-04T19:50:13.664478+00:00"))
        #expect(job.user == "root")
        #expect(job.load == nil)

        let scheduled = try #require(records.jobs.first { $0.kind == .scheduled })
        #expect(scheduled.schedule != nil)
        #expect(scheduled.load?["product_id"] == nil)
        #expect(scheduled.load?["cmd"] == .string("_return"))
        #expect(scheduled.expectedMinions == ["web02.example.test"])
    }

    // MARK: - Seed examples of saltshaker's API

    /// A master on UTC+8 made the jid in local time, while `_stamp` is UTC without an offset.
    @Test func seedJobListStampsAreUTC() throws {
        let records = try CollectedRecords.read(.saltshakerJobs, fixture: "saltshaker/seed-job-list.json")
        let job = try #require(records.jobs.first)

        #expect(records.jobs.count == 1)
        #expect(job.jid == "20180418202055060383")
        #expect(job.publishStamp == Timestamp(iso8601: "2018-04-18T12:20:55.061305Z"))
        #expect(job.user == "saltapi")
        #expect(job.target == .string("10.55.30.22,10.55.30.23"))
        #expect(job.expectedMinions == ["10.10.10.10", "10.10.10.11"])

        #expect(records.returns.map(\.minion) == ["10.10.10.10", "10.10.10.11"])
        #expect(records.returns.map(\.success) == [true, true])
        #expect(records.returns.map(\.retcode) == [0, 0])
        #expect(records.returns.allSatisfy { $0.product == "p-4bc4a5b83bd011e8aa0e000c298454d8" })
        #expect(records.returns.first?.stamp == Timestamp(iso8601: "2018-04-18T12:20:55.099029Z"))
    }

    @Test func seedJobManagerExpectsRunningMinions() throws {
        let records = try CollectedRecords.read(.saltshakerJobManager, fixture: "saltshaker/seed-job-manager.json")
        let job = try #require(records.jobs.first)

        #expect(records.jobs.count == 1)
        #expect(records.returns.isEmpty)
        #expect(job.jid == "20180418202229433631")
        #expect(job.kind == .published)
        #expect(job.function == "cmd.run")
        #expect(job.arguments == .array([.string("ping www.baidu.com")]))
        #expect(job.target == .string("*"))
        #expect(job.targetType == "glob")
        #expect(job.user == "root")
        #expect(job.expectedMinions == ["10.10.10.10", "10.10.10.11"])
        #expect(job.startTime == Jid.startTime(of: "20180418202229433631"))
    }

    @Test func seedJobDetailNeedsJid() throws {
        #expect(throws: ExportError.missingJid(.saltshakerJobDetail)) {
            try CollectedRecords.read(.saltshakerJobDetail, fixture: "saltshaker/seed-job-detail.json")
        }
        #expect(ExportError.missingJid(.saltshakerJobDetail).message.contains("--jid"))
    }

    @Test func seedJobDetailReadsTextReturn() throws {
        let jid = "20180418202229433631"
        let records = try CollectedRecords.read(
            .saltshakerJobDetail,
            fixture: "saltshaker/seed-job-detail.json",
            options: ExportOptions(jid: jid)
        )
        let record = try #require(records.returns.first)

        #expect(records.returns.count == 1)
        #expect(record.jid == jid)
        #expect(record.minion == "echo")
        #expect(record.form == .bare)
        #expect(record.value?.stringValue?.hasPrefix("docker0 Link encap:Ethernet") == true)
        #expect(records.jobs.map(\.jid) == [jid])
        #expect(records.jobs.first?.expectedMinions == nil)
    }

    // MARK: - Hand-made exports

    /// Stands for a saltshaker export of an old master on local time (UTC+8) whose stamps
    /// saltshaker shows as local `YYYY-MM-DD hh:mm:ss`: the job ran at 06:30 local on 19 April,
    /// which is 22:30 UTC on 18 April.
    @Test func localStampsUseStampOffset() throws {
        let export = """
            {"data": [
              {"arg": ["uptime"], "fun": "cmd.run", "jid": "20180419063000123456", "tgt": "*", "tgt_type": "glob",
               "user": "saltapi", "minions": ["10.10.10.10"], "_stamp": "2018-04-19 06:30:00",
               "product_id": "p-4bc4a5b83bd011e8aa0e000c298454d8"},
              {"id": "10.10.10.10", "cmd": "_return", "fun": "cmd.run", "fun_args": ["uptime"],
               "jid": "20180419063000123456", "return": " 06:30:00 up 1 day", "retcode": 0, "success": "1",
               "_stamp": "2018-04-19 06:30:01", "product_id": "p-4bc4a5b83bd011e8aa0e000c298454d8"}
            ], "status": true, "message": ""}
            """
        let options = ExportOptions(stampUTCOffset: 8 * 3600, masterUTCOffset: 8 * 3600)
        let records = try CollectedRecords.read(.saltshakerJobs, text: export, options: options)
        let job = try #require(records.jobs.first)
        let record = try #require(records.returns.first)

        #expect(job.publishStamp == Timestamp(iso8601: "2018-04-18T22:30:00Z"))
        #expect(job.startTime == Timestamp(iso8601: "2018-04-18T22:30:00.123456Z"))
        #expect(Jid.startTime(of: job.jid)?.components().day == 19)
        #expect(job.publishStamp?.components().day == 18)
        #expect(record.stamp == Timestamp(iso8601: "2018-04-18T22:30:01Z"))
        #expect(record.success == true)
    }

    /// Stands for an export of a job from an old minion that sent no retcode, with the exporter
    /// writing every null as `""`: retcode, success and user become absent.
    @Test func emptyStringsReadAsNull() throws {
        let export = """
            {"data": [
              {"arg": [], "fun": "test.ping", "jid": "20180418202055060383", "tgt": "*", "tgt_type": "glob",
               "user": "", "minions": ["10.10.10.10"], "_stamp": "2018-04-18T12:20:55.061305",
               "product_id": "p-4bc4a5b83bd011e8aa0e000c298454d8"},
              {"id": "10.10.10.10", "cmd": "_return", "fun": "test.ping", "fun_args": [],
               "jid": "20180418202055060383", "return": "", "retcode": "", "success": "",
               "_stamp": "2018-04-18T12:20:55.099029", "product_id": "p-4bc4a5b83bd011e8aa0e000c298454d8"}
            ], "status": true, "message": ""}
            """
        let records = try CollectedRecords.read(.saltshakerJobs, text: export)
        let record = try #require(records.returns.first)

        #expect(records.jobs.first?.user == nil)
        #expect(record.retcode == nil)
        #expect(record.success == nil)
        #expect(record.value == .string(""))
        #expect(records.problems.isEmpty)
    }

    /// Stands for an export where saltshaker stored `success` as some other text.
    @Test func invalidSuccessWarned() throws {
        let export = """
            {"data": [{"id": "10.10.10.10", "cmd": "_return", "jid": "20180418202055060383", "return": true,
              "retcode": 0, "success": "yes"}], "status": false, "message": "token expired"}
            """
        let records = try CollectedRecords.read(.saltshakerJobs, text: export)

        #expect(records.returns.first?.success == nil)
        #expect(records.returns.first?.retcode == 0)
        #expect(records.warnings.map(\.entry) == [nil, "data[0]"])
        #expect(records.warnings.first?.message.contains("token expired") == true)
        #expect(records.warnings.last?.message.contains("'yes'") == true)
    }
}
