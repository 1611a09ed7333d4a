/// Plain aligned columns with a header underline, for terminal output.
///
/// Text is left-aligned and numbers right-aligned; widths come from the data, so the whole table
/// is buffered before it is written. Nothing is truncated here: callers shorten long cells.
/// Control characters in cells are shown as `ControlPictures.line(_:)` shows them, because
/// cells hold minion ids and output from minions, and an escape sequence or line break in them
/// would act on the terminal or break the row.
public struct TextTable: Sendable {
    public enum Alignment: Sendable {
        case left
        case right
    }

    public struct Column: Sendable {
        public var title: String
        public var alignment: Alignment

        public init(_ title: String, _ alignment: Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    public var columns: [Column]
    public private(set) var rows: [[String]] = []

    public init(_ columns: [Column]) {
        self.columns = columns
    }

    public mutating func append(_ row: [String]) {
        rows.append(row.map(ControlPictures.line))
    }

    /// The table as lines of text, each ending in a newline.
    public func render() -> String {
        let widths = columns.indices.map { index in
            rows.reduce(columns[index].title.count) { max($0, $1.indices.contains(index) ? $1[index].count : 0) }
        }

        var text = line(columns.map(\.title), widths: widths)
        text += line(widths.map { String(repeating: "-", count: $0) }, widths: widths)
        for row in rows {
            text += line(row, widths: widths)
        }
        return text
    }

    private func line(_ cells: [String], widths: [Int]) -> String {
        var parts: [String] = []
        for (index, width) in widths.enumerated() {
            let cell = cells.indices.contains(index) ? cells[index] : ""
            let padding = String(repeating: " ", count: max(0, width - cell.count))
            let isLast = index == widths.count - 1
            switch columns[index].alignment {
            case .left: parts.append(isLast ? cell : cell + padding)
            case .right: parts.append(padding + cell)
            }
        }
        return parts.joined(separator: "  ") + "\n"
    }
}
