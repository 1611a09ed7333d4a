/// Turns Salt events into job and return records, as the master's job cache would store them.
///
/// - `salt/job/<jid>/new` gives the job with its expected minions (`minions`) and
///   `publishStamp`; `…/publish` gives the job with its load.
/// - `salt/job/<jid>/ret/<minion>` gives a return. A scheduled return (with `schedule`) also
///   gives its job, whose load is the return itself, as in the job cache.
/// - `salt/run/<jid>/new` gives a runner job, and `salt/run/<jid>/ret` its return, stored under
///   the master's id with the event's data as the value, as `return.p` stores it.
/// - `salt/batch/<jid>/…` gives the batch state of a Salt 3008 batch job, once per job.
/// - Every other tag is counted in the statistics and skipped.
///
/// The interpreter keeps a little state across events: the `_stamp` of each runner `new` event
/// until its `ret`, and the latest state of each batch until it completes. It also keeps a job's
/// `new` event until the next event, because the master fires `publish` right after it. The two
/// then become one record, which the store writes once instead of writing and then merging.
struct EventInterpreter {
    /// The minion id of runner returns when `ExportOptions.masterID` is not given: runner events
    /// do not name the master.
    static let masterPlaceholder = "master"

    private let options: ExportOptions
    private(set) var statistics = EventStatistics()
    /// The `_stamp` of each runner job's `new` event that has had no `ret` yet.
    private var runnerStamps: [String: Value] = [:]
    /// The latest data of each batch that has not completed, and the order they started in.
    private var openBatches: [String: Value] = [:]
    private var openBatchOrder: [String] = []
    /// The job of the last `new` event, until the next event shows whether `publish` follows.
    private var pendingNewJob: JobRecord?
    /// Whether a return value kept as the line's text is to be turned into the store's text here
    /// (see `EventLineReader.resolvesSourceTextNow`).
    var resolvesSourceTextNow: @Sendable () -> Bool = { false }

    init(options: ExportOptions) {
        self.options = options
    }

    /// The id runner returns are stored under.
    var runnerMinion: String {
        options.masterID ?? Self.masterPlaceholder
    }

    /// Handles one event read at `line`.
    mutating func handle(tag: String, data: Value, line: Int, emit: (ExportRecord) throws -> Void) throws {
        try handle(tag: tag, kind: EventTag(tag), data: data, line: line, emit: emit)
    }

    /// Handles one event read at `line` whose tag the caller has classified as `kind`.
    mutating func handle(
        tag: String,
        kind: EventTag,
        data: Value,
        line: Int,
        emit: (ExportRecord) throws -> Void
    ) throws {
        try startEvent(kind: kind, emit: emit)
        // Job events are most of a log; only other tags need the data to find their ids.
        let pattern = kind.knownPattern ?? EventTag.pattern(of: tag, data: data)
        guard kind != .other else {
            statistics.countSkipped(pattern)
            return
        }
        if case .invalidJid(let jid) = kind {
            statistics.countSkipped(pattern)
            let message =
                "event '\(tag.prefix(120))' names jid '\(jid.prefix(40))', which is not a Salt jid "
                + "(20 digits, as in 20261204195001950381); skipped"
            try emit(.error(message, line: line))
            return
        }
        guard data.mapEntries != nil else {
            try emit(.warning("the data of event '\(tag)' is \(data.shapeName), not an object; skipped", line: line))
            return
        }
        statistics.countRead(pattern)

        let stamp = try readStamp(data["_stamp"].map(ReturnEventFields.Stamp.value), tag: tag, line: line, emit: emit)
        switch kind {
        case .jobNew(let jid):
            pendingNewJob = newJob(jid: jid, data: data, stamp: stamp)
        case .jobPublish(let jid):
            try emit(.job(publishedJob(jid: jid, data: data, stamp: stamp, after: pendingNewJob)))
            pendingNewJob = nil
        case .jobReturn(let jid, let minion):
            let fields = ReturnEventFields(data: data)
            // The job first: a return of a jid not stored yet would make a job without a load,
            // which the scheduled job then had to fill in, and its return judged again.
            if fields.isScheduled {
                let scheduledMinion = fields.id?.stringValue ?? minion
                try emit(.job(scheduledJob(jid: jid, minion: scheduledMinion, data: data)))
            }
            try handleReturn(
                jid: jid,
                minion: minion,
                fields: fields,
                encodedReturn: nil,
                stamp: stamp,
                line: line,
                emit: emit
            )
        case .runnerNew(let jid):
            runnerStamps[jid] = data["_stamp"] ?? .null
            try emit(.job(runnerJob(jid: jid, data: data, publishStamp: stamp)))
        case .runnerReturn(let jid):
            try handleRunnerReturn(jid: jid, data: data, stamp: stamp, line: line, emit: emit)
        case .batch(let jid, let phase):
            try handleBatch(jid: jid, phase: phase, data: data, emit: emit)
        case .invalidJid, .other:
            break
        }
    }

