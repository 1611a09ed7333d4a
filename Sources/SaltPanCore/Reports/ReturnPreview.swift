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
            let (first, lineCount) = firstLine(of: text)
            let more = lineCount > 1 ? " (+\(lineCount - 1) lines)" : ""
            return shorten(first, reserving: more.count) + more
        default:
            return shorten(JobDetailRenderer.compactJSON(value), reserving: 0)
        }
    }

    /// Returns the first line that is not blank and the number of such lines.
    ///
    /// The lines are counted in place, since an array of them costs memory in proportion to
    /// their number, and `cmd.run 'seq 1 5000000'` returns five million.
    private static func firstLine(of text: String) -> (first: Substring, count: Int) {
        var first: Substring = ""
        var count = 0
        var start = text.startIndex
        while start < text.endIndex {
            let end = text[start...].firstIndex(where: \.isNewline) ?? text.endIndex
            let line = text[start..<end]
            if !line.allSatisfy(\.isWhitespace) {
                if count == 0 { first = line }
                count += 1
            }
            start = end < text.endIndex ? text.index(after: end) : end
        }
        return (first, count)
    }

    private static func stateSummary(_ states: [StateResult]) -> String {
        let failed = states.filter { $0.result == false }.count
        let wouldChange = states.filter { $0.result == nil }.count
        let changed = states.filter(\.hasChanges).count
        var parts = ["\(states.count) states", "\(failed) failed", "\(changed) changed"]
        if wouldChange > 0 { parts.append("\(wouldChange) would change") }
        return parts.joined(separator: ", ")
    }

    /// Shows control characters as `ControlPictures.line(_:)` does and cuts the text to fit,
    /// marking the cut.
    ///
    /// Only the characters shown are mapped. Mapping a whole 60 MB return, at 16 bytes per
    /// `Character`, made a debug build of `saltpan job` peak at 1.2 GB for a cell of 60.
    private static func shorten(_ text: some StringProtocol, reserving: Int) -> String {
        let limit = max(10, maximumLength - reserving)
        let head = text.prefix(limit + 1)
        let visible = ControlPictures.line(String(head))
        guard visible.count > limit else { return visible }
        return String(visible.prefix(limit - 1)) + "…"
    }
}
