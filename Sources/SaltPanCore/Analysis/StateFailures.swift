/// The reason a state failed.
public enum StateFailureKind: String, Sendable, CaseIterable {
    /// The state ran and returned `result: false`: a root cause.
    case failed
    /// The state never ran because a state it requires failed ("One or more requisite failed").
    case requisiteFailed = "requisite_failed"
    /// The SLS did not render or was not found, so no state ran.
    case didNotCompile = "did_not_compile"
    /// The pillar did not render, so no state ran.
    case pillarFailed = "pillar_failed"

    /// Whether the failure is a root cause rather than a cascade from another state.
    public var isRootCause: Bool {
        self != .requisiteFailed
    }
}

/// One failing state across runs and minions, identified by SLS, state id and state function.
public struct StateFailure: Sendable, Equatable {
    /// The SLS (`__sls__`); for a compile failure, the SLS the error names, when it names one.
    public var sls: String?
    /// The state id (`__id__`); nil for a compile failure.
    public var stateID: String?
    /// The state function, such as `cmd.run`; nil for a compile failure.
    public var function: String?
    public var failure: StateFailureKind
    /// The minions where the state failed, sorted.
    public var minions: [String]
    /// The jobs in which it failed on at least one minion.
    public var runs: Int
    public var firstJid: String
    public var lastJid: String
    /// The comment (or compile error) of the newest failure: the highest jid, then the last
    /// minion in sorted order.
    public var newestComment: String
}

/// Finds the failing states of state runs.
public enum StateFailureQuery {
    /// Lists the failing states of the runs `filter` selects, root causes before requisite
    /// cascades.
    ///
    /// Within each part, the state with the most runs comes first, then the most minions, the
    /// newest last failure and the key.
    ///
    /// - Throws: `SQLiteError` when the database cannot be read, and `LosslessJSONError` when a
    ///   stored return is damaged.
    public static func failures(in store: Store, filter: QueryFilter) throws -> [StateFailure] {
        var groups: [FailureKey: FailureCounter] = [:]
        try StateRunScan.scan(in: store.database, filter: filter, failedOnly: true) { run in
            for (key, comment) in failures(of: run) {
                groups[key, default: FailureCounter()].add(jid: run.jid, minion: run.minion, comment: comment)
            }
        }
        return groups.map { key, counter in counter.failure(key) }.sorted(by: precedes)
    }

    /// Returns the failures in one run, each with its comment.
    private static func failures(of run: StateRunReturn) -> [(FailureKey, String)] {
        if run.isPillarError {
            let key = FailureKey(sls: nil, stateID: nil, function: nil, failure: .pillarFailed)
            return [(key, run.compileErrors.joined(separator: "\n"))]
        }
        if !run.compileErrors.isEmpty {
            return run.compileErrors.map { error in
                (FailureKey(sls: slsNamed(in: error), stateID: nil, function: nil, failure: .didNotCompile), error)
            }
        }
        return run.states.compactMap { state, _ in
            guard state.result == false else { return nil }
            let failure: StateFailureKind = state.isRequisiteCascade ? .requisiteFailed : .failed
            let key = FailureKey(sls: state.sls, stateID: state.id, function: state.function, failure: failure)
            return (key, state.comment)
        }
    }

    /// Returns the SLS a compile error names.
    ///
    /// `Rendering SLS 'base:webapp' failed: …` and `No matching sls found for 'webapp' in env
    /// 'base'` both give `webapp`.
    static func slsNamed(in error: String) -> String? {
        for marker in ["Rendering SLS '", "No matching sls found for '"] {
            guard let start = error.firstRange(of: marker)?.upperBound,
                let end = error[start...].firstIndex(of: "'")
            else { continue }
            let name = error[start..<end]
            // Rendering errors name `<saltenv>:<sls>`.
            if marker.hasPrefix("Rendering"), let colon = name.firstIndex(of: ":") {
                return String(name[name.index(after: colon)...])
            }
            return String(name)
        }
        return nil
    }

    private static func precedes(_ left: StateFailure, _ right: StateFailure) -> Bool {
        if left.failure.isRootCause != right.failure.isRootCause { return left.failure.isRootCause }
        if left.runs != right.runs { return left.runs > right.runs }
        if left.minions.count != right.minions.count { return left.minions.count > right.minions.count }
        if left.lastJid != right.lastJid { return left.lastJid > right.lastJid }
        for (leftText, rightText) in [
            (left.sls, right.sls), (left.stateID, right.stateID), (left.function, right.function),
        ]
        where leftText != rightText {
            return GroupKey.precedes(leftText, rightText)
        }
        return left.failure.rawValue < right.failure.rawValue
    }
}

private struct FailureKey: Hashable {
    var sls: String?
    var stateID: String?
    var function: String?
    var failure: StateFailureKind
}

/// Adds up one failing state's occurrences as they arrive in jid and minion order.
private struct FailureCounter {
    private var minions: Set<String> = []
    private var runs = 0
    private var firstJid: String?
    private var lastJid: String?
    private var newestComment = ""

    mutating func add(jid: String, minion: String, comment: String) {
        if jid != lastJid { runs += 1 }
        if firstJid == nil { firstJid = jid }
        lastJid = jid
        minions.insert(minion)
        newestComment = comment
    }

    func failure(_ key: FailureKey) -> StateFailure {
        StateFailure(
            sls: key.sls,
            stateID: key.stateID,
            function: key.function,
            failure: key.failure,
            minions: minions.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) },
            runs: runs,
            firstJid: firstJid ?? "",
            lastJid: lastJid ?? "",
            newestComment: newestComment
        )
    }
}
