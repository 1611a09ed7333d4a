import Testing

@testable import SaltPanCore

/// The pipeline of a job cache ingest is bounded by the estimated size of its folders, so the
/// estimate must follow the decoded values, not the MessagePack bytes they came from.
@Suite struct JobCacheItemSizeTests {
    @Test func decoderCountsEveryValue() throws {
        // A map of a string and a list of three integers: the map, two keys, the string, the
        // list and its three items.
        let value = Value.object(["a": .string("xyz"), "b": .array([.int(1), .int(2), .int(3)])])
        let bytes = MessagePackEncoder().encode(value)
        let decoded = try MessagePackDecoder().decode(bytes)
        #expect(decoded.valueCount == 8)
        #expect(decoded.estimatedMemorySize == bytes.count + 8 * MemoryLayout<Value>.stride)
    }

    @Test func smallIntegersCountTheirSlots() throws {
        // A return of 10,000 small integers, such as a list of ports or ids: one MessagePack byte
        // each, one `Value` slot decoded.
        let returnFile = Value.object(["return": .array(Array(repeating: .int(1), count: 10_000)), "retcode": .int(0)])
        func file(_ role: JobCachePath.Role, _ path: String, _ data: [UInt8]) -> JobFolder.File {
            JobFolder.File(
                role: role,
                entry: ArchiveEntry(pathBytes: Array(path.utf8), kind: .file, data: data, offset: 0)
            )
        }
        var folder = JobFolder(path: "jobs/ab/cdef")
        folder.files = [
            file(.jid, "jobs/ab/cdef/jid", Array("20261204195230968839".utf8)),
            file(.minionReturn(minion: "web1"), "jobs/ab/cdef/web1/return.p", MessagePackEncoder().encode(returnFile)),
        ]
        let parsed = JobFolderParser().parse(folder)
        #expect(parsed.returns.count == 1)
        #expect(parsed.problems.isEmpty)

        let slot = MemoryLayout<Value>.stride
        #expect(folder.byteCount < 10_100)
        #expect(parsed.estimatedMemorySize > 10_000 * slot)
        #expect(JobCacheItem.parsed(parsed).size > 10 * folder.byteCount)
    }
}
