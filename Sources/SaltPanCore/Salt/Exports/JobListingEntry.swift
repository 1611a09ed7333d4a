/// Reads the job entries that `salt-run jobs.*` and saltshaker print: `Function`, `Arguments`,
/// `Target`, `Target-type`, `User`, `StartTime`, and optionally `Minions`, `Metadata` and
/// `EndTime`.
///
/// Salt fills them from the load (`salt.utils.jid.format_jid_instance`): `Arguments` is the
/// load's `arg` or `[]`, and `Target-type` defaults to `"list"` and `User` to `"root"` when the
/// load has none. So every runner job shows `"list"`, and a scheduled job shows `"root"`. The
/// job's kind therefore comes from its function alone: `runner.` and `wheel.` functions are
/// runner and wheel jobs, whose made-up target type is dropped. Their `Arguments` is `[]` too,
/// because their arguments are in the return's `fun_args`, so an empty list is dropped as well.
/// `User` is kept, because nothing in the entry distinguishes a scheduled job from a published
/// one.
enum JobListingEntry {
    /// Builds the job record of `entry`, whose jid the caller took from the key or field that
    /// contains it.
    ///
    /// The start time is read from the jid in the master's zone, because `StartTime` is only the
    /// jid written as text. `StartTime` is used when the jid has no readable time.
    static func record(jid: String, entry: Value, options: ExportOptions) -> JobRecord {
        let function = LoadReader.functionName(entry["Function"])
        var job = JobRecord(jid: jid, kind: kind(of: function))
        job.function = function
        job.arguments = entry["Arguments"]
        job.target = entry["Target"]
        if job.kind == .runner || job.kind == .wheel {
            job.targetType = nil
            if job.arguments == .array([]) { job.arguments = nil }
        } else {
            job.targetType = entry["Target-type"]?.stringValue
        }
        job.user = nonEmpty(entry["User"]?.stringValue)
        job.metadata = entry["Metadata"]

        if let minions = entry["Minions"]?.arrayValue {
            job.expectedMinions = BytewiseString.distinctSorted(minions.compactMap(\.stringValue))
        }
        expectMaster(of: &job)

        job.setStartTimeFromJid(utcOffset: options.masterUTCOffset)
        if job.startTime == nil, let text = entry["StartTime"]?.stringValue {
            job.startTime = Timestamp(saltTime: text, utcOffset: options.masterUTCOffset)
            job.startTimeBasis = job.startTime == nil ? nil : .jid
        }
        if let text = entry["EndTime"]?.stringValue {
            job.endTime = Timestamp(saltTime: text, utcOffset: options.masterUTCOffset)
        }
        return job
    }

    /// The kind a function name implies; jobs of other functions count as published.
    static func kind(of function: String?) -> JobKind {
        switch FunctionFamily(function) {
        case .runner: return .runner
        case .wheel: return .wheel
        case .state, .other: return function == nil ? .unknown : .published
        }
    }

    /// Expects the master's id, the job's target, for a runner or wheel job without minions.
    ///
    /// A runner job's minion list is empty, and its result is stored under the master's id.
    /// Expecting the master there matches the job cache reader.
    static func expectMaster(of job: inout JobRecord) {
        guard job.kind == .runner || job.kind == .wheel, job.expectedMinions?.isEmpty ?? true,
            let master = job.target?.stringValue, !master.isEmpty
        else { return }
        job.expectedMinions = [master]
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
