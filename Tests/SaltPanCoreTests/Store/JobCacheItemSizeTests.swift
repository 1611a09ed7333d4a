import Testing

@testable import SaltPanCore

/// The pipeline of a job cache ingest is bounded by the estimated size of its folders, so the
/// estimate must follow the decoded values, not the MessagePack bytes they came from.
@Suite struct JobCacheItemSizeTests {
    @Test func smallIntegersCountTheirSlots() throws {
        // A return of 10,000 small integers, such as a list of ports or ids: one MessagePack byte
        // each, one `Value` slot decoded.
        let value = Value.array(Array(repeating: .int(1), count: 10_000))
        let messagePackBytes = MessagePackEncoder().encode(value).count
        var record = ReturnRecord(jid: "20261204195230968839", minion: "web1", value: value, form: .map)
        record.retcode = 0
        var parsed = JobFolderParser.ParsedJob(folderPath: "jobs/ab/cdef")
        parsed.returns = [record]

        let slot = MemoryLayout<Value>.stride
        #expect(messagePackBytes == 10_003)
        #expect(parsed.estimatedMemorySize == 256 + 256 + slot + 10_000 * slot)
        #expect(JobCacheItem.parsed(parsed, size: parsed.estimatedMemorySize).size > 10 * messagePackBytes)
    }

    @Test func jobLoadAndBatchAreCounted() {
        var job = JobRecord(jid: "20261204195230968839", kind: .published)
        job.load = .object(["fun": .string("state.apply")])
        job.batch = .string(String(repeating: "b", count: 1_000))
        var parsed = JobFolderParser.ParsedJob(folderPath: "jobs/ab/cdef")
        parsed.job = job

        let slot = MemoryLayout<Value>.stride
        let loadSize = slot + (slot + 3) + (slot + 11)
        #expect(parsed.estimatedMemorySize == 256 + loadSize + slot + 1_000)
    }
}
