#if canImport(Glibc)
import Glibc
#endif

/// The rule that turns a return into an outcome, the same for every command and report.
///
/// Salt has three failure signals that often disagree: a non-zero retcode, `success: false` and
/// no return at all. `test.false` returns `false` with retcode 0, a state run with a failed state
/// can come back with retcode 0 from older minions, and scheduled jobs always say
/// `success: true`. The rule takes them in this order, and the first that applies decides:
///
/// 1. The return says the function is already running (`… is running as PID 1234 … with jid …`):
///    `conflict`, linked to that jid.
/// 2. A `state.*` function returned a list of strings: the state run did not compile (render
///    error, missing SLS), so `failed`; "Pillar failed to render" gives the cause `pillar`.
/// 3. A retcode is present and non-zero: `failed`.
/// 4. A state run has a state with `result: false`: `failed`, even with retcode 0.
/// 5. `runner.*` and `wheel.*` jobs: the `success` and `retcode` nested in their return decide.
/// 6. Retcode 0: `succeeded` (a test run whose states would change something says so).
/// 7. Only `success` is present: follow it, and mark the outcome weak.
/// 8. Otherwise `unknown`.
///
/// `missing` is not decided here: it needs every source's returns for the job, so the store
/// derives it from the expected minions that have no return.
public enum OutcomeRule {
    /// Raised whenever the rule changes, so stored outcomes are judged again when a database is
    /// opened for writing.
    public static let version = 1

    /// Judges one return of a job running `function`.
    ///
    /// A reader that kept a state run's map only as text passes its `stateRunTally` in place of
    /// `value`.
    public static func verdict(
        function: String?,
        retcode: Int64?,
        success: Bool?,
        value: Value?,
        stateRunTally: StateRunTally? = nil
    ) -> OutcomeVerdict {
        let family = FunctionFamily(function)
        let states = family == .state ? stateRunTally ?? value.flatMap(StateRunTally.init(value:)) : nil

        if let conflict = conflict(in: value) {
            return conflict
        }
        if family == .state, let lines = stringList(value) {
            let cause = lines.contains { $0.contains("Pillar failed to render") } ? "pillar" : "did not compile"
            return OutcomeVerdict(.failed, cause: cause)
        }
        if let retcode, retcode != 0 {
            let failedStates = states.flatMap(failedStateCause).map { ", \($0)" } ?? ""
            return OutcomeVerdict(
                .failed,
                cause: "retcode \(retcode)\(failedStates)",
                inconsistency: retcodeInconsistency(states)
            )
        }
        if let states, let failed = failedStateCause(states) {
            let note = retcode == 0 ? "retcode 0 although a state failed" : nil
            return OutcomeVerdict(.failed, cause: failed, inconsistency: note)
        }
        if family == .runner || family == .wheel, let nested = nestedVerdict(value) {
            return nested
        }
        if retcode == 0 {
            return OutcomeVerdict(.succeeded, cause: states.flatMap(testRunCause))
        }
        if let success {
            return OutcomeVerdict(success ? .succeeded : .failed, cause: "success \(success), no retcode", isWeak: true)
        }
        return OutcomeVerdict(.unknown, cause: "no retcode or success")
    }

    /// Returns the verdict of `salt-run jobs.exit_success`: whether the return is truthy in
    /// Python terms.
    public static func exitSuccess(_ value: Value?) -> Bool {
        switch value {
        case nil, .null: return false
        case .bool(let flag): return flag
        case .int(let number): return number != 0
        case .unsigned(let number): return number != 0
        case .double(let number): return number != 0
        case .string(let text): return !text.isEmpty
        case .invalidString(let bytes), .bytes(let bytes): return !bytes.isEmpty
        case .array(let items): return !items.isEmpty
        case .map(let entries): return !entries.isEmpty
        case .datetime, .ext: return true
        }
    }

    /// The maximum length, in UTF-8 bytes, of a string return searched for a conflict.
    ///
    /// Salt's "already running" message is one sentence, so longer strings are never searched.
    static let searchedTextLimit = 1023

