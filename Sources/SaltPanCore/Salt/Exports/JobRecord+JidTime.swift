extension JobRecord {
    /// Sets the start time to the time in the jid, read `utcOffset` seconds east of UTC, as the
    /// job cache reader does; leaves it nil when the jid holds no valid time.
    mutating func setStartTimeFromJid(utcOffset: Int) {
        startTime = Jid.startTime(of: jid, utcOffset: utcOffset)
        startTimeBasis = startTime == nil ? nil : .jid
    }
}
