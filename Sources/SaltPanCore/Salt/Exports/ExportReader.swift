/// Reads exported job JSON into records: the entry point for every `ExportFormat`.
///
/// ```swift
/// let detection = ExportDetector.detect(bytes)
/// guard case .format(let format) = detection else { fail(detection.message) }
/// try ExportReader.read(format, bytes: bytes, options: options) { record in store(record) }
/// ```
///
/// Every format but `events` is one document (or, for `salt-json`, a few documents), parsed
/// from the byte buffer straight into one `Value`. An event log can be far larger than memory;
/// read it from a stream with `EventLineReader` instead, which this entry point also uses.
public enum ExportReader {
    /// Reads `bytes` as `format`, emitting records in input order.
    ///
    /// - Returns: The event counts for `.events`; nil for other formats.
    /// - Throws: `ExportError` when a required jid is missing or invalid, or when the document
    ///   has another shape than the format's. `JSONError`, with line and column, when a document
    ///   is not valid JSON. Errors that `emit` throws are passed on.
    @discardableResult
    public static func read(
        _ format: ExportFormat,
        bytes: [UInt8],
        options: ExportOptions = ExportOptions(),
        emit: (ExportRecord) throws -> Void
    ) throws -> EventStatistics? {
        let jid = try validatedJid(for: format, options: options)

        switch format {
        case .events:
            var reader = EventLineReader(stream: MemoryByteStream(bytes), options: options)
            return try reader.read(emit: emit)
        case .saltJSON:
            var reader = SaltCLICaptureReader(bytes: withoutByteOrderMark(bytes), options: options)
            try reader.read(emit: emit)
            return nil
        default:
            try readDocument(format, root: try parse(bytes), jid: jid, options: options, emit: emit)
            return nil
        }
    }

    private static func readDocument(
        _ format: ExportFormat,
        root: Value,
        jid: String?,
        options: ExportOptions,
        emit: (ExportRecord) throws -> Void
    ) throws {
        switch format {
        case .saltshakerJobs:
            try SaltshakerJobListReader.read(root, options: options, emit: emit)
        case .saltshakerJobManager:
            try ActiveJobsReader.readJobManager(root, options: options, emit: emit)
        case .saltshakerJobDetail:
            try MinionReturnMapReader.readSaltshakerDetail(root, jid: jid ?? "", options: options, emit: emit)
        case .saltRunListJobs:
            try SaltRunListJobsReader.read(root, options: options, emit: emit)
        case .saltRunListJob:
            try SaltRunJobReader.read(root, options: options, emit: emit)
        case .saltRunLookupJid:
            try MinionReturnMapReader.readLookupJid(root, jid: jid ?? "", options: options, emit: emit)
        case .saltRunExitSuccess:
            try ExitSuccessReader.read(root, jid: jid ?? "", emit: emit)
        case .saltRunActive:
            try ActiveJobsReader.readSaltRun(root, options: options, emit: emit)
        case .events, .saltJSON:
            break
        }
    }

    /// Returns the given jid after checking it, or nil when none is given and the format does
    /// not need one.
    private static func validatedJid(for format: ExportFormat, options: ExportOptions) throws -> String? {
        guard let jid = options.jid else {
            if format.requiresJid { throw ExportError.missingJid(format) }
            return nil
        }
        guard Jid.isValid(jid) else {
            throw ExportError(
                "--jid '\(jid.prefix(40))' is not a Salt jid: expected 20 digits (YYYYMMDDhhmmssffffff), "
                    + "optionally followed by _<pid>"
            )
        }
        return jid
    }

    /// Parses one whole document, skipping a byte order mark without copying the input.
    private static func parse(_ bytes: [UInt8]) throws -> Value {
        let start = bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
        return try JSONParser().parse(bytes[start...], line: 1)
    }

    private static let byteOrderMark: [UInt8] = [0xef, 0xbb, 0xbf]

    private static func withoutByteOrderMark(_ bytes: [UInt8]) -> [UInt8] {
        bytes.starts(with: byteOrderMark) ? Array(bytes.dropFirst(byteOrderMark.count)) : bytes
    }
}
