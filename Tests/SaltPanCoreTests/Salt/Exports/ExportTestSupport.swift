import Foundation
import Testing

@testable import SaltPanCore

/// The records one reader emitted, sorted by kind.
struct CollectedRecords {
    struct Verdict: Equatable {
        var jid: String
        var minion: String
        var value: Bool
    }

    var jobs: [JobRecord] = []
    var returns: [ReturnRecord] = []
    var verdicts: [Verdict] = []
    var problems: [IngestProblem] = []
    var statistics: EventStatistics?

    mutating func collect(_ record: ExportRecord) {
        switch record {
        case .job(let job): jobs.append(job)
        case .returned(let record): returns.append(record)
        case .exitSuccess(let jid, let minion, let value):
            verdicts.append(Verdict(jid: jid, minion: minion, value: value))
        case .problem(let problem): problems.append(problem)
        }
    }

    /// Reads `bytes` as `format` through `ExportReader`.
    static func read(
        _ format: ExportFormat,
        bytes: [UInt8],
        options: ExportOptions = ExportOptions()
    ) throws
        -> CollectedRecords
    {
        var collected = CollectedRecords()
        collected.statistics = try ExportReader.read(format, bytes: bytes, options: options) { collected.collect($0) }
        return collected
    }

    /// Reads the fixture at `relative` (under `fixtures/`) as `format`.
    static func read(
        _ format: ExportFormat,
        fixture relative: String,
        options: ExportOptions = ExportOptions()
    ) throws
        -> CollectedRecords
    {
        try read(format, bytes: ExportFixtures.bytes(relative), options: options)
    }

    /// Reads `text` as `format`.
    static func read(
        _ format: ExportFormat,
        text: String,
        options: ExportOptions = ExportOptions()
    ) throws
        -> CollectedRecords
    {
        try read(format, bytes: Array(text.utf8), options: options)
    }

    func returns(of jid: String) -> [ReturnRecord] {
        returns.filter { $0.jid == jid }
    }

    func jobs(of jid: String) -> [JobRecord] {
        jobs.filter { $0.jid == jid }
    }

    var errors: [IngestProblem] { problems.filter { $0.severity == .error } }
    var warnings: [IngestProblem] { problems.filter { $0.severity == .warning } }
}

/// Files of the corpus that the export tests read.
enum ExportFixtures {
    /// A real return event of the corpus log whose return is a list nested `depth` levels deep.
    static func deeplyNestedReturnLine(depth: Int) -> String {
        #"{"data": {"cmd": "_return", "id": "web02.example.test", "return": "#
            + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            + #"}, "tag": "salt/job/20261204194958841792/ret/web02.example.test"}"#
    }

    static let masterID = "saltmaster.example.test_master"

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.path(relative))))
    }

    /// Returns the fixture path of a file in `salt-3008/captures/`.
    static func capture(_ name: String) -> String {
        "salt-3008/captures/" + name
    }

    /// Returns the fixture path of the stdout of workload step `label` in `salt-3008/cli/`:
    /// `NNN-<label>.json` or `.out`.
    static func cliOutput(ofStep label: String) throws -> String {
        let folder = Fixtures.path("salt-3008/cli")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        let matches = names.filter {
            $0.dropFirst(4).hasPrefix(label + ".") && ($0.hasSuffix(".json") || $0.hasSuffix(".out"))
        }
        return "salt-3008/cli/" + (matches.first ?? "no output of step \(label)")
    }

    /// Looks up the jid a capture in `captures/` was made for in `capture-jids.tsv`.
    static func captureJid(_ label: String) throws -> String {
        let text = String(decoding: try bytes("salt-3008/captures/capture-jids.tsv"), as: UTF8.self)
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            if fields.count == 2, fields[0] == label { return String(fields[1]) }
        }
        return "no capture \(label)"
    }

    /// Parses the fixture with Foundation, independently of the readers under test.
    static func foundationJSON(_ relative: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(bytes(relative)), options: [.fragmentsAllowed])
    }
}
