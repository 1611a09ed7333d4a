/// The result of `ExportDetector` for one input.
public enum ExportDetection: Sendable, Equatable {
    /// The content matches exactly one format.
    case format(ExportFormat)
    /// The content has a shape that several formats share, such as `{minion: value}`, which
    /// `salt --static`, `salt-run jobs.lookup_jid`, `jobs.exit_success` and saltshaker's job
    /// detail all print. The caller must not pick one, so it requests `--input-format`.
    case ambiguous([ExportFormat])
    /// The content matches no format, and `reason` describes what was found.
    case unknown(tried: [ExportFormat], reason: String)

    /// A message for the user when detection did not find one format, or nil when it did.
    ///
    /// The message requests `--jid` too when a candidate format does not carry the jid.
    public var message: String? {
        message(jidIsGiven: false)
    }

    /// Builds the message for the user when detection did not find one format.
    ///
    /// - Parameter jidIsGiven: True when the user already gave `--jid`, so the message does not
    ///   request it.
    /// - Returns: The message, or nil when detection found one format.
    public func message(jidIsGiven: Bool) -> String? {
        switch self {
        case .format:
            return nil
        case .ambiguous(let candidates):
            let names = candidates.map(\.rawValue).joined(separator: ", ")
            let needsJid = !jidIsGiven && candidates.contains { $0.requiresJid }
            return "the input could be any of these formats: \(names). Choose one with --input-format"
                + (needsJid ? ", and give the job's jid with --jid, which this shape does not carry" : "")
        case .unknown(let tried, let reason):
            let names = tried.map(\.rawValue).joined(separator: ", ")
            return "the input matches none of the export formats (tried \(names)): \(reason)"
        }
    }
}
