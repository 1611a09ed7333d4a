/// Reads the running jobs that `salt-run jobs.active` prints as `{jid: entry}`, and
/// saltshaker's job manager, which lists the same entries under `data` with a `Jid` field.
///
/// An entry has the job listing fields plus `Running: [{minion: pid}]` and
/// `Returned: [minion]`. Salt builds it by asking the targeted minions what they run, so the
/// expected minions are the running and returned ones together. A targeted minion that is down
/// appears in neither. The entries hold no return values, so only jobs are emitted.
enum ActiveJobsReader {
    /// Reads `salt-run jobs.active` output: `{jid: entry}`, or `{}` when nothing runs.
    static func readSaltRun(
        _ root: Value,
        options: ExportOptions,
        emit: (ExportRecord) throws -> Void
    ) throws {
        guard let entries = root.mapEntries else {
            throw ExportError.unexpectedShape(.saltRunActive, expected: "an object keyed by jid", found: root)
        }

        for entry in entries {
            guard let jid = entry.key.stringValue, Jid.isValid(jid) else {
                try emit(.error("key \(entry.key.messagePreview) is not a Salt jid; entry skipped"))
                continue
            }
            try emit(.job(record(jid: jid, entry: entry.value, options: options)))
        }
    }

    /// Reads saltshaker's job manager: `{"data": [{Jid, Function, ...}], "status": ..., "message": ...}`.
    static func readJobManager(
        _ root: Value,
        options: ExportOptions,
        emit: (ExportRecord) throws -> Void
    ) throws {
        let items = try SaltshakerEnvelope.items(of: root, format: .saltshakerJobManager, emit: emit)

        for (index, item) in items.enumerated() {
            let path = "data[\(index)]"
            guard let jid = item["Jid"]?.stringValue, Jid.isValid(jid) else {
                try emit(.error("the entry has no valid Jid; entry skipped", entry: path))
                continue
            }
            try emit(.job(record(jid: jid, entry: item, options: options)))
        }
    }

    /// Builds the job of one entry, expecting its running and returned minions.
    static func record(jid: String, entry: Value, options: ExportOptions) -> JobRecord {
        var job = JobListingEntry.record(jid: jid, entry: entry, options: options)

        var minions: [String] = []
        for running in entry["Running"]?.arrayValue ?? [] {
            for pair in running.mapEntries ?? [] {
                if let minion = pair.key.stringValue { minions.append(minion) }
            }
        }
        for returned in entry["Returned"]?.arrayValue ?? [] {
            if let minion = returned.stringValue { minions.append(minion) }
        }
        // A `Set<String>` would merge ids that differ only in Unicode normalization.
        job.expectedMinions = BytewiseString.distinctSorted(minions)
        JobListingEntry.expectMaster(of: &job)
        return job
    }
}
