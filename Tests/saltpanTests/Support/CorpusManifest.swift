import Foundation

/// The corpus manifest: for every jid of the real cache, the expected function, minions and
/// per-minion retcode and success, recorded while the corpus was made.
struct CorpusManifest: Decodable {
    struct Step: Decodable {
        var label: String
        var primaryJid: String?
    }

    struct Job: Decodable {
        var jid: String
        var fun: String
        var targeted: [String]
        var returned: [String]
        var notReturned: [String]
        var returns: [String: MinionReturn]
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

    static let shared: CorpusManifest = {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: Saltpan.fixture("salt-3008/manifest.json")))
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(CorpusManifest.self, from: data)
        } catch {
            fatalError("cannot read the corpus manifest: \(error)")
        }
    }()

    /// The main jid of the workload step with `label`, such as `cmd_exit_1`.
    func jid(ofStep label: String) -> String? {
        steps.first { $0.label == label }?.primaryJid
    }

    func job(_ jid: String) -> Job? {
        jobs.first { $0.jid == jid }
    }
}