    /// Handles a job return line that `ReturnEventLine` read, of a job that is not scheduled.
    ///
    /// The records are those `handle(tag:kind:data:line:emit:)` gives for the whole event, whose
    /// tag is `salt/job/<jid>/ret/<minion>`.
    mutating func handleReturn(
        _ event: ReturnEventLine,
        jid: String,
        minion: String,
        line: Int,
        emit: (ExportRecord) throws -> Void
    ) throws {
        try startEvent(kind: event.kind, emit: emit)
        statistics.countRead(EventTag.jobReturnPattern)

        let stamp = try readStamp(event.fields.stamp, tag: "salt/job/\(jid)/ret/\(minion)", line: line, emit: emit)
        try handleReturn(
            jid: jid,
            minion: minion,
            fields: event.fields,
            encodedReturn: event.encodedReturn,
            stamp: stamp,
            line: line,
            emit: emit
        )
    }

    /// Counts an event and emits the job of the last `new` event, unless this event is the
    /// `publish` event of that job.
    private mutating func startEvent(kind: EventTag, emit: (ExportRecord) throws -> Void) throws {
        statistics.eventCount += 1
        if let pending = pendingNewJob, kind != .jobPublish(jid: pending.jid) {
            pendingNewJob = nil
            try emit(.job(pending))
        }
    }

    /// Emits the batch jobs that never completed, with the last state seen.
    mutating func finish(emit: (ExportRecord) throws -> Void) throws {
        if let pending = pendingNewJob {
            pendingNewJob = nil
            try emit(.job(pending))
        }
        for jid in openBatchOrder {
            guard let data = openBatches[jid] else { continue }
            try emit(.job(batchJob(jid: jid, data: data)))
        }
        openBatches = [:]
        openBatchOrder = []
    }

    // MARK: - Jobs

    /// Builds the job of a `new` event, which names the minions the master expected.
    ///
    /// The load is the `publish` event, not this one, so the record keeps no load.
    private func newJob(jid: String, data: Value, stamp: Timestamp?) -> JobRecord {
        var job = JobRecord(jid: jid, kind: .published)
        LoadReader.apply(data, to: &job)
        job.load = nil
        job.expectedMinions = data["minions"]?.arrayValue.map(Self.minionList)
        job.publishStamp = stamp
        job.setStartTimeFromJid(utcOffset: options.masterUTCOffset)
        return job
    }

    /// Builds the job of a `publish` event, which carries the load without `cmd` and `kwargs`.
    ///
    /// With the job of the `new` event just before it, the record is what storing the two one
    /// after the other gives. It has the load and its fields from `publish` and the expected
    /// minions from `new`. It keeps the first `_stamp`, because a later one does not replace a
    /// stored stamp.
    private func publishedJob(jid: String, data: Value, stamp: Timestamp?, after newJob: JobRecord?) -> JobRecord {
        var job = JobRecord(jid: jid, kind: .published)
        LoadReader.apply(data, to: &job)
        job.publishStamp = stamp
        job.setStartTimeFromJid(utcOffset: options.masterUTCOffset)
        if let newJob {
            job.expectedMinions = newJob.expectedMinions
            job.publishStamp = newJob.publishStamp ?? stamp
        }
        return job
    }

    /// Builds a runner job from its `new` event, or from its `ret` event when `new` was lost.
    private func runnerJob(jid: String, data: Value, publishStamp: Timestamp?) -> JobRecord {
        var job = JobRecord(jid: jid, kind: .runner)
        LoadReader.apply(data, to: &job)
        job.kind = .runner
        job.load = nil
        job.arguments = data["fun_args"]
        job.expectedMinions = [runnerMinion]
        job.publishStamp = publishStamp
        job.setStartTimeFromJid(utcOffset: options.masterUTCOffset)
        return job
    }

    /// Builds a scheduled job from its return.
    ///
    /// The master stores the return as the job's load, adding `arg`, `tgt_type: glob` and
    /// `tgt: <minion>` when missing, and lists the minion in `.minions.p`.
    private func scheduledJob(jid: String, minion: String, data: Value) -> JobRecord {
        var load = data
        if case .map(var fields) = load {
            if data["arg"] == nil { fields.append(.init(key: .string("arg"), value: data["fun_args"] ?? .array([]))) }
            if data["tgt_type"] == nil { fields.append(.init(key: .string("tgt_type"), value: .string("glob"))) }
            if data["tgt"] == nil { fields.append(.init(key: .string("tgt"), value: .string(minion))) }
            load = .map(fields)
        }

        var job = JobRecord(jid: jid, kind: .scheduled)
        LoadReader.apply(load, to: &job)
        job.expectedMinions = [minion]
        job.setStartTimeFromJid(utcOffset: options.masterUTCOffset)
        return job
    }

