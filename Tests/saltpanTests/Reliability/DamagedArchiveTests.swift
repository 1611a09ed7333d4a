import Foundation
import Testing

/// `saltpan ingest` on copies of the real job cache archive that were cut off or had one byte
/// changed, as a copy taken while the master wrote or a disk that filled up leaves them.
///
/// Each case checks that the ingest exits with status 2, names the damaged entry with its path
/// and byte offset, stores every job and return whose files lie outside the damage, and leaves
/// a database that passes `PRAGMA integrity_check`. `SALTPAN_RELIABILITY=full` tries more
/// offsets.
@Suite(.serialized) struct DamagedArchiveTests {
    static let corpus = Result { try CorpusTar.load() }

    /// What one damaged copy gave.
    struct Outcome {
        var result: Saltpan.Result
        var stored: (jobs: Set<String>, returns: Set<String>)
        var integrity: [String]
        var sourceStatus: String
    }

    static func ingest(_ bytes: [UInt8], name: String) throws -> Outcome {
        let folder = try Saltpan.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let input = folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        let database = folder + "/saltpan.db"

        let result = try Saltpan.run(["ingest", "--quiet", "--db", database, input])
        return Outcome(
            result: result,
            stored: try CorpusTar.storedRecords(in: database),
            integrity: try DatabaseSnapshot.integrityCheck(path: database),
            sourceStatus: try Saltpan.runTool("/usr/bin/sqlite3", [database, "SELECT status FROM sources"])
                .trimmingCharacters(in: .whitespacesAndNewlines)
        )
    }

    /// Checks what every damaged copy must give, whatever the damage.
    static func checkCommon(
        _ outcome: Outcome,
        corpus: CorpusTar,
        isIntact: (CorpusTar.Entry) -> Bool,
        case label: String
    ) {
        let expected = corpus.expectedRecords(isIntact: isIntact)
        #expect(outcome.result.status == 2, "\(label): \(outcome.result.standardError)")
        #expect(outcome.integrity == ["ok"], "\(label)")
        #expect(outcome.stored.jobs == expected.jobs, "\(label): jobs differ")
        #expect(outcome.stored.returns == expected.returns, "\(label): returns differ")
    }

    @Test func tarCutInsideEntryData() throws {
        let corpus = try Self.corpus.get()
        let count = ReliabilityLevel.count(short: 6, full: 60)
        for entry in corpus.sample(count, where: { $0.dataEnd - $0.dataStart >= 2 }) {
            let cut = (entry.dataStart + entry.dataEnd) / 2
            let outcome = try Self.ingest(Array(corpus.bytes[0..<cut]), name: "cut.tar")
            let label = "cut at byte \(cut) inside \(entry.path)"
            Self.checkCommon(outcome, corpus: corpus, isIntact: { $0.dataEnd <= cut }, case: label)
            #expect(outcome.result.standardError.contains("cut.tar: error: \(entry.path): byte \(cut): "), "\(label)")
            #expect(outcome.result.standardError.contains("truncated archive"), "\(label)")
        }
    }

    @Test func tarCutInsideHeader() throws {
        let corpus = try Self.corpus.get()
        let count = ReliabilityLevel.count(short: 4, full: 40)
        for entry in corpus.sample(count) {
            // Past the 100-byte name field, so the cut-off header still names its entry.
            let cut = entry.start + 300
            let outcome = try Self.ingest(Array(corpus.bytes[0..<cut]), name: "cut.tar")
            let label = "cut at byte \(cut) inside the header of \(entry.path)"
            Self.checkCommon(outcome, corpus: corpus, isIntact: { $0.dataEnd <= cut }, case: label)
            let name = try #require(corpus.expectedName(at: cut))
            #expect(outcome.result.standardError.contains("\(name): byte \(cut): "), "\(label)")
        }
    }

    @Test func tarCutBetweenEntries() throws {
        let corpus = try Self.corpus.get()
        let count = ReliabilityLevel.count(short: 4, full: 40)
        for entry in corpus.sample(count, where: { $0.start > 0 }) {
            // A copy cut at a block boundary that is also a header boundary: only the missing
            // end-of-archive marker shows the damage.
            let cut = entry.start
            let outcome = try Self.ingest(Array(corpus.bytes[0..<cut]), name: "cut.tar")
            let label = "cut at byte \(cut), before \(entry.path)"
            Self.checkCommon(outcome, corpus: corpus, isIntact: { $0.dataEnd <= cut }, case: label)
            #expect(outcome.result.standardError.contains("byte \(cut): "), "\(label)")
            #expect(outcome.result.standardError.contains("end-of-archive marker"), "\(label)")
        }
    }

    @Test func tarCutInsidePadding() throws {
        let corpus = try Self.corpus.get()
        let count = ReliabilityLevel.count(short: 3, full: 30)
        for entry in corpus.sample(count, where: { $0.end - $0.dataEnd >= 2 }) {
            // The entry's data is whole; only the zeros that fill its last block are missing.
            let cut = entry.dataEnd + 1
            let outcome = try Self.ingest(Array(corpus.bytes[0..<cut]), name: "cut.tar")
            let label = "cut at byte \(cut) inside the padding of \(entry.path)"
            Self.checkCommon(outcome, corpus: corpus, isIntact: { $0.dataEnd <= cut }, case: label)
            #expect(outcome.result.standardError.contains("byte \(cut): "), "\(label)")
        }
    }

