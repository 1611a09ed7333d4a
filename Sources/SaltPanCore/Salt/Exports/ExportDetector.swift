/// Tells the export formats apart by content, and reports the shapes that several formats share
/// instead of guessing.
///
/// Decided by content:
/// - event lines (`{"data": {...}, "tag": ...}`, `{"tag": ...}`) and the event stream's `tag:`,
///   `data:` and `retry:` lines: `events`;
/// - `{"data": [...]}` holding events: `saltshaker-jobs`; holding `{"Jid": ...}`:
///   `saltshaker-job-manager`;
/// - an object with `jid` and `Function` (or `Error`): `salt-run-list-job`;
/// - `{<jid>: {"Function": ...}}`: `salt-run-active` with `Running` or `Returned`,
///   `salt-run-list-job` (print_job, last_run) with `Result` or `Minions`, otherwise
///   `salt-run-list-jobs`; a list of objects with `JID`: `salt-run-list-jobs`;
/// - several documents, or the text lines `salt` prints (`Executing run on`, `jid:`, …):
///   `salt-json`.
///
/// Ambiguous: `{minion: value}`, which `salt --static`, `salt-run jobs.lookup_jid`,
/// `jobs.exit_success` and saltshaker's job detail all print, and `{}`.
public enum ExportDetector {
    /// How many bytes a caller should pass when it detects from a prefix.
    ///
    /// The size covers the first entries of the corpus outputs many times over. An event log
    /// whose first line is longer is still recognized by how that line opens. A `salt --out=json`
    /// capture whose first return is longer is ambiguous until a longer prefix reaches its second
    /// document, which the ingest reads then.
    public static let prefixSize = 256 * 1024

    /// The formats that print one object keyed by minion id.
    static let minionMapFormats: [ExportFormat] = [
        .saltJSON, .saltRunLookupJid, .saltRunExitSuccess, .saltshakerJobDetail,
    ]

    /// Detects the format of `bytes`, the whole input or a prefix of it.
    ///
    /// A prefix decides as well as the whole input, unless it ends inside the first keys that
    /// tell formats apart, such as the first entry of a `salt-run` listing. Then the result is
    /// ambiguous or unknown, never a guess.
    public static func detect(_ bytes: [UInt8]) -> ExportDetection {
        let start = contentStart(bytes)
        if startsWithEventStreamField(bytes, at: start) {
            return .format(.events)
        }

        let scan = scanDocuments(bytes, from: start)
        guard let first = scan.documents.first else {
            // A corrupt first event line glues the next line's event on, so it fails past its end.
            if scan.invalidOffset != nil, startsLikeEventLine(bytes, at: start) {
                return .format(.events)
            }
            if scan.textLines.contains(where: \.isSaltOutput) {
                return .format(.saltJSON)
            }
            // The scan reads numbers and literals as text lines, because `salt` prints text lines
            // that start with anything. A whole input that parses is still one JSON value.
            if (try? JSONParser().parse(bytes[start...], line: 1)) != nil {
                return .unknown(tried: ExportFormat.allCases, reason: scalarReason)
            }
            if start == bytes.count {
                return .unknown(tried: ExportFormat.allCases, reason: "the input is empty or only white space")
            }
            let reason =
                scan.invalidOffset.map { invalidJSONReason(bytes, offset: $0) } ?? "the input holds no JSON value"
            return .unknown(tried: ExportFormat.allCases, reason: reason)
        }

        if isEvent(first, bytes: bytes, at: start) {
            return .format(.events)
        }
        if scan.documents.count > 1 || scan.textLines.contains(where: \.isSaltOutput) {
            return .format(.saltJSON)
        }
        switch first.kind {
        case .object:
            return detectObject(first)
        case .array:
            return detectArray(first)
        default:
            return .unknown(tried: ExportFormat.allCases, reason: scalarReason)
        }
    }

    private static let scalarReason = "the input is a single JSON scalar, not an object or list"

    private static func detectObject(_ object: JSONShape) -> ExportDetection {
        let keys = Set(object.keys)

        if let data = object["data"], data.kind == .array {
            return detectSaltshakerList(data)
        }
        if let data = object["data"], data.kind == .object, keys.contains("status") {
            return .format(.saltshakerJobDetail)
        }
        if keys.contains("jid"), keys.contains("Function") || keys.contains("Error") {
            return .format(.saltRunListJob)
        }
        if keys == ["outputter", "data"], object["data"]?.kind == .object {
            return .format(.saltRunLookupJid)
        }
        if let first = object.members.first, Jid.isValid(first.key), let entry = first.value, entry.kind == .object {
            if let listing = detectJobListing(entry) { return listing }
        }

        if object.members.isEmpty {
            guard object.isComplete else {
                return .unknown(tried: ExportFormat.allCases, reason: "the input ends before the first key")
            }
            return .ambiguous(minionMapFormats + [.saltRunListJobs, .saltRunActive])
        }
        return .ambiguous(minionMapCandidates(object))
    }

    /// `{<jid>: entry}`: a job listing when the entry has `Function`.
    private static func detectJobListing(_ entry: JSONShape) -> ExportDetection? {
        let keys = Set(entry.keys)
        if keys.contains("Running") || keys.contains("Returned") { return .format(.saltRunActive) }
        if keys.contains("Result") || keys.contains("Minions") { return .format(.saltRunListJob) }
        guard keys.contains("Function") else { return nil }
        if entry.isComplete { return .format(.saltRunListJobs) }
        return .ambiguous([.saltRunListJobs, .saltRunListJob, .saltRunActive])
    }