    /// Returns whether the rule reads the members of a map that `function` returned.
    ///
    /// Only `state.*`, `runner.*` and `wheel.*` functions have such rules. For the others, the
    /// verdict on a map is the verdict on no value. So is the verdict on a string longer than
    /// `searchedTextLimit`, whatever the function. Readers may therefore keep such values as
    /// `EncodedValue`.
    public static func readsMembers(function: String) -> Bool {
        FunctionFamily(function).readsMembers
    }

    // MARK: - Steps of the rule

    /// Salt's message when a function refuses to start because another run of it is active:
    /// `The function "state.apply" is running as PID 4242 and was started at … with jid 2026…`.
    ///
    /// Only short strings are searched: the message is one sentence, and searching every long
    /// command output for it would cost more than the rest of the rule.
    static func conflict(in value: Value?) -> OutcomeVerdict? {
        switch value {
        case .string(let text):
            return conflict(inText: text)
        case .array(let items):
            for item in items {
                if case .string(let text) = item, let verdict = conflict(inText: text) { return verdict }
            }
            return nil
        default:
            return nil
        }
    }

    private static func conflict(inText text: String) -> OutcomeVerdict? {
        guard text.utf8.count <= searchedTextLimit else { return nil }
        return text.withUTF8Bytes { bytes -> OutcomeVerdict? in
            guard let running = offset(of: "is running as PID", in: bytes, from: 0) else { return nil }

            var jid: String?
            let marker: StaticString = "with jid "
            if let start = offset(of: marker, in: bytes, from: running) {
                let after = bytes[(start + marker.utf8CodeUnitCount)...]
                jid = String(decoding: after.prefix { (48...57).contains($0) || $0 == 95 }, as: UTF8.self)
            }
            return OutcomeVerdict(.conflict, cause: "already running", conflictingJid: jid)
        }
    }

    /// Returns the offset of the first `pattern` in `bytes` at or after `start`.
    ///
    /// Searches the text in place with `memchr` and `memcmp`: every string return is searched,
    /// and copying its bytes into an array first took half of this rule's instructions.
    private static func offset(
        of pattern: StaticString,
        in bytes: UnsafeBufferPointer<UInt8>,
        from start: Int
    ) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let length = pattern.utf8CodeUnitCount
        let first = Int32(pattern.utf8Start.pointee)
        var index = start
        while bytes.count - index >= length {
            guard let found = memchr(base + index, first, bytes.count - index - length + 1) else { return nil }
            index = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            if memcmp(base + index, pattern.utf8Start, length) == 0 { return index }
            index += 1
        }
        return nil
    }

    private static func stringList(_ value: Value?) -> [String]? {
        guard let items = value?.arrayValue else { return nil }
        let lines = items.compactMap(\.stringValue)
        return lines.count == items.count ? lines : nil
    }

    private static func failedStateCause(_ states: StateRunTally) -> String? {
        guard states.failedCount > 0 else { return nil }
        return "\(states.failedCount) of \(states.stateCount) states failed"
    }

    private static func retcodeInconsistency(_ states: StateRunTally?) -> String? {
        guard let states, states.stateCount > 0, states.failedCount == 0 else { return nil }
        return "non-zero retcode although every state passed"
    }

    private static func testRunCause(_ states: StateRunTally) -> String? {
        guard states.undecidedCount > 0 else { return nil }
        return "test run: \(states.undecidedCount) of \(states.stateCount) states would change"
    }

    /// A runner's return is the runner's event data: `{fun, jid, user, return, success, …}`,
    /// with orchestration adding `return.retcode`.
    private static func nestedVerdict(_ value: Value?) -> OutcomeVerdict? {
        guard let value, value.mapEntries != nil else { return nil }
        let success = value["success"]?.boolValue
        let retcode = value["retcode"]?.int64Value ?? value["return"]?["retcode"]?.int64Value

        if let retcode, retcode != 0 {
            return OutcomeVerdict(.failed, cause: "runner retcode \(retcode)")
        }
        if success == false {
            return OutcomeVerdict(.failed, cause: "runner success false")
        }
        if success == true {
            return OutcomeVerdict(.succeeded, cause: retcode == nil ? "runner success true" : nil)
        }
        return nil
    }
}
