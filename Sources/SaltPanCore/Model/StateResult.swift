/// One state's result in the return of a state run (`state.apply`, `state.sls`, `state.highstate`).
///
/// A state run returns a map keyed by state tags, `<module>_|-<id>_|-<name>_|-<function>`, each
/// holding `result`, `comment`, `changes`, `__id__`, `__sls__`, `__run_num__`, `duration` and
/// more. The name part may itself contain `_|-`, so the tag is split from both ends.
public struct StateResult: Sendable, Equatable {
    public var tag: String
    /// The state id (`__id__`), falling back to the id part of the tag.
    public var id: String
    /// The SLS file the state came from; nil for `state.single`.
    public var sls: String?
    /// The state function, such as `file.managed` or `cmd.run`.
    public var function: String
    public var name: String
    /// true, false, or nil when a test run (`test=True`) says the state would change something.
    public var result: Bool?
    public var comment: String
    public var hasChanges: Bool
    /// Milliseconds, as Salt reports them.
    public var duration: Double?
    public var runNumber: Int?
    /// False when a requisite failed and the state never ran (`__state_ran__: false`).
    public var didRun: Bool

    /// True when the comment says the state failed only because a requisite failed.
    public var isRequisiteCascade: Bool {
        comment.hasPrefix("One or more requisite failed")
    }

    /// Reads the results of a state run, ordered by `__run_num__`.
    ///
    /// Returns nil when `value` is not a map of state tags, for example when the run failed to
    /// render and returned a list of error strings.
    public static func results(in value: Value) -> [StateResult]? {
        guard let entries = value.mapEntries, !entries.isEmpty else { return nil }

        var results: [StateResult] = []
        results.reserveCapacity(entries.count)
        for entry in entries {
            guard let tag = entry.key.stringValue, let state = StateResult(tag: tag, value: entry.value) else {
                return nil
            }
            results.append(state)
        }
        return results.sorted { ($0.runNumber ?? Int.max) < ($1.runNumber ?? Int.max) }
    }

    init?(tag: String, value: Value) {
        let parts = StateResult.tagParts(tag)
        guard parts.count >= 4, value.mapEntries != nil else { return nil }

        self.tag = tag
        let module = parts[0]
        let stateFunction = parts[parts.count - 1]
        self.function = module + "." + stateFunction
        self.id = value["__id__"]?.stringValue ?? parts[1]
        self.name = value["name"]?.stringValue ?? parts[2..<(parts.count - 1)].joined(separator: "_|-")
        self.sls = value["__sls__"]?.stringValue
        self.result = value["result"]?.boolValue
        self.comment = StateResult.commentText(value["comment"])
        self.hasChanges = StateResult.isNonEmpty(value["changes"])
        self.duration = StateResult.number(value["duration"])
        self.runNumber = value["__run_num__"]?.int64Value.map { Int($0) }
        self.didRun = value["__state_ran__"]?.boolValue ?? true
    }

    /// Splits a state tag at its `_|-` separators.
    ///
    /// Scans UTF-8 bytes: every state of every state run is split, and the generic substring
    /// split cost a tenth of an ingest.
    static func tagParts(_ tag: String) -> [String] {
        let bytes = Array(tag.utf8)
        var parts: [String] = []
        var start = 0
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] == 95, bytes[index + 1] == 124, bytes[index + 2] == 45 {
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += 3
                start = index
            } else {
                index += 1
            }
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// Salt writes a comment as a string, or as a list of strings for some states.
    private static func commentText(_ value: Value?) -> String {
        switch value {
        case .string(let text):
            return text
        case .array(let lines):
            return lines.compactMap(\.stringValue).joined(separator: "\n")
        default:
            return ""
        }
    }

    private static func isNonEmpty(_ value: Value?) -> Bool {
        switch value {
        case .map(let entries): return !entries.isEmpty
        case .array(let items): return !items.isEmpty
        case .string(let text): return !text.isEmpty
        case nil, .null: return false
        default: return true
        }
    }

    private static func number(_ value: Value?) -> Double? {
        switch value {
        case .double(let number): return number
        case .int(let number): return Double(number)
        case .unsigned(let number): return Double(number)
        default: return nil
        }
    }
}
