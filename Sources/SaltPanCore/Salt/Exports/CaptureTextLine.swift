/// A text line that `salt` prints between the JSON documents of `--out=json` output.
///
/// Salt 3008 printed the batch, `--async` and no-match texts in real captures. The `--verbose`
/// and `--show-jid` headers are those of `LocalClient.get_cli_returns`.
enum CaptureTextLine: Equatable {
    /// `jid: <jid>` (`--show-jid`), `Executing job with jid <jid>` (`--verbose`) or
    /// `Executed command with job ID: <jid>` (`--async`).
    case jid(String)
    /// The dashes under `Executing job with jid …`, or an empty line.
    case separator
    /// `Executing run on ['web01', 'db01']`: the minions of the next sub-batch of `-b`.
    case batchRun([String])
    /// `Minion <id> did not respond. No job will be sent.`: a batch left the minion out after its
    /// ping went unanswered.
    case batchSkipped(String)
    /// `No minions matched the target. No command was sent, no jid was assigned.`
    case noMinionsMatched
    /// `ERROR: …`, such as `ERROR: No return received`.
    case error(String)
    /// Anything else.
    case other(String)

    /// Whether the line is one `salt` prints itself, which identifies a capture.
    var isSaltOutput: Bool {
        switch self {
        case .other, .separator: return false
        default: return true
        }
    }

    init(_ line: String) {
        let text = String(line.trimmingWhitespace())
        if text.isEmpty || text.allSatisfy({ $0 == "-" }) {
            self = .separator
        } else if let jid = CaptureTextLine.jid(in: text) {
            self = .jid(jid)
        } else if text.hasPrefix("Executing run on ") {
            self = .batchRun(CaptureTextLine.pythonStringList(text.dropFirst("Executing run on ".count)))
        } else if text.hasPrefix("Minion "), text.hasSuffix(" did not respond. No job will be sent.") {
            let minion = text.dropFirst("Minion ".count).dropLast(" did not respond. No job will be sent.".count)
            self = .batchSkipped(String(minion))
        } else if text.hasPrefix("No minions matched the target.") {
            self = .noMinionsMatched
        } else if text.hasPrefix("ERROR") {
            self = .error(text)
        } else {
            self = .other(text)
        }
    }

    private static let jidPrefixes = ["jid: ", "Executing job with jid ", "Executed command with job ID: "]

    private static func jid(in text: String) -> String? {
        for prefix in jidPrefixes where text.hasPrefix(prefix) {
            let jid = String(text.dropFirst(prefix.count))
            return Jid.isValid(jid) ? jid : nil
        }
        return nil
    }

    /// Reads a Python list of strings as `repr` prints it: `['a', 'b']`.
    ///
    /// NOTE: a minion id containing a comma or a quote is split wrongly. `-L` targeting, which
    /// splits on commas, cannot address such ids either.
    static func pythonStringList(_ text: Substring) -> [String] {
        guard text.hasPrefix("["), text.hasSuffix("]") else { return [] }
        return text.dropFirst().dropLast()
            .split(separator: ",")
            .map { String($0.trimmingWhitespace().filter { $0 != "'" && $0 != "\"" }) }
            .filter { !$0.isEmpty }
    }
}
