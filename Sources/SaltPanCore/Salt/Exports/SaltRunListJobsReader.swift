/// Reads `salt-run jobs.list_jobs --out=json`, `{jid: entry}` in the order the master walked its
/// cache, and `jobs.list_jobs_filter`, a list of the same entries with a `JID` field.
///
/// The entries give jobs without returns or expected minions (see `JobListingEntry`).
/// `salt-run` prints values JSON cannot hold with Python's `repr`, so bytes arrive as
/// `"b'...'"` and datetimes as `"datetime.datetime(...)"` strings. They are kept as strings,
/// because the output contains nothing more.
enum SaltRunListJobsReader {
    static func read(_ root: Value, options: ExportOptions, emit: (ExportRecord) throws -> Void) throws {
        switch root {
        case .map(let entries):
            for entry in entries {
                guard let jid = entry.key.stringValue, Jid.isValid(jid) else {
                    try emit(.error("key \(entry.key.messagePreview) is not a Salt jid; entry skipped"))
                    continue
                }
                try emit(.job(JobListingEntry.record(jid: jid, entry: entry.value, options: options)))
            }
        case .array(let items):
            for (index, item) in items.enumerated() {
                guard let jid = item["JID"]?.stringValue, Jid.isValid(jid) else {
                    try emit(.error("the entry has no valid JID; skipped", entry: "[\(index)]"))
                    continue
                }
                try emit(.job(JobListingEntry.record(jid: jid, entry: item, options: options)))
            }
        default:
            throw ExportError.unexpectedShape(
                .saltRunListJobs,
                expected: "an object keyed by jid or a list of entries with JID",
                found: root
            )
        }
    }
}
