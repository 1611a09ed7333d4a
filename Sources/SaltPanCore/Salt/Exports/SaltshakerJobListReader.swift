/// Reads saltshaker's job list: `{"data": [...], "status": ..., "message": ...}`, whose entries
/// are Salt events as saltshaker stored them, each with the `product_id` it belongs to.
///
/// New-job entries (`arg`, `fun`, `jid`, `tgt`, `tgt_type`, `user`, `minions`, `_stamp`) give
/// jobs with their expected minions and `publishStamp`. Return entries (`cmd: "_return"`, `id`,
/// `fun`, `fun_args`, `jid`, `return`, `retcode`, `success`, `_stamp`) give returns carrying
/// the product. Those with `schedule` also give their scheduled job, as in the job cache. Values
/// are read back as Salt wrote them (see `SaltshakerValue`), and `_stamp` as `SaltStamp` says,
/// with `ExportOptions.stampUTCOffset` as saltshaker's local zone.
enum SaltshakerJobListReader {
    static func read(_ root: Value, options: ExportOptions, emit: (ExportRecord) throws -> Void) throws {
        let items = try SaltshakerEnvelope.items(of: root, format: .saltshakerJobs, emit: emit)

        for (index, item) in items.enumerated() {
            let path = "data[\(index)]"
            guard item.mapEntries != nil else {
                try emit(.warning("the entry is \(item.shapeName), not an event object; skipped", entry: path))
                continue
            }
            guard let jid = item["jid"]?.stringValue, Jid.isValid(jid) else {
                let found = item["jid"]?.messagePreview ?? "none"
                try emit(.error("the entry has no valid jid (found \(found)); skipped", entry: path))
                continue
            }

            if item["cmd"]?.stringValue == "_return" || item["id"] != nil {
                try readReturn(item, jid: jid, path: path, options: options, emit: emit)
            } else if item["minions"] != nil || item["fun"] != nil {
                try emit(.job(newJob(item, jid: jid, path: path, options: options, emit: emit)))
            } else {
                try emit(.warning("the entry is neither a new-job nor a return event; skipped", entry: path))
            }
        }
    }

    private static func newJob(
        _ item: Value,
        jid: String,
        path: String,
        options: ExportOptions,
        emit: (ExportRecord) throws -> Void
    ) throws -> JobRecord {
        var job = JobRecord(jid: jid, kind: .published)
        LoadReader.apply(SaltshakerValue.removingProduct(from: item), to: &job)
        job.load = nil
        job.expectedMinions = item["minions"]?.arrayValue.map {
            BytewiseString.distinctSorted($0.compactMap(\.stringValue))
        }
        job.publishStamp = try stamp(of: item, path: path, options: options, emit: emit)
        job.setStartTimeFromJid(utcOffset: options.masterUTCOffset)
        return job
    }

    private static func readReturn(
        _ item: Value,
        jid: String,
        path: String,
        options: ExportOptions,
        emit: (ExportRecord) throws -> Void
    ) throws {
        guard let minion = item["id"]?.stringValue, !minion.isEmpty else {
            try emit(.error("the return event has no minion id; skipped", entry: path))
            return
        }

        // The job first, so that its return is stored under a job with its load.
        if item["schedule"]?.stringValue != nil {
            try emit(.job(scheduledJob(item, jid: jid, minion: minion, options: options)))
        }

        let value = item["return"].map(SaltshakerValue.restoringStateNulls)
        var record = ReturnRecord(jid: jid, minion: minion, value: value, form: .event)
        record.product = item["product_id"]?.stringValue
        record.stamp = try stamp(of: item, path: path, options: options, emit: emit)
        record.function = LoadReader.functionName(item["fun"])
        record.outputter = item["out"]?.stringValue
        do {
            record.retcode = try SaltshakerValue.retcode(item["retcode"])
        } catch {
            try emit(.warning("\(error.message); read as absent", entry: path))
        }
        do {
            record.success = try SaltshakerValue.success(item["success"])
        } catch {
            try emit(.warning("\(error.message); read as absent", entry: path))
        }
        try emit(.returned(record))
    }

    /// The job cache stores a scheduled job's return event as its load.
    private static func scheduledJob(_ item: Value, jid: String, minion: String, options: ExportOptions) -> JobRecord {
        var job = JobRecord(jid: jid, kind: .scheduled)
        LoadReader.apply(SaltshakerValue.removingProduct(from: item), to: &job)
        job.expectedMinions = [minion]
        job.setStartTimeFromJid(utcOffset: options.masterUTCOffset)
        return job
    }

    private static func stamp(
        of item: Value,
        path: String,
        options: ExportOptions,
        emit: (ExportRecord) throws -> Void
    ) throws -> Timestamp? {
        guard let text = item["_stamp"]?.stringValue, !text.isEmpty else { return nil }
        guard let stamp = SaltStamp.parse(text, localOffset: options.stampUTCOffset) else {
            try emit(.warning("cannot read _stamp '\(text.prefix(40))'; ignored", entry: path))
            return nil
        }
        return stamp
    }
}