    /// `jobs.exit_success` prints only booleans, so a value of another type rules it out.
    private static func minionMapCandidates(_ object: JSONShape) -> [ExportFormat] {
        let allBoolean = object.members.allSatisfy { $0.value?.kind == .literal }
        return allBoolean ? minionMapFormats : minionMapFormats.filter { $0 != .saltRunExitSuccess }
    }

    private static func detectSaltshakerList(_ data: JSONShape) -> ExportDetection {
        guard let element = data.firstElement.first else {
            if data.isComplete {
                return .ambiguous([.saltshakerJobs, .saltshakerJobManager])
            }
            return .unknown(tried: [.saltshakerJobs, .saltshakerJobManager], reason: "the input ends in \"data\"")
        }

        let keys = Set(element.keys)
        if keys.contains("Jid") {
            return .format(.saltshakerJobManager)
        }
        if keys.contains("jid"), !keys.isDisjoint(with: ["cmd", "_stamp", "minions", "fun", "id"]) {
            return .format(.saltshakerJobs)
        }
        return .unknown(
            tried: [.saltshakerJobs, .saltshakerJobManager],
            reason: "the entries under \"data\" are neither job events (jid, fun, …) "
                + "nor job manager entries (Jid, …)"
        )
    }

    private static func detectArray(_ array: JSONShape) -> ExportDetection {
        guard let element = array.firstElement.first else {
            if array.isComplete { return .format(.saltRunListJobs) }
            return .unknown(tried: ExportFormat.allCases, reason: "the input ends inside a list")
        }
        if element.kind == .object, element.keys.contains("JID") {
            return .format(.saltRunListJobs)
        }
        return .unknown(
            tried: ExportFormat.allCases,
            reason: "the input is a list whose first element is not a jobs.list_jobs_filter entry with JID"
        )
    }

    // MARK: - Events

    /// Lines of the salt-api event stream: `tag: …`, `data: …` or `retry: …`.
    private static func startsWithEventStreamField(_ bytes: [UInt8], at start: Int) -> Bool {
        ["tag:", "data:", "retry:"].contains { bytes[start...].starts(with: $0.utf8) }
    }

    /// Returns whether the first document is an event: an object with a string `tag` and a `data` value.
    ///
    /// A first line longer than the prefix counts when it starts as `rawfile_json` writes one,
    /// `{"data": {` or `{"tag": "` on one line. The pretty-printed JSON of `salt` and `salt-run`
    /// starts with a line break instead.
    private static func isEvent(_ document: JSONShape, bytes: [UInt8], at start: Int) -> Bool {
        guard document.kind == .object else { return false }
        if document["tag"]?.kind == .string, document["data"] != nil {
            return true
        }
        guard !document.isComplete else { return false }
        return startsLikeEventLine(bytes, at: start)
    }

    /// Returns whether the text at `start` opens an event as `rawfile_json` writes it, on one line.
    private static func startsLikeEventLine(_ bytes: [UInt8], at start: Int) -> Bool {
        bytes[start...].starts(with: #"{"data": {"#.utf8) || bytes[start...].starts(with: #"{"tag": ""#.utf8)
    }

    // MARK: - Scanning

    private struct Scan {
        var documents: [JSONShape] = []
        var textLines: [CaptureTextLine] = []
        var invalidOffset: Int?
    }

    /// How many documents and text lines detection looks at.
    private static let scanLimit = 4

    /// Reads the outlines of the first documents and text lines.
    private static func scanDocuments(_ bytes: [UInt8], from start: Int) -> Scan {
        var scan = Scan()
        var scanner = JSONShapeScanner(bytes: bytes, position: start)

        while scan.documents.count < scanLimit, scan.textLines.count < scanLimit * 4 {
            scanner.skipWhitespace()
            if scanner.isAtEnd { break }

            let documentStart = scanner.position
            let lineEnd = bytes[documentStart...].firstIndex(of: 0x0a) ?? bytes.count
            if startsDocument(bytes[documentStart]) {
                do throws(JSONShapeScanner.Failure) {
                    let shape = try scanner.scanValue()
                    scan.documents.append(shape)
                    if !shape.isComplete { break }
                    continue
                } catch {
                    // A failure past the first line is broken JSON; one on it may be a text line
                    // that starts like JSON, such as `[WARNING ] …`.
                    if error.offset >= lineEnd {
                        scan.invalidOffset = error.offset
                        break
                    }
                }
            }

            scan.textLines.append(CaptureTextLine(String(decoding: bytes[documentStart..<lineEnd], as: UTF8.self)))
            scanner = JSONShapeScanner(bytes: bytes, position: lineEnd)
        }
        return scan
    }

    /// Describes where broken JSON fails, with line and column counted as `JSONError` counts them.
    private static func invalidJSONReason(_ bytes: [UInt8], offset: Int) -> String {
        let end = min(offset, bytes.count)
        let line = bytes[0..<end].count(where: { $0 == 0x0a }) + 1
        let lineStart = bytes[0..<end].lastIndex(of: 0x0a).map { $0 + 1 } ?? 0
        return "invalid JSON at line \(line), column \(end - lineStart + 1)"
    }

    /// Documents start with `{`, `[` or `"`; text lines may start with anything else.
    private static func startsDocument(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "\"")
    }

    /// Returns the offset after a UTF-8 byte order mark and leading whitespace.
    private static func contentStart(_ bytes: [UInt8]) -> Int {
        var start = bytes.starts(with: [0xef, 0xbb, 0xbf]) ? 3 : 0
        while start < bytes.count, [0x20, 0x0a, 0x0d, 0x09].contains(bytes[start]) {
            start += 1
        }
        return start
    }
}
