/// Reads a minion's `return.p` into a `ReturnRecord`.
public enum ReturnReader {
    /// Reads the decoded contents of a `return.p`.
    ///
    /// Salt 3002 and later write a map `{return, retcode, success}` (runner jobs only `return`).
    /// Older masters wrote the bare return value. Salt's own reader wraps anything that is not a
    /// map with a `return` key as `{return: value}`, and so does this one, with the same
    /// ambiguity: a bare return that is itself a map holding `return` is read as the new form.
    public static func record(jid: String, minion: String, returnFile value: Value) -> ReturnRecord {
        guard let returned = value["return"] else {
            return ReturnRecord(jid: jid, minion: minion, value: value, form: .bare)
        }
        var record = ReturnRecord(jid: jid, minion: minion, value: returned, form: .map)
        record.retcode = value["retcode"]?.int64Value
        record.success = value["success"]?.boolValue
        return record
    }

    /// Returns the retcode of a `return.p` as text for a message when it is present but not an
    /// integer that fits in 64 bits, which `record(jid:minion:returnFile:)` leaves out.
    static func unreadableRetcode(returnFile value: Value) -> String? {
        guard value["return"] != nil, let retcode = value["retcode"], retcode != .null, retcode.int64Value == nil
        else { return nil }
        return retcode.messagePreview
    }
}
