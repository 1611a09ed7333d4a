/// Reads what `salt ... --out=json` printed (Salt 3008).
///
/// - With `--static`: one object `{minion: return}`. Minions that did not respond are left out.
/// - Without it: one document `{minion: return}` per minion as it returns. A minion that did not
///   return shows `"Minion did not return. [No response]…"` (or `[Not connected]`), which
///   ends with `salt-run jobs.lookup_jid <jid>`.
/// - With `-b`: `Executing run on [...]` lines, then per minion
///   `{"retcode": 0, "jid": "…", "<minion>": return}`. In 3008 all sub-batches share one jid;
///   in 3006 and 3007 each has its own, so each document's jid is used.
/// - Text lines name the jid (`jid: …`, `Executing job with jid …`,
///   `Executed command with job ID: …`) or report trouble (`No minions matched the target…`,
///   `ERROR: …`); any other text gives a warning with its line number.
///
/// Returns carry no retcode or success, except in batch documents, which carry `retcode`. A
/// minion that did not return becomes an expected minion without a return, never a return. The
/// expected minions are the ones the capture names; `--static` omits those that did not answer,
/// so there they can be fewer than the master targeted.
///
/// When the capture names no jid and none is given, the job gets the synthetic jid
/// `capture-<first 16 hex digits of the input's SHA-256>`, which no Salt jid can equal, and is
/// marked `isSyntheticJid`.
struct SaltCLICaptureReader {
    /// The prefix of synthetic jids.
    static let syntheticJidPrefix = "capture-"

    /// The minions and returns of one job, by the jid a batch document named, or by nil for
    /// the capture's own jid.
    private struct Group {
        var returns: [ReturnRecord] = []
        var minions: [String] = []
    }

    private let bytes: [UInt8]
    private let options: ExportOptions
    private var groups: [String?: Group] = [:]
    private var groupOrder: [String?] = []
    /// Jids named by text lines and by "did not return" messages, in input order.
    private var namedJids: [String] = []
    /// The minion lists of `Executing run on` lines whose batch jid is not known yet.
    private var pendingRuns: [[String]] = []
    private var lines: LineCounter

    init(bytes: [UInt8], options: ExportOptions) {
        self.bytes = bytes
        self.options = options
        self.lines = LineCounter(bytes: bytes)
    }

    /// Reads the capture, emitting warnings as they come and the jobs with their returns at the
    /// end, once the jids are known.
    mutating func read(emit: (ExportRecord) throws -> Void) throws {
        var reader = JSONDocumentReader(bytes: bytes)
        while true {
            let document: (value: Value, line: Int)?
            do {
                document = try reader.nextDocument()
            } catch {
                let start = reader.offset
                let line = lines.line(at: start)
                // Salt's log lines start with `[`, as in `[ERROR   ] …`, but no text line starts
                // with `{`: that is a document, even a broken one on a single line.
                let isBrokenDocument =
                    bytes[start] == UInt8(ascii: "{") || (bytes[start] == UInt8(ascii: "[") && error.line > line)
                if isBrokenDocument {
                    try emit(.error("\(error); the rest of the capture was not read", line: error.line))
                    break
                }
                try handleText(from: start, line: line, emit: emit)
                reader.skipLine()
                continue
            }
            guard let document else { break }
            try handleDocument(document.value, line: document.line, emit: emit)
        }
        try finish(emit: emit)
    }

    // MARK: - Input

    private mutating func handleDocument(_ value: Value, line: Int, emit: (ExportRecord) throws -> Void) throws {
        guard let entries = value.mapEntries else {
            try emit(.warning("the JSON \(value.shapeName) is not a {minion: return} object; skipped", line: line))
            return
        }

        let batchJid = value["jid"]?.stringValue.flatMap { Jid.isValid($0) ? $0 : nil }
        let isBatch = batchJid != nil && value["retcode"] != nil
        if isBatch, let retcode = value["retcode"], retcode != .null, retcode.int64Value == nil {
            let message =
                "retcode \(retcode.messagePreview) of batch jid \(batchJid ?? "") is not an integer; "
                + "the returns of this document are stored without a retcode"
            try emit(.warning(message, line: line))
        }
        for entry in entries {
            guard let minion = entry.key.stringValue else {
                try emit(.warning("a key is \(entry.key.shapeName), not a minion id; skipped", line: line))
                continue
            }
            if isBatch, minion == "jid" || minion == "retcode" { continue }

            let group = isBatch ? batchJid : nil
            if isBatch { claimPendingRun(containing: minion, for: group) }
            addMinion(minion, to: group)
            if let text = entry.value.stringValue, text.hasPrefix("Minion did not return.") {
                if let jid = Self.lookupJid(in: text) { name(jid) }
                continue
            }

            var record = ReturnRecord(jid: "", minion: minion, value: entry.value, form: isBatch ? .event : .bare)
            if isBatch { record.retcode = value["retcode"]?.int64Value }
            groups[group, default: Group()].returns.append(record)
        }
    }

