/// A return value that a reader kept as the text the store writes, because nothing in the ingest
/// reads inside it.
///
/// Building a large return as a `Value` and encoding it again took about a fifth of each ingest
/// thread's time on an event log of the benchmark mix. `ReturnEventLine` therefore writes long
/// strings and maps in this form. It decodes a map as well only when the outcome rule of its
/// function reads members that `stateRunTally` does not count.
public struct EncodedValue: Sendable, Equatable {
    /// The value in the store's lossless JSON, the bytes `JSONWriter(dialect: .lossless)` writes.
    public var text: [UInt8]
    /// Whether the value is true in Python's terms, which `OutcomeRule.exitSuccess` reports.
    public var isTruthy: Bool
    /// The counts of a state run's return, when the reader took them from the text, so that the
    /// outcome rule of a `state.*` function needs no decoded value.
    public var stateRunTally: StateRunTally?

    public init(text: [UInt8], isTruthy: Bool) {
        self.text = text
        self.isTruthy = isTruthy
    }

    /// Decodes the value from the text.
    public func decoded() throws(LosslessJSONError) -> Value {
        try Value(losslessJSONText: text)
    }
}
