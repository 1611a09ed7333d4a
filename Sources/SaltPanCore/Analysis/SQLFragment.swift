/// A piece of SQL with the values of its `?` parameters, in the order they appear.
///
/// Queries are built from fragments so that user text (globs, users, metadata) always reaches
/// SQLite as a bound parameter, never as part of the SQL text.
struct SQLFragment: Sendable {
    enum Parameter: Sendable, Equatable {
        case text(String)
        case integer(Int64)
    }

    var text: String
    var parameters: [Parameter]

    init(_ text: String, _ parameters: [Parameter] = []) {
        self.text = text
        self.parameters = parameters
    }

    /// Joins the fragments with `AND`, each in brackets, or returns `1` when there are none.
    static func all(_ fragments: [SQLFragment]) -> SQLFragment {
        guard !fragments.isEmpty else { return SQLFragment("1") }
        return SQLFragment(
            fragments.map { "(\($0.text))" }.joined(separator: " AND "),
            fragments.flatMap(\.parameters)
        )
    }

    /// Joins the fragments with `OR`, each in brackets, or returns `0` when there are none.
    static func any(_ fragments: [SQLFragment]) -> SQLFragment {
        guard !fragments.isEmpty else { return SQLFragment("0") }
        return SQLFragment(
            fragments.map { "(\($0.text))" }.joined(separator: " OR "),
            fragments.flatMap(\.parameters)
        )
    }

    /// Builds `column IN (?, ?, …)` for the values, which must not be empty.
    static func column(_ column: String, in values: [Parameter]) -> SQLFragment {
        let marks = Array(repeating: "?", count: values.count).joined(separator: ", ")
        return SQLFragment("\(column) IN (\(marks))", values)
    }
}

extension Statement {
    /// Binds `parameters` to `?1`, `?2`, … in order, starting at `index`.
    func bind(_ parameters: [SQLFragment.Parameter], startingAt index: Int32 = 1) throws {
        for (offset, parameter) in parameters.enumerated() {
            let position = index + Int32(offset)
            switch parameter {
            case .text(let text): try bind(text, at: position)
            case .integer(let number): try bind(number, at: position)
            }
        }
    }
}
