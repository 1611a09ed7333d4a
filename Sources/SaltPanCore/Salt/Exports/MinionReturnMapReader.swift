/// Reads one job's `{minion: return}`, as `salt-run jobs.lookup_jid <jid> --out=json` and
/// saltshaker's job detail print it.
///
/// Neither names the job, so the caller gives the jid. The values are bare returns, without
/// retcode or success. With `missing=True`, `jobs.lookup_jid` lists the expected minions that
/// did not return with the text `"Minion did not return"`. Those become expected minions of the
/// job, never returns. A return that is that very text is read the same way, because Salt's own
/// output cannot tell them apart. When the returns carry an outputter, `jobs.lookup_jid` wraps
/// the map as `{"outputter": ..., "data": {...}}`. Bytes and datetimes arrive as the `repr`
/// strings `salt-run` prints (`"b'...'"`, `"datetime.datetime(...)"`) and are kept as such.
///
/// Each input gives one job: a runner job when the only return is a runner's data
/// (`{fun: "runner.…", jid, …}`), otherwise a job of unknown kind, since the input names no
/// function. It expects the minions listed only when some of them did not return, because
/// without `missing=True` the map shows only those that did.
enum MinionReturnMapReader {
    /// The value `jobs.lookup_jid` with `missing=True` shows for a minion without a return.
    static let didNotReturn = "Minion did not return"

    /// Reads `jobs.lookup_jid` output, unwrapping `{outputter, data}`.
    static func readLookupJid(
        _ root: Value,
        jid: String,
        options: ExportOptions,
        emit: (ExportRecord) throws -> Void
    ) throws {
        var map = root
        var outputter: String?
        if Set(root.mapEntries?.compactMap(\.key.stringValue) ?? []) == ["outputter", "data"],
            let data = root["data"], data.mapEntries != nil
        {
            map = data
            outputter = root["outputter"]?.stringValue
        }
        guard let entries = map.mapEntries else {
            throw ExportError.unexpectedShape(.saltRunLookupJid, expected: "an object keyed by minion id", found: root)
        }
        try read(entries, jid: jid, outputter: outputter, restoringNulls: false, options: options, emit: emit)
    }

    /// Reads saltshaker's job detail, unwrapping its `{"data": ..., "status": ...}` envelope when
    /// present, and restoring the nulls its exporter wrote as `""` (see `SaltshakerValue`).
    static func readSaltshakerDetail(
        _ root: Value,
        jid: String,
        options: ExportOptions,
        emit: (ExportRecord) throws -> Void
    ) throws {
        var map = root
        let keys = Set(root.mapEntries?.compactMap(\.key.stringValue) ?? [])
        if keys.contains("status"), keys.isSubset(of: ["data", "status", "message"]), let data = root["data"] {
            try SaltshakerEnvelope.warnAboutStatus(of: root, emit: emit)
            map = data
        }
        guard let entries = map.mapEntries else {
            throw ExportError.unexpectedShape(
                .saltshakerJobDetail,
                expected: "an object keyed by minion id",
                found: map
            )
        }
        try read(entries, jid: jid, outputter: nil, restoringNulls: true, options: options, emit: emit)
    }

    private static func read(
        _ entries: [Value.MapEntry],
        jid: String,
        outputter: String?,
        restoringNulls: Bool,
        options: ExportOptions,
        emit: (ExportRecord) throws -> Void
    ) throws {
        var returns: [ReturnRecord] = []
        var missing: [String] = []
        for entry in entries {
            guard let minion = entry.key.stringValue else {
                try emit(.error("key \(entry.key.shapeName) is not a minion id; skipped"))
                continue
            }
            if entry.value == .string(didNotReturn) {
                missing.append(minion)
                continue
            }
            let value = restoringNulls ? SaltshakerValue.restoringStateNulls(entry.value) : entry.value
            var record = ReturnRecord(jid: jid, minion: minion, value: value, form: .bare)
            record.outputter = outputter
            returns.append(record)
        }

        var job = job(jid: jid, returns: returns)
        if !missing.isEmpty {
            job.expectedMinions = BytewiseString.distinctSorted(missing + returns.map(\.minion))
        }
        job.setStartTimeFromJid(utcOffset: options.masterUTCOffset)
        try emit(.job(job))
        for record in returns {
            try emit(.returned(record))
        }
    }

    /// Builds a runner job when the only return is the runner's data for this jid, otherwise a
    /// job of unknown kind.
    private static func job(jid: String, returns: [ReturnRecord]) -> JobRecord {
        guard returns.count == 1, let only = returns.first, let data = only.value,
            let function = data["fun"]?.stringValue, function.hasPrefix("runner."), data["jid"]?.stringValue == jid
        else {
            return JobRecord(jid: jid, kind: .unknown)
        }

        var job = JobRecord(jid: jid, kind: .runner)
        job.function = function
        job.arguments = data["fun_args"]
        job.user = data["user"]?.stringValue
        job.expectedMinions = [only.minion]
        return job
    }
}
