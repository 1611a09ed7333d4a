import Foundation

/// Reads the real Salt 3008 inputs under `fixtures/salt-3008/` for the Encoding tests.
enum EncodingFixture {
    /// Reads a file, given by its path below `fixtures/salt-3008/`.
    static func bytes(_ relativePath: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: Fixtures.path("salt-3008/" + relativePath))
        return [UInt8](try Data(contentsOf: url))
    }

    /// Lists the paths below `fixtures/salt-3008/jobs/` of every MessagePack file, sorted.
    ///
    /// The text files `jid` and `endtime` are left out.
    static func jobCacheFiles() -> [String] {
        let jobs = Fixtures.path("salt-3008/jobs")
        guard let enumerator = FileManager.default.enumerator(atPath: jobs) else { return [] }

        var paths: [String] = []
        for case let path as String in enumerator where path.hasSuffix(".p") {
            paths.append(path)
        }
        return paths.sorted()
    }

    /// Reads `events.jsonl` and returns its lines without line feeds, as slices of its bytes.
    static func eventLines() throws -> [ArraySlice<UInt8>] {
        let events = try bytes("events.jsonl")
        var lines = events.split(separator: 0x0a, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true {
            lines.removeLast()
        }
        return lines
    }
}
