import Testing

@testable import SaltPanCore

@Suite struct JobCachePathTests {
    // Real folder name: sha256 of 20261204195008509633.
    static let folder = "jobs/c7/5871d40b2a3ce2587f5daad7d3c5b451fe6bf0e960b453adc5d5d8012e235f"

    @Test func jobFiles() throws {
        let load = try #require(JobCachePath(filePath: Self.folder + "/.load.p"))
        #expect(load.folder == Self.folder)
        #expect(load.role == .load)
        #expect(JobCachePath(filePath: Self.folder + "/jid")?.role == .jid)
        #expect(JobCachePath(filePath: Self.folder + "/endtime")?.role == .endTime)
        #expect(JobCachePath(filePath: Self.folder + "/nocache")?.role == .noCache)
        #expect(JobCachePath(filePath: Self.folder + "/.batch.p")?.role == .batch)
    }

    @Test func syndicMinionList() {
        // A syndic's master writes `.minions.<syndic id>.p` beside its own `.minions.p`.
        #expect(
            JobCachePath(filePath: Self.folder + "/.minions.syndic01.example.test.p")?.role
                == .minions(syndic: "syndic01.example.test")
        )
        #expect(JobCachePath(filePath: Self.folder + "/.minions.p")?.role == .minions(syndic: nil))
    }

    @Test func minionFiles() throws {
        let path = try #require(JobCachePath(filePath: Self.folder + "/Cache_Node-7/return.p"))
        #expect(path.folder == Self.folder)
        #expect(path.role == .minionReturn(minion: "Cache_Node-7"))
        #expect(
            JobCachePath(filePath: Self.folder + "/web01.example.test/out.p")?.role
                == .minionOutputter(minion: "web01.example.test")
        )
    }

    @Test func md5FolderOfOldMasters() {
        // Salt 2015.8 named folders by md5: 2 + 30 hex digits.
        let path = JobCachePath(filePath: "cache/jobs/a1/b2c3d4e5f60718293a4b5c6d7e8f90/jid")
        #expect(path?.folder == "cache/jobs/a1/b2c3d4e5f60718293a4b5c6d7e8f90")
    }

    @Test func repeatedAndOuterSlashes() throws {
        // Paths as tar tools write them: absolute, with doubled slashes, folders with a slash
        // at the end.
        let path = try #require(JobCachePath(filePath: "/var//cache/jobs/c7//5871d40b2a3ce258/w\u{e9}b1/return.p"))
        #expect(path.folder == "/var//cache/jobs/c7//5871d40b2a3ce258")
        #expect(path.role == .minionReturn(minion: "w\u{e9}b1"))
        #expect(JobCachePath(filePath: "c7/5871d40b2a3ce258/jid/")?.role == .jid)
        #expect(JobCachePath(filePath: "c7/5871d40b2a3ce258/jid/")?.folder == "c7/5871d40b2a3ce258")
        #expect(JobCachePath(filePath: "c7/5871d40b2a3ce258/web1/tmp.p")?.role == .unrecognized(name: "web1/tmp.p"))
        #expect(JobCachePath(filePath: "c7/5871d40b2a3ce258/") == nil)
        #expect(JobCachePath(filePath: "c7/5871d40b2a3ce258/web1/tmp/x") == nil)
        #expect(JobCachePath(filePath: "") == nil)
        #expect(JobCachePath(filePath: "///") == nil)
    }

    @Test func pathsOutsideJobFolders() {
        #expect(JobCachePath(filePath: "jobs/c7") == nil)
        #expect(JobCachePath(filePath: "minions/web01.example.test/data.p") == nil)
        #expect(JobCachePath(filePath: "jobs/C7/5871D40B/jid") == nil)
    }

    /// Minion folders are skipped without classifying their paths; every name Salt gives a file
    /// passes, so a folder in its place is still reported.
    @Test func saltFileNamesPassTheFilter() {
        let folder = "jobs/c7/5871e1a0b6f3a4a2c9d4e7f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1"
        for name in ["jid", ".load.p", ".minions.p", ".minions.syndic01.p", ".batch.p", "endtime", "nocache"] {
            #expect(JobCachePath.mayNameSaltFile(Array("\(folder)/\(name)".utf8)))
        }
        #expect(JobCachePath.mayNameSaltFile(Array("\(folder)/web01.example.test/return.p".utf8)))
        #expect(JobCachePath.mayNameSaltFile(Array("\(folder)/web01.example.test/out.p".utf8)))
        #expect(!JobCachePath.mayNameSaltFile(Array("\(folder)/web01.example.test".utf8)))
        #expect(!JobCachePath.mayNameSaltFile(Array(folder.utf8)))
        #expect(!JobCachePath.mayNameSaltFile(Array("jobs".utf8)))
    }
}
