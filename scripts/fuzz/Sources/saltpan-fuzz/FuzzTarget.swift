import SaltPanCore

/// One decoder under fuzzing, fed one input at a time.
///
/// Every target must accept any bytes: a thrown error is the expected result of bad input,
/// while a crash, a failed check or a sanitizer report is a defect. The checks stop the
/// process with `fatalError`, so libFuzzer saves the input that caused them.
enum FuzzTarget: String, CaseIterable {
    case msgpack
    case tar
    case gzip
    case json
    case events
    case jobcache

    /// The largest entry the archive targets read into memory, far below the default, so an
    /// input that claims a large entry costs the fuzzer no time.
    static let maxEntrySize = 1 << 20

    func run(_ bytes: [UInt8]) {
        switch self {
        case .msgpack: Self.decodeMessagePack(bytes)
        case .tar: Self.readTar(bytes)
        case .gzip: Self.readGzip(bytes)
        case .json: Self.parseJSON(bytes)
        case .events: Self.readEvents(bytes)
        case .jobcache: Self.readJobCache(bytes)
        }
    }

    /// Decodes MessagePack and checks that the value survives the store's lossless JSON and a
    /// second MessagePack encoding, byte for byte.
    static func decodeMessagePack(_ bytes: [UInt8]) {
        guard let decoded = try? MessagePackDecoder().decode(bytes) else { return }
        let encoder = MessagePackEncoder()
        let encoded = encoder.encode(decoded.value)
        guard let again = try? MessagePackDecoder().decode(encoded) else {
            fatalError("the encoder wrote MessagePack its decoder rejects")
        }
        guard encoder.encode(again.value) == encoded else {
            fatalError("a MessagePack round trip changed the value")
        }

        let stored = JSONWriter(dialect: .lossless).encode(decoded.value)
        guard let restored = try? Value(losslessJSONText: stored) else {
            fatalError("the lossless JSON writer wrote text its reader rejects")
        }
        guard isSame(restored, decoded.value) else {
            fatalError("a lossless JSON round trip changed the value")
        }
    }

    /// Compares values as the store promises to keep them: exactly, except that every NaN
    /// equals every other, because the lossless dialect stores a NaN without its sign and
    /// payload bits, as `LosslessJSON` documents.
    static func isSame(_ left: Value, _ right: Value) -> Bool {
        switch (left, right) {
        case (.double(let a), .double(let b)) where a.isNaN || b.isNaN:
            return a.isNaN && b.isNaN
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { isSame($0, $1) }
        case (.map(let a), .map(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { isSame($0.key, $1.key) && isSame($0.value, $1.value) }
        default:
            return left == right
        }
    }

    /// Reads every entry, going on after recoverable errors as the ingest does.
    static func readTar(_ bytes: [UInt8]) {
        drain(TarReader(stream: MemoryByteStream(bytes, maxReadSize: 4096), maxEntrySize: maxEntrySize))
    }

    static func readGzip(_ bytes: [UInt8]) {
        guard let gzip = try? GzipByteStream(source: MemoryByteStream(bytes), decompressedSizeLimit: 16 << 20) else {
            fatalError("zlib could not be initialised")
        }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while let count = try? buffer.withUnsafeMutableBytes({ try gzip.read(into: $0) }), count > 0 {}
    }

    /// Parses the input as one document, then as a stream of documents with text between them.
    static func parseJSON(_ bytes: [UInt8]) {
        _ = try? JSONParser().parse(bytes)

        var reader = JSONDocumentReader(bytes: bytes)
        for _ in 0...bytes.count {
            do {
                guard try reader.nextDocument() != nil else { return }
            } catch {
                let before = reader.offset
                reader.skipLine()
                guard reader.offset > before || reader.offset == bytes.count else {
                    fatalError("skipLine() did not move past a failed document")
                }
            }
        }
        fatalError("the document reader did not reach the end of the input")
    }

    /// Reads the input as a Salt event log, which also recovers events from corrupt lines, and
    /// checks that reading return lines without a full parse gives the same records.
    static func readEvents(_ bytes: [UInt8]) {
        let scanned = readEvents(bytes, scansReturnLines: true)
        let parsed = readEvents(bytes, scansReturnLines: false)
        guard scanned.records == parsed.records else {
            fatalError("reading return lines without a full parse changed a record")
        }
        guard scanned.statistics == parsed.statistics else {
            fatalError("reading return lines without a full parse changed the event counts")
        }
    }

    /// A record of the event reader in a form two readings compare by: every field of a return,
    /// its value as the text the store writes, its verdict, and any other record described in
    /// full.
    enum ReadRecord: Equatable {
        case returned(ReturnFacts)
        case other(String)
    }

    struct ReturnFacts: Equatable {
        var jid, minion: String
        var product, outputter, function: String?
        var retcode: Int64?
        var success: Bool?
        var form: ReturnForm
        var stamp: Timestamp?
        var text: [UInt8]?
        var isTruthy: Bool
        /// The outcome rule's verdict from what the reader kept, for the function the return names.
        var verdict: OutcomeVerdict

        init(_ read: ReturnRecord) throws {
            let record = try read.resolvingSourceText()
            let value = try record.decodedValue()
            (jid, minion, product, outputter) = (record.jid, record.minion, record.product, record.outputter)
            (function, retcode, success) = (record.function, record.retcode, record.success)
            (form, stamp) = (record.form, record.stamp)
            text = record.encodedValue?.text ?? value.map(JSONWriter(dialect: .lossless).encode)
            isTruthy = record.encodedValue?.isTruthy ?? OutcomeRule.exitSuccess(value)
            verdict = OutcomeRule.verdict(
                function: record.function,
                retcode: record.retcode,
                success: record.success,
                value: record.value,
                stateRunTally: record.encodedValue?.stateRunTally
            )
        }
    }

    /// Returns every record of the log and the counts, or nil counts when the reader threw.
    ///
    /// The counts are compared as values, because the order of their dictionaries depends on how
    /// they were filled. Returns are compared field by field, because describing their values as
    /// text halved the runs per second of this target.
    static func readEvents(
        _ bytes: [UInt8],
        scansReturnLines: Bool
    ) -> (records: [ReadRecord], statistics: EventStatistics?) {
        var reader = EventLineReader(stream: MemoryByteStream(bytes, maxReadSize: 1000), options: ExportOptions())
        reader.scansReturnLines = scansReturnLines
        var records: [ReadRecord] = []
        let statistics = try? reader.read { record in
            if case .returned(let returned) = record {
                records.append(.returned(try ReturnFacts(returned)))
            } else {
                records.append(.other(String(reflecting: record)))
            }
        }
        return (records, statistics)
    }

    /// Reads the input as a tar of a job cache and parses every job folder in it.
    static func readJobCache(_ bytes: [UInt8]) {
        let tar = TarReader(stream: MemoryByteStream(bytes), maxEntrySize: maxEntrySize)
        var reader = JobCacheReader(reader: tar)
        let parser = JobFolderParser()
        try? reader.forEachFolder({ folder in _ = parser.parse(folder) }, problem: { _ in })
    }

    /// Calls `next()` until the end or an error the reader cannot step over.
    static func drain(_ reader: some ArchiveReader) {
        var reader = reader
        // Each call consumes at least one 512-byte block, so this bound is never reached by a
        // reader that works.
        for _ in 0...(1 << 20) {
            do {
                guard try reader.next() != nil else { return }
            } catch let error as ArchiveError where error.isRecoverable {
                continue
            } catch {
                return
            }
        }
        fatalError("the archive reader did not reach the end of the input")
    }
}