    private func batchJob(jid: String, data: Value) -> JobRecord {
        var job = JobRecord(jid: jid, kind: .published)
        let state = data["state"]
        job.function = LoadReader.functionName(data["fun"])
        job.arguments = state?["arg"]
        job.target = data["tgt"]
        job.targetType = data["tgt_type"]?.stringValue
        job.user = data["user"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        job.batch = state
        job.expectedMinions = state?["all_minions"]?.arrayValue.map(Self.minionList)
        job.setStartTimeFromJid(utcOffset: options.masterUTCOffset)
        return job
    }

    // MARK: - Returns

    private func handleReturn(
        jid: String,
        minion tagMinion: String,
        fields: ReturnEventFields,
        encodedReturn: EncodedValue?,
        stamp: Timestamp?,
        line: Int,
        emit: (ExportRecord) throws -> Void
    ) throws {
        let minion = fields.id?.stringValue ?? tagMinion
        var record = ReturnRecord(jid: jid, minion: minion, value: fields.returnValue, form: .event)
        record.encodedValue = encodedReturn
        record.retcode = fields.retcode?.int64Value
        record.success = fields.success?.boolValue
        if record.retcode == nil, let retcode = fields.retcode, retcode != .null {
            let message =
                "retcode \(retcode.messagePreview) of minion '\(minion)' in jid \(jid) is not an integer; "
                + "the return is stored without a retcode, so its success decides the outcome"
            try emit(.warning(message, line: line))
        }
        record.stamp = stamp
        record.function = LoadReader.functionName(fields.function)
        record.outputter = fields.outputter?.stringValue
        if let encodedReturn, encodedReturn.form != .stored, resolvesSourceTextNow() {
            record = try record.resolvingSourceText()
        }
        try emit(.returned(record))
    }

    /// Emits a runner's return, whose value is the whole event data, as in the job cache.
    ///
    /// The job cache reuses the dict of the `new` event, so its `_stamp` is the one from `new`,
    /// and the value here takes it too. The runner's success stays inside the value, where the
    /// job cache keeps it as well.
    private mutating func handleRunnerReturn(
        jid: String,
        data: Value,
        stamp: Timestamp?,
        line: Int,
        emit: (ExportRecord) throws -> Void
    ) throws {
        let newStamp = runnerStamps.removeValue(forKey: jid)
        let function = LoadReader.functionName(data["fun"]) ?? ""
        if newStamp == nil, !function.hasPrefix("runner."), Self.saysNotAvailable(data["return"]) {
            let message =
                "runner '\(function)' of jid \(jid) does not exist, and Salt stored no job for it; return skipped"
            try emit(.warning(message, line: line))
            return
        }

        if newStamp == nil {
            try emit(.job(runnerJob(jid: jid, data: data, publishStamp: nil)))
        }
        var value = data
        if let newStamp, newStamp != .null, case .map(var fields) = data,
            let index = fields.firstIndex(where: { $0.key == .string("_stamp") })
        {
            fields[index].value = newStamp
            value = .map(fields)
        }

        var record = ReturnRecord(jid: jid, minion: data["id"]?.stringValue ?? runnerMinion, value: value, form: .event)
        record.stamp = stamp
        record.function = function.isEmpty ? nil : function
        try emit(.returned(record))
    }

    /// `"'nosuch.func' is not available."`, the return of a runner that does not exist.
    private static func saysNotAvailable(_ value: Value?) -> Bool {
        value?.stringValue?.hasSuffix(" is not available.") ?? false
    }

    // MARK: - Batches

    private mutating func handleBatch(
        jid: String,
        phase: String,
        data: Value,
        emit: (ExportRecord) throws -> Void
    ) throws {
        guard phase == "complete" else {
            if openBatches.updateValue(data, forKey: jid) == nil { openBatchOrder.append(jid) }
            return
        }
        openBatches[jid] = nil
        openBatchOrder.removeAll { $0 == jid }
        try emit(.job(batchJob(jid: jid, data: data)))
    }

    // MARK: - Fields

    private func readStamp(
        _ field: ReturnEventFields.Stamp?,
        tag: @autoclosure () -> String,
        line: Int,
        emit: (ExportRecord) throws -> Void
    ) throws -> Timestamp? {
        let text: String
        switch field {
        case .parsed(let stamp): return stamp
        case .value(.string(let string)): text = string
        case .value, nil: return nil
        }
        guard let stamp = SaltStamp.parse(text) else {
            try emit(.warning("cannot read _stamp '\(text.prefix(40))' of event '\(tag())'; ignored", line: line))
            return nil
        }
        return stamp
    }

    private static func minionList(_ items: [Value]) -> [String] {
        BytewiseString.distinctSorted(items.compactMap(\.stringValue))
    }
}
