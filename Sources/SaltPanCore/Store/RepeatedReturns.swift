/// Returns that one input contains more than once with different facts, such as a minion's
/// second `ret` event for a jid with another retcode.
///
/// The store keeps the first of them, and `return_facts` keeps one row per source, so the
/// others would vanish without a word. They are counted, and a few are named in one warning
/// for the input.
struct RepeatedReturns {
    /// The number of returns named in the warning.
    static let namedLimit = 3

    private(set) var count = 0
    private var named: [String] = []

    mutating func add(jid: String, minion: String) {
        count += 1
        if named.count < Self.namedLimit {
            named.append("jid \(jid) minion '\(minion)'")
        }
    }

    /// The warning for the input, or nil when no return was repeated with other facts.
    var problem: IngestProblem? {
        guard count > 0 else { return nil }
        let more = count > named.count ? ", and \(count - named.count) more" : ""
        let subject = count == 1 ? "1 return appears" : "\(count) returns appear"
        return IngestProblem(
            .warning,
            message: "\(subject) more than once in this input with a different retcode, success or value "
                + "(\(named.joined(separator: ", "))\(more)); the first one read of each is kept"
        )
    }
}
