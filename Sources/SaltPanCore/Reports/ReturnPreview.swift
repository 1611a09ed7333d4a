/// A one-line summary of a return value for tables.
enum ReturnPreview {
    static let maximumLength = 60

    /// The first non-empty line of text, a state run's counts, or compact JSON, shortened.
    static func line(_ value: Value?, function: String?) -> String {
        guard let value else { return "" }
        if function?.hasPrefix("state.") == true, let states = StateResult.results(in: value) {
            return stateSummary(states)
        }
        switch value {
        case .string(let text):
            let lines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
            let first = lines.first.map(String.init) ?? ""
            let more = lines.count > 1 ? " (+\(lines.count - 1) lines)" : ""
            return shorten(first, reserving: more.count) + more
        default:
            return shorten(JobDetailRenderer.compactJSON(value), reserving: 0)
        }
    }

    private static func stateSummary(_ states: [StateResult]) -> String {
        let failed = states.filter { $0.result == false }.count
        let wouldChange = states.filter { $0.result == nil }.count
        let changed = states.filter(\.hasChanges).count
        var parts = ["\(states.count) states", "\(failed) failed", "\(changed) changed"]
        if wouldChange > 0 { parts.append("\(wouldChange) would change") }
        return parts.joined(separator: ", ")
    }

    /// Replaces control characters with spaces and cuts the text to fit, marking the cut.
    private static func shorten(_ text: String, reserving: Int) -> String {
        let printable = String(text.map { $0.isASCII && ($0.asciiValue ?? 32) < 32 ? " " : $0 })
        let limit = max(10, maximumLength - reserving)
        guard printable.count > limit else { return printable }
        return String(printable.prefix(limit - 1)) + "…"
    }
}
