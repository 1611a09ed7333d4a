import Foundation

@testable import SaltPanCore

/// Paths to the real inputs under the repository's `fixtures/` folder.
enum Fixtures {
    /// The repository root: this file is `Tests/SaltPanCoreTests/Support/Fixtures.swift`.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The job cache of a real Salt 3008.4 master with five minions, as a folder.
    static var jobsFolder: String { path("salt-3008/jobs") }
    /// The same cache as `tar czf jobs.tar.gz -C <cachedir> jobs` wrote it.
    static var jobsArchive: String { path("salt-3008/jobs.tar.gz") }

    static func path(_ relative: String) -> String {
        root.appendingPathComponent("fixtures").appendingPathComponent(relative).path
    }

    /// A new, empty folder that exists for the life of the test process.
    static func temporaryFolder() throws -> String {
        let folder = testProcessFolder.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }
}

/// The parent of every temporary folder this test process makes.
///
/// It is removed when the process exits, so that repeated test runs leave nothing behind in the
/// system's temporary directory.
private let testProcessFolder: URL = {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("saltpan-tests-\(UUID().uuidString)")
    atexit { try? FileManager.default.removeItem(at: testProcessFolder) }
    return folder
}()

/// The corpus manifest: for every jid of the real cache, the expected function, minions and
/// per-minion retcode and success, recorded while the corpus was made.
struct Manifest: Decodable {
    struct Step: Decodable {
        var label: String
        var primaryJid: String?
        var jids: [String]
    }

    struct Job: Decodable {
        var jid: String
        var dir: String
        var targeted: [String]
        var returned: [String]
        var notReturned: [String]
        var returns: [String: MinionReturn]
        var schedule: String?
    }

    struct MinionReturn: Decodable {
        var retcode: Int?
        var success: Bool?

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            retcode = try? container.decode(Int.self, forKey: .retcode)
            success = try? container.decode(Bool.self, forKey: .success)
        }

        enum CodingKeys: String, CodingKey {
            case retcode, success
        }
    }

    var steps: [Step]
    var jobs: [Job]

    static let shared: Manifest = {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("salt-3008/manifest.json")))
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(Manifest.self, from: data)
        } catch {
            fatalError("cannot read the corpus manifest: \(error)")
        }
    }()

    /// The main jid of the workload step with `label`, such as `cmd_exit_1`.
    func jid(ofStep label: String) -> String {
        steps.first { $0.label == label }?.primaryJid ?? "no step \(label)"
    }

    func job(_ jid: String) -> Job? {
        jobs.first { $0.jid == jid }
    }
}
