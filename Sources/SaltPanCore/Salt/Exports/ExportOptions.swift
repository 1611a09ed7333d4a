/// Facts about an export that its content does not carry, given by the caller.
public struct ExportOptions: Sendable {
    /// The jid of the job the input belongs to.
    ///
    /// Required by the formats that hold one job's results without naming it
    /// (`ExportFormat.requiresJid`). For a `salt` capture it replaces the jid the capture names,
    /// or the synthetic jid used when it names none.
    public var jid: String?
    /// Seconds east of UTC of saltshaker's local `YYYY-MM-DD hh:mm:ss` stamps.
    ///
    /// Those stamps carry no zone. ISO-8601 stamps with a `T` are read as UTC unless they name
    /// an offset.
    public var stampUTCOffset: Int
    /// Seconds east of UTC of the master's clock, for the time in jids and the zone-less
    /// `StartTime` and `EndTime` texts of `salt-run` outputs.
    public var masterUTCOffset: Int
    /// The SHA-256 of the whole input in hex, which names the synthetic jid of a `salt` capture.
    ///
    /// When nil, the reader hashes the bytes itself.
    public var inputSHA256: String?
    /// The master's id (`<name>_master`), under which the job cache stores runner returns.
    ///
    /// Runner return events do not name it. When nil, their returns are stored under
    /// `master`.
    public var masterID: String?

    public init(
        jid: String? = nil,
        stampUTCOffset: Int = 0,
        masterUTCOffset: Int = 0,
        inputSHA256: String? = nil,
        masterID: String? = nil
    ) {
        self.jid = jid
        self.stampUTCOffset = stampUTCOffset
        self.masterUTCOffset = masterUTCOffset
        self.inputSHA256 = inputSHA256
        self.masterID = masterID
    }
}