    private mutating func handleText(from start: Int, line: Int, emit: (ExportRecord) throws -> Void) throws {
        let end = bytes[start...].firstIndex(of: 0x0a) ?? bytes.count
        let text = String(decoding: bytes[start..<end], as: UTF8.self)

        switch CaptureTextLine(text) {
        case .jid(let jid):
            name(jid)
        case .separator:
            break
        case .batchRun(let minions):
            pendingRuns.append(minions)
        case .batchSkipped(let minion):
            let message = "minion '\(minion)' did not respond to the batch's ping, so salt sent it no job"
            try emit(.warning(message, line: line))
        case .noMinionsMatched:
            try emit(.warning("salt matched no minions, so it published no job", line: line))
        case .error(let message):
            try emit(.warning("salt printed '\(message.prefix(200))'", line: line))
        case .other(let other):
            try emit(.warning("unexpected text '\(other.prefix(60))' between the JSON documents; skipped", line: line))
        }
    }

    /// Returns the jid at the end of Salt's "did not return" message, which ends with
    /// `salt-run jobs.lookup_jid <jid>`.
    static func lookupJid(in text: String) -> String? {
        guard let range = text.ranges(of: "jobs.lookup_jid ").last else { return nil }
        let jid = String(text[range.upperBound...].prefix { $0.isASCII && ($0.isNumber || $0 == "_") })
        return Jid.isValid(jid) ? jid : nil
    }

    // MARK: - Groups

    private mutating func addMinion(_ minion: String, to group: String?) {
        if groups[group] == nil { groupOrder.append(group) }
        groups[group, default: Group()].minions.append(minion)
    }

    private mutating func name(_ jid: String) {
        if !namedJids.contains(jid) { namedJids.append(jid) }
    }

    /// Moves the `Executing run on` list that contains `minion` to the batch job `group`.
    ///
    /// Ids are compared by their bytes, as Salt compares them (see `BytewiseString`).
    private mutating func claimPendingRun(containing minion: String, for group: String?) {
        let isListed = { (run: [String]) in run.contains { BytewiseString.haveSameBytes($0, minion) } }
        guard let index = pendingRuns.firstIndex(where: isListed) else { return }
        for other in pendingRuns.remove(at: index) {
            addMinion(other, to: group)
        }
    }

    // MARK: - Output

    private mutating func finish(emit: (ExportRecord) throws -> Void) throws {
        let batchJids = groupOrder.compactMap { $0 }
        for run in pendingRuns {
            let group = batchJids.count == 1 ? batchJids.first : nil
            for minion in run { addMinion(minion, to: group) }
        }

        let ownJids = namedJids.filter { !batchJids.contains($0) }
        if groups[nil] == nil, !ownJids.isEmpty {
            groupOrder.append(nil)
            groups[nil] = Group()
        }
        if groups.isEmpty {
            let jidNote = options.jid == nil ? " and names no jid" : ""
            try emit(.warning("the capture holds no returns\(jidNote); nothing was read"))
            return
        }

        let captureJid = try resolveCaptureJid(named: ownJids, emit: emit)
        for key in groupOrder {
            guard let group = groups[key] else { continue }
            let jid = key ?? captureJid.jid
            var job = JobRecord(jid: jid, kind: .published)
            job.expectedMinions = group.minions.isEmpty ? nil : BytewiseString.distinctSorted(group.minions)
            job.isSyntheticJid = key == nil && captureJid.isSynthetic
            job.setStartTimeFromJid(utcOffset: options.masterUTCOffset)
            try emit(.job(job))

            for var record in group.returns {
                record.jid = jid
                try emit(.returned(record))
            }
        }
    }

    /// The jid of the returns that name none: the one given, the one the capture names, or a
    /// synthetic one.
    private func resolveCaptureJid(
        named namedJids: [String],
        emit: (ExportRecord) throws -> Void
    ) throws -> (jid: String, isSynthetic: Bool) {
        if let given = options.jid {
            if let named = namedJids.first(where: { $0 != given }) {
                try emit(.warning("the capture names jid \(named), but --jid gives \(given); \(given) is used"))
            }
            return (given, false)
        }
        if let first = namedJids.first {
            if namedJids.count > 1 {
                let names = namedJids.joined(separator: ", ")
                try emit(.warning("the capture names several jids (\(names)); its returns are stored under \(first)"))
            }
            return (first, false)
        }
        return (syntheticJid(), true)
    }

    private func syntheticJid() -> String {
        if let digest = options.inputSHA256, digest.count >= 16 {
            return Self.syntheticJidPrefix + digest.prefix(16).lowercased()
        }
        var hash = SHA256()
        hash.update(bytes)
        return Self.syntheticJidPrefix + hexString(hash.finalize()).prefix(16)
    }
}

/// Line numbers of byte offsets, counted forward from the last offset asked about.
private struct LineCounter {
    let bytes: [UInt8]
    private var offset = 0
    private var line = 1

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Returns the line of `target`, counting again from the start for an earlier offset.
    mutating func line(at target: Int) -> Int {
        if target < offset {
            offset = 0
            line = 1
        }
        let end = min(target, bytes.count)
        for index in offset..<end where bytes[index] == 0x0a {
            line += 1
        }
        offset = end
        return line
    }
}
