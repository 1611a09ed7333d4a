/// Reads the jobs with results that `salt-run --out=json` prints: `jobs.list_job` gives
/// `{jid, Function, ..., Minions, StartTime, Result}`, and `jobs.print_job` and `jobs.last_run`
/// give `{jid: {the same without jid}}`.
///
/// `Minions` is the union of the job's `.minions*.p` files, so it gives the expected minions.
/// A runner job's arguments are taken from its result's `fun_args`, as the job cache reader
/// takes them from the load.
/// `Result` is `{minion: {return, retcode, success, [out]}}`: each minion's `return.p` map plus
/// its outputter, read as the job cache reader reads `return.p`. For an unknown jid `list_job`
/// prints `{jid, Error, StartTime, Result: {}}`, which gives a warning and no job. Bytes and
/// datetimes arrive as the `repr` strings `salt-run` prints (`"b'...'"`,
/// `"datetime.datetime(...)"`) and are kept as those strings.
enum SaltRunJobReader {
    static func read(_ root: Value, options: ExportOptions, emit: (ExportRecord) throws -> Void) throws {
        guard let entries = root.mapEntries else {
            throw ExportError.unexpectedShape(.saltRunListJob, expected: "an object", found: root)
        }

        if let jid = root["jid"]?.stringValue {
            try readJob(jid: jid, entry: root, path: nil, options: options, emit: emit)
            return
        }
        for entry in entries {
            guard let jid = entry.key.stringValue, Jid.isValid(jid) else {
                try emit(.error("key \(entry.key.messagePreview) is not a Salt jid; entry skipped"))
                continue
            }
            try readJob(jid: jid, entry: entry.value, path: jid, options: options, emit: emit)
        }
    }

    private static func readJob(
        jid: String,
        entry: Value,
        path: String?,
        options: ExportOptions,
        emit: (ExportRecord) throws -> Void
    ) throws {
        guard Jid.isValid(jid) else {
            try emit(.error("jid '\(jid.prefix(40))' is not a Salt jid; job skipped", entry: path))
            return
        }
        if let error = entry["Error"] {
            let reason = error.stringValue ?? error.shapeName
            try emit(.warning("salt-run found no job \(jid): '\(reason)'; nothing read", entry: path))
            return
        }

        var job = JobListingEntry.record(jid: jid, entry: entry, options: options)
        if job.kind == .runner || job.kind == .wheel, job.arguments == nil, let target = job.target?.stringValue {
            job.arguments = entry["Result"]?[target]?["return"]?["fun_args"]
        }
        try emit(.job(job))

        for result in entry["Result"]?.mapEntries ?? [] {
            guard let minion = result.key.stringValue else {
                try emit(.error("a Result key is \(result.key.shapeName), not a minion id; skipped", entry: path))
                continue
            }
            var record = ReturnReader.record(jid: jid, minion: minion, returnFile: result.value)
            record.outputter = result.value["out"]?.stringValue
            try emit(.returned(record))
        }
    }
}
