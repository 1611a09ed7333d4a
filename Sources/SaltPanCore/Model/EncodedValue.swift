/// A return value that a reader kept as text, because nothing in the ingest reads inside it.
///
/// Building a large return as a `Value` and encoding it again took about a fifth of each ingest
/// thread's time on an event log of the benchmark mix. `ReturnEventLine` therefore keeps long
/// strings and maps as text. It decodes a map as well only when the outcome rule of its function
/// reads members that `stateRunTally` does not count.
public struct EncodedValue: Sendable, Equatable {
    /// The encoding of `text`.
    public enum Form: Sendable, Equatable {
        /// The store's lossless JSON, the bytes `JSONWriter(dialect: .lossless)` writes.
        case stored
        /// JSON as the source wrote it, with its whitespace and escapes, checked with this
        /// nesting limit by a scanner that accepts what `JSONParser` accepts.
        ///
        /// `ReturnRecord.resolvingSourceText()` turns it into the stored form. The reader thread
        /// then only copies the bytes, and the writer thread, which has time to spare on an event
        /// log of large returns, writes the store's text.
        case source(maxDepth: Int)
    }

    /// The value in `form`.
    public var text: [UInt8]
    public var form: Form
    /// Whether the value is true in Python's terms, which `OutcomeRule.exitSuccess` reports.
    public var isTruthy: Bool
    /// The counts of a state run's return, when the reader took them from the text, so that the
    /// outcome rule of a `state.*` function needs no decoded value.
    public var stateRunTally: StateRunTally?

    /// Creates a value kept in the store's text.
    public init(text: [UInt8], isTruthy: Bool) {
        self.text = text
        self.form = .stored
        self.isTruthy = isTruthy
    }

    /// Creates a value kept as JSON text from the source, which `JSONScanner.skipValue()`
    /// accepted with `maxDepth`.
    init(sourceText: [UInt8], maxDepth: Int, isTruthy: Bool) {
        self.text = sourceText
        self.form = .source(maxDepth: maxDepth)
        self.isTruthy = isTruthy
    }

    /// Decodes the value from the text.
    public func decoded() throws(LosslessJSONError) -> Value {
        switch form {
        case .stored:
            return try Value(losslessJSONText: text)
        case .source(let maxDepth):
            do throws(JSONError) {
                return try JSONParser(maxDepth: maxDepth).parse(text)
            } catch {
                throw .syntax(error)
            }
        }
    }
}