    @Test func gzipCutAtManyOffsets() throws {
        let corpus = try Self.corpus.get()
        let count = ReliabilityLevel.count(short: 6, full: 60)
        for index in 1...count {
            let cut = index * corpus.compressed.count / (count + 1)
            let available = try CorpusTar.decompress(Array(corpus.compressed[0..<cut])).bytes.count
            let outcome = try Self.ingest(Array(corpus.compressed[0..<cut]), name: "cut.tar.gz")
            let label = "gzip cut at compressed byte \(cut), \(available) bytes decompress"
            Self.checkCommon(outcome, corpus: corpus, isIntact: { $0.dataEnd <= available }, case: label)
            #expect(outcome.result.standardError.contains("unexpected end of gzip stream"), "\(label)")
            #expect(outcome.result.standardError.contains("byte \(available): "), "\(label)")
            if let name = corpus.expectedName(at: available) {
                #expect(outcome.result.standardError.contains("\(name): byte \(available): "), "\(label)")
            }
        }
    }

    /// Damage that only the gzip trailer or the bytes after it show.
    ///
    /// The tar's end-of-archive marker comes before them, so every entry has been read, and
    /// stored, when the damage is found.
    @Test func gzipTrailerDamage() throws {
        let corpus = try Self.corpus.get()
        let shipped = corpus.compressed
        var changedData = corpus.bytes
        let retcodeKey = Array("retcode\u{0}".utf8)
        let keyStart = try #require(changedData.firstRange(of: retcodeKey)?.lowerBound)
        changedData[keyStart + retcodeKey.count - 1] = 5
        var wrongCRC = shipped
        wrongCRC[shipped.count - 8] ^= 0x01
        var wrongLength = shipped
        wrongLength[shipped.count - 4] ^= 0x01

        let storedChanged = corpus.storedGzip(changedData)

        // The compressed byte is where the check failed: the end of the input, or the garbage.
        let cases: [(label: String, bytes: [UInt8], reason: String, compressedByte: Int)] = [
            ("retcode 0 changed to 5 under level 0 gzip", storedChanged, "incorrect CRC-32", storedChanged.count),
            ("CRC-32 field changed", wrongCRC, "incorrect CRC-32", shipped.count),
            ("length field changed", wrongLength, "incorrect length", shipped.count),
            ("trailer cut after 4 bytes", Array(shipped.dropLast(4)), "unexpected end of gzip", shipped.count - 4),
            ("garbage after the trailer", shipped + Array("GARBAGE".utf8), "trailing garbage", shipped.count),
        ]
        for (label, bytes, reason, compressedByte) in cases {
            let outcome = try Self.ingest(bytes, name: "damaged.tar.gz")
            let error = outcome.result.standardError
            Self.checkCommon(outcome, corpus: corpus, isIntact: { _ in true }, case: label)
            #expect(error.contains("damaged.tar.gz: error: byte \(corpus.bytes.count): "), "\(label): \(error)")
            #expect(error.contains(reason), "\(label): \(error)")
            #expect(error.contains("compressed byte \(compressedByte) "), "\(label): \(error)")
            #expect(error.contains("after the end-of-archive marker"), "\(label): \(error)")
            #expect(error.contains("the entries read are kept as they are"), "\(label): \(error)")
            #expect(outcome.sourceStatus == "damaged", "\(label)")
        }
    }

    @Test func tarHeaderByteFlips() throws {
        let corpus = try Self.corpus.get()
        let count = ReliabilityLevel.count(short: 6, full: 60)
        // A byte of the name, the mode, the size, the checksum and the typeflag fields.
        let fieldOffsets = [40, 102, 130, 150, 156]
        for (index, entry) in corpus.sample(count).enumerated() {
            var bytes = corpus.bytes
            let position = entry.start + fieldOffsets[index % fieldOffsets.count]
            bytes[position] ^= 0x10
            let outcome = try Self.ingest(bytes, name: "flipped.tar")
            let label = "header byte \(position) of \(entry.path) flipped"
            Self.checkCommon(outcome, corpus: corpus, isIntact: { $0.start != entry.start }, case: label)
            #expect(outcome.result.standardError.contains("byte \(entry.start): "), "\(label)")
            #expect(outcome.result.standardError.contains("checksum"), "\(label)")
            if let name = corpus.expectedName(at: position) {
                #expect(outcome.result.standardError.contains("\(name): byte \(entry.start): "), "\(label)")
            }
        }
    }

    @Test func payloadByteFlips() throws {
        let corpus = try Self.corpus.get()
        let count = ReliabilityLevel.count(short: 6, full: 60)
        for entry in corpus.sample(count, where: { $0.isPayload && $0.dataEnd > $0.dataStart }) {
            // 0xc1 is the one byte MessagePack reserves, so a changed first byte can never
            // decode as another valid object and go unnoticed.
            var bytes = corpus.bytes
            bytes[entry.dataStart] = 0xc1
            let outcome = try Self.ingest(bytes, name: "flipped.tar")
            let label = "first payload byte of \(entry.path) set to 0xc1"
            let expectedLoss: (CorpusTar.Entry) -> Bool = { candidate in
                candidate.start != entry.start || !Self.isRecordFile(candidate)
            }
            Self.checkCommon(outcome, corpus: corpus, isIntact: expectedLoss, case: label)
            #expect(
                outcome.result.standardError.contains("flipped.tar: error: \(entry.path): byte \(entry.start): "),
                "\(label)"
            )
            #expect(outcome.result.standardError.contains("reserved byte 0xc1"), "\(label)")
        }
    }

    /// Returns true for the files whose loss removes a record: the `jid` file and a return.
    ///
    /// A damaged load, minion list or outputter leaves the job and its returns stored without it.
    static func isRecordFile(_ entry: CorpusTar.Entry) -> Bool {
        if entry.role == .jid { return true }
        if case .minionReturn = entry.role { return true }
        return false
    }
}
