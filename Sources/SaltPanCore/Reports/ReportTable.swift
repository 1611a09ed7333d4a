/// The rows a query command prints, independent of the output format.
///
/// Each column has a field name, used as the CSV header and the JSON key, and a title for the
/// table and Markdown headers. `ReportRenderer` writes the same rows in every format.
public struct ReportTable: Sendable {
    public struct Column: Sendable {
        /// The field name in JSON and CSV, such as `failure_rate`.
        public var key: String
        /// The header in table and Markdown output, such as `FAILURE RATE`.
        public var title: String
        public var alignment: TextTable.Alignment
        /// The maximum cell length the table format prints in this column.
        ///
        /// Longer cells are cut and end in `…`; nil prints every cell whole.
        public var maximumTableWidth: Int?

        public init(
            _ key: String,
            _ title: String,
            _ alignment: TextTable.Alignment = .left,
            maximumTableWidth: Int? = nil
        ) {
            self.key = key
            self.title = title
            self.alignment = alignment
            self.maximumTableWidth = maximumTableWidth
        }
    }

    /// One cell of a row.
    public enum Cell: Sendable, Equatable {
        case null
        case text(String)
        case integer(Int64)
        case number(Double)
        /// A fraction from 0 to 1: a percentage in table and Markdown output, the number itself
        /// in JSON and CSV.
        case fraction(Double)
        /// A structured value: itself in JSON, compact JSON text in the other formats.
        case value(Value)
        /// A list of names: an array in JSON, the names separated by `, ` in the other formats.
        case list([String])

        public static func optional(_ text: String?) -> Cell {
            text.map(Cell.text) ?? .null
        }

        public static func count(_ number: Int) -> Cell {
            .integer(Int64(number))
        }

        public static func optional(_ number: Int?) -> Cell {
            number.map { .integer(Int64($0)) } ?? .null
        }

        public static func optionalFraction(_ fraction: Double?) -> Cell {
            fraction.map(Cell.fraction) ?? .null
        }
    }

    public var columns: [Column]
    public var rows: [[Cell]] = []

    public init(_ columns: [Column]) {
        self.columns = columns
    }

    public mutating func append(_ row: [Cell]) {
        precondition(row.count == columns.count, "a row has \(row.count) cells for \(columns.count) columns")
        rows.append(row)
    }
}
