/// What one source says about one minion's return for a job.
///
/// `retcode` and `success` are nil when the source did not carry them: old `return.p` files held
/// only the bare value, runner results keep theirs nested in the return, and exported JSON often
/// drops them. Absent is not zero and not true; the outcome rule treats it as unknown.
public struct ReturnRecord: Sendable {
    public var jid: String
    /// The minion id, or the master's id (`<name>_master`) for runner jobs.
    public var minion: String
    public var product: String?
    public var retcode: Int64?
    public var success: Bool?
    /// The function's return value, or nil when the record had no `return` key at all, or when the
    /// reader kept it only as `encodedValue`.
    public var value: Value?
    /// The return value as text, when the reader kept it so: the text the store writes, or the
    /// source's JSON (`EncodedValue.Form.source`) until `resolvingSourceText()` turns it into that.
    ///
    /// A reader may leave `value` nil beside it only where the outcome rule gives the verdict it
    /// gives on no value: a string longer than `OutcomeRule.searchedTextLimit` bytes, or a map
    /// returned by a function whose rule reads no members (`OutcomeRule.readsMembers(function:)`).
    /// The one exception is a state run's map with its `EncodedValue.stateRunTally`, which
    /// source text gets from `resolvingSourceText()`.
    public var encodedValue: EncodedValue?
    public var form: ReturnForm
    /// The outputter the minion named (`out.p`), such as `highstate` or `nested`.
    public var outputter: String?
    /// When the return event was fired (`_stamp`), in UTC; nil for job cache returns.
    public var stamp: Timestamp?
    /// The function the minion ran, when the record names it (return events do).
    public var function: String?

    public init(jid: String, minion: String, value: Value?, form: ReturnForm) {
        self.jid = jid
        self.minion = minion
        self.value = value
        self.form = form
    }

    /// The return value, decoded from `encodedValue` when the reader kept it as text.
    public func decodedValue() throws(LosslessJSONError) -> Value? {
        if let value { return value }
        return try encodedValue?.decoded()
    }
}

/// The layout a return was stored in.
public enum ReturnForm: String, Sendable {
    /// A map with `return` and, when present, `retcode` and `success` (Salt 3002 and later).
    case map
    /// The bare return value with nothing beside it (Salt 2016.11 and earlier).
    case bare
    /// An event or export record that carried the fields itself.
    case event
}
