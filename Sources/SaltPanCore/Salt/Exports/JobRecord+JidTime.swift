extension JobRecord {
    /// Sets the start time to the time in the jid, read `utcOffset` seconds east of UTC.
    ///
    /// The job cache reader does the same. The start time stays nil when the jid contains no
    /// valid time.
    mutating func setStartTimeFromJid(utcOffset: Int) {
        startTime = Jid.startTime(of: jid, utcOffset: utcOffset)
        startTimeBasis = startTime == nil ? nil : .jid
    }
}
