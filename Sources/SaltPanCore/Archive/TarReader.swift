/// Reads the members of a tar archive from a byte stream, one entry at a time.
///
/// Understands v7, ustar (with `prefix`), GNU (long names and long link names, typeflags `L`
/// and `K`, base-256 sizes) and pax (extended headers `x` and global headers `g`, records
/// `path`, `linkpath` and `size`). Regular files (`0`, NUL and contiguous `7`) become `.file`
/// entries with their data, folders (`5`) `.directory` entries, and every other member
/// `.other` with its data skipped and its `specialKind` set. Hard links (`1`) are `.other` too:
/// their data is stored once, under the member they link to.
///
/// Error handling:
/// - A header with a wrong checksum throws a recoverable error. The next `next()` then scans
///   forward block by block for the next header with a valid checksum.
/// - A file larger than `maxEntrySize` is skipped and reported as a recoverable error.
/// - Input that ends inside a header or inside entry data throws a non-recoverable
///   "truncated archive" error. So does input that ends where a header should start, because
///   every tar writer ends an archive with zero blocks. An entry whose data is whole but whose
///   padding is cut off is still returned, and the next call throws the error.
/// - The error for a header cut short or with a wrong checksum names the path stored in that
///   header, which may itself be damaged.
/// - Errors of the underlying stream (a damaged gzip member, say) are passed on as
///   non-recoverable, with the path of the entry being read added.
/// - After the end-of-archive marker the stream is read to its end, so a gzip member's trailer
///   and the bytes after it are checked before `next()` returns nil.
///
/// Each entry's `offset` is the input offset of its first header, which is the GNU long name or
/// pax header when the member has one. Paths lose a leading `./` or `/` and a trailing `/`.
/// The member for the archive's own root folder (`./`) is not returned.
public final class TarReader: ArchiveReader {
    /// The default largest file read into memory: 256 MiB.
    public static let defaultMaxEntrySize = 256 * 1024 * 1024

    /// The largest file, long name or pax header (in bytes) read into memory.
    ///
    /// Larger members are skipped and reported.
    public let maxEntrySize: Int

    private let input: BufferedByteReader
    private let headerBlock: UnsafeMutableRawBufferPointer
    /// The offset of a header found while resynchronising, which `headerBlock` still contains.
    private var heldHeaderOffset: Int64?
    private var globalRecords = PaxRecords()
    private var needsResynchronisation = false
    private var isFinished = false
    private var failure: ArchiveError?
    /// The path of the last entry returned, for a message about what follows it.
    private var lastEntryPath: String?

    /// Creates a reader of the tar archive in `stream`.
    public init(stream: any ByteStream, maxEntrySize: Int = TarReader.defaultMaxEntrySize) {
        self.input = BufferedByteReader(source: stream)
        self.maxEntrySize = max(0, maxEntrySize)
        self.headerBlock = UnsafeMutableRawBufferPointer.allocate(byteCount: TarHeader.blockSize, alignment: 16)
    }

    deinit {
        headerBlock.deallocate()
    }

    /// The number of uncompressed archive bytes consumed so far.
    public var offset: Int64 {
        input.offset
    }

    public func next() throws -> ArchiveEntry? {
        if let failure { throw failure }
        if isFinished { return nil }

        do {
            if needsResynchronisation {
                needsResynchronisation = false
                guard try findNextValidHeader() else {
                    isFinished = true
                    return nil
                }
            }
            let entry = try readEntry()
            if let entry { lastEntryPath = entry.path }
            return entry
        } catch let error as ArchiveError {
            if !error.isRecoverable { failure = error }
            throw error
        }
    }

    /// Reads headers until one describes an entry, collecting long names and pax records on
    /// the way.
    private func readEntry() throws -> ArchiveEntry? {
        var metadata = MemberMetadata()
        while true {
            let headerOffset = heldHeaderOffset ?? input.offset
            let hasHeader = try readHeaderBlock(metadata: metadata)

            // The end of the input, or the end-of-archive marker. GNU tar also stops at a
            // single zero block.
            guard hasHeader, !TarHeader.isZeroBlock(UnsafeRawBufferPointer(headerBlock)) else {
                isFinished = true
                guard metadata.startOffset == nil else {
                    throw truncationError(
                        "after an extended header, before the member it describes",
                        metadata: metadata
                    )
                }
                // tar writers end every archive with zero blocks, so input that ends where a
                // header should start was cut off at a block boundary.
                if !hasHeader && input.offset > 0 {
                    throw missingEndMarkerError()
                }
                if hasHeader { try drainAfterEndMarker() }
                return nil
            }

            let header = try parseHeader(UnsafeRawBufferPointer(headerBlock), offset: headerOffset)
            if try readMetadataHeader(header, at: headerOffset, into: &metadata) { continue }

            if let entry = try makeEntry(header, metadata: metadata) { return entry }
            metadata = MemberMetadata()
        }
    }

    /// Reads a GNU long name or pax header into `metadata` (a global header into
    /// `globalRecords`) and returns true, or returns false for a header that describes a
    /// member itself.
    private func readMetadataHeader(
        _ header: TarHeader,
        at headerOffset: Int64,
        into metadata: inout MemberMetadata
    ) throws -> Bool {
        // A global header belongs to no member, so it does not start one.
        if header.typeflag == UInt8(ascii: "g") {
            let data = try readMetadata(header, kind: "pax global header", start: headerOffset)
            try mergeRecords(data, into: &globalRecords, headerOffset: headerOffset)
            return true
        }

        let memberStart = metadata.startOffset ?? headerOffset
        metadata.startOffset = memberStart
        switch header.typeflag {
        case UInt8(ascii: "L"):
            metadata.longName = try readMetadata(header, kind: "GNU long name", start: memberStart).prefixUpToNUL()
        case UInt8(ascii: "K"):
            let data = try readMetadata(header, kind: "GNU long link name", start: memberStart)
            metadata.longLinkName = data.prefixUpToNUL()
        case UInt8(ascii: "x"):
            let data = try readMetadata(header, kind: "pax extended header", start: memberStart)
            try mergeRecords(data, into: &metadata.localRecords, headerOffset: headerOffset)
        default:
            return false
        }
        return true
    }

    /// Builds the entry a header describes and reads or skips its data.
    ///
    /// Returns nil for the archive's root folder (`./`), which has no path once `./` is removed.
    private func makeEntry(_ header: TarHeader, metadata: MemberMetadata) throws -> ArchiveEntry? {
        let records = globalRecords.overridden(by: metadata.localRecords)
        let rawPath = metadata.localRecords.path ?? metadata.longName ?? globalRecords.path ?? header.fullName
        let path = Self.normalisedPath(rawPath)
        let size = records.size ?? header.size
        let entryStart = metadata.startOffset ?? 0

        try skipSparseExtensions(header, path: path, entryStart: entryStart)

        let kind = Self.kind(of: header, rawPath: rawPath)
        guard kind != .file else {
            let data = try readFileData(size: size, path: path, entryStart: entryStart)
            return ArchiveEntry(
                pathBytes: path.isEmpty ? Array(".".utf8) : path,
                kind: .file,
                data: data,
                offset: entryStart
            )
        }

        try skipData(size: size, path: path, entryStart: entryStart)
        if path.isEmpty && kind == .directory { return nil }

        var linkTarget: [UInt8]?
        if header.typeflag == UInt8(ascii: "1") || header.typeflag == UInt8(ascii: "2") {
            linkTarget =
                metadata.localRecords.linkPath ?? metadata.longLinkName ?? globalRecords.linkPath ?? header.linkName
        }
        return ArchiveEntry(
            pathBytes: path.isEmpty ? Array(".".utf8) : path,
            kind: kind,
            data: [],
            offset: entryStart,
            linkTargetBytes: linkTarget,
            specialKind: kind == .other ? SpecialFileKind.fromTypeflag(header.typeflag) : nil
        )
    }

    private static func kind(of header: TarHeader, rawPath: [UInt8]) -> ArchiveEntry.Kind {
        switch header.typeflag {
        case 0, UInt8(ascii: "0"), UInt8(ascii: "7"):
            // v7 tars had no folder typeflag and marked folders by a trailing slash.
            return rawPath.last == UInt8(ascii: "/") ? .directory : .file
        case UInt8(ascii: "5"):
            return .directory
        default:
            return .other
        }
    }

    /// Removes leading `./` and `/` and trailing `/`, so archives made with `tar -C dir .` and
    /// plain ones give the same paths.
    static func normalisedPath(_ path: [UInt8]) -> [UInt8] {
        let slash = UInt8(ascii: "/")
        let dot = UInt8(ascii: ".")
        var start = 0
        var end = path.count
        while true {
            if start < end && path[start] == slash {
                start += 1
            } else if start + 1 < end && path[start] == dot && path[start + 1] == slash {
                start += 2
            } else if start + 1 == end && path[start] == dot {
                start += 1
            } else {
                break
            }
        }
        while end > start && path[end - 1] == slash {
            end -= 1
        }
        return start == 0 && end == path.count ? path : Array(path[start..<end])
    }

    // MARK: - Headers

    /// Reads the next header into `headerBlock`, or takes the one found by resynchronising.
    ///
    /// Returns false when the input ends exactly before the header.
    private func readHeaderBlock(metadata: MemberMetadata) throws -> Bool {
        if heldHeaderOffset != nil {
            heldHeaderOffset = nil
            return true
        }

        let headerStart = input.offset
        let count: Int
        do {
            count = try input.read(into: headerBlock)
        } catch var error as ArchiveError {
            // A damaged gzip stream fails inside a header as often as inside data.
            if error.entryPath == nil {
                error.entryPath = entryName(metadata: metadata, headerBytes: Int(input.offset - headerStart))
            }
            throw error
        }
        if count == 0 { return false }
        guard count == TarHeader.blockSize else {
            guard metadata.startOffset == nil else { throw truncationError("inside a header", metadata: metadata) }
            throw truncationError(
                "inside a header",
                path: entryName(metadata: metadata, headerBytes: count),
                entryStart: headerStart
            )
        }
        return true
    }

    /// The path of the entry whose header is being read: from its long name or pax header, or
    /// from the name field when the first `headerBytes` bytes of `headerBlock` hold it.
    ///
    /// The name field comes first, so a header cut after it still names its entry.
    private func entryName(metadata: MemberMetadata, headerBytes: Int) -> String? {
        if let path = metadata.localRecords.path ?? metadata.longName {
            return String(decoding: Self.normalisedPath(path), as: UTF8.self)
        }
        let name = Self.normalisedPath(Array(headerBlock[0..<min(max(headerBytes, 0), 100)]).prefixUpToNUL())
        return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
    }

    private func parseHeader(_ block: UnsafeRawBufferPointer, offset: Int64) throws -> TarHeader {
        guard TarHeader.checksumMatches(block) else {
            needsResynchronisation = true
            // The name comes from the damaged header itself, so it may be damaged too.
            let storedName = Self.normalisedPath(Array(block[0..<100]).prefixUpToNUL())
            throw ArchiveError(
                message:
                    "invalid tar header checksum; the entry was skipped, and reading goes on at the next valid header",
                entryPath: storedName.isEmpty ? nil : String(decoding: storedName, as: UTF8.self),
                offset: offset,
                isRecoverable: true
            )
        }

        do {
            return try TarHeader(block: block)
        } catch .invalidSize(let field) {
            needsResynchronisation = true
            throw ArchiveError(
                message: "invalid size field \(field) in tar header; skipping to the next valid header",
                entryPath: String(decoding: Self.normalisedPath(Array(block[0..<100]).prefixUpToNUL()), as: UTF8.self),
                offset: offset,
                isRecoverable: true
            )
        }
    }

    /// Scans forward one block at a time for a header with a valid checksum and keeps it in
    /// `headerBlock`.
    ///
    /// Returns false when the input ends first. Zero blocks are passed over, because file data
    /// can contain them.
    private func findNextValidHeader() throws -> Bool {
        while true {
            let blockOffset = input.offset
            let count = try input.read(into: headerBlock)
            guard count == TarHeader.blockSize else { return false }

            let block = UnsafeRawBufferPointer(headerBlock)
            if !TarHeader.isZeroBlock(block) && TarHeader.checksumMatches(block) {
                heldHeaderOffset = blockOffset
                return true
            }
        }
    }

    /// Reads the input to its end after the end-of-archive marker, so that a stream that checks
    /// its bytes at its end (a gzip member's CRC-32 and length, trailing garbage) reports damage
    /// there too.
    ///
    /// Every entry has been returned by then, so the error states that they were read and are not
    /// taken back. For a plain tar this reads the rest of the file, normally the zeros that fill
    /// its last record.
    private func drainAfterEndMarker() throws {
        do {
            _ = try input.skip(Int64.max)
        } catch var error as ArchiveError {
            error.message +=
                "; this was found after the end-of-archive marker, when every entry had been read, "
                + "and the entries read are kept as they are"
            throw error
        }
    }

    /// Skips the extension blocks of a GNU sparse header, which hold more of its sparse map and
    /// come before the member's data.
    private func skipSparseExtensions(_ header: TarHeader, path: [UInt8], entryStart: Int64) throws {
        var hasMore = header.hasSparseExtension
        while hasMore {
            let count = try withEntryContext(path) { try input.read(into: headerBlock) }
            guard count == TarHeader.blockSize else {
                throw truncationError("inside a GNU sparse header", path: path, entryStart: entryStart)
            }
            hasMore = headerBlock[504] != 0
        }
    }

    private func mergeRecords(_ data: [UInt8], into records: inout PaxRecords, headerOffset: Int64) throws {
        do {
            try records.merge(parsing: data)
        } catch {
            throw ArchiveError(
                message: "invalid pax extended header: \(error.description); the next entry may have a shortened name",
                offset: headerOffset,
                isRecoverable: true
            )
        }
    }

    // MARK: - Data

    /// Reads a long name or pax header's data, which must fit in `maxEntrySize`.
    private func readMetadata(_ header: TarHeader, kind: String, start entryStart: Int64) throws -> [UInt8] {
        let path = header.name
        guard header.size <= Int64(maxEntrySize) else {
            try skipData(size: header.size, path: path, entryStart: entryStart)
            throw ArchiveError(
                message: "\(kind) of \(header.size) bytes is larger than the limit of \(maxEntrySize) bytes "
                    + "and was skipped; the next entry may have a shortened name",
                entryPath: String(decoding: path, as: UTF8.self),
                offset: entryStart,
                isRecoverable: true
            )
        }
        return try readFileData(size: header.size, path: path, entryStart: entryStart)
    }

    /// Reads a member's data and the padding after it.
    ///
    /// The array grows as bytes arrive, so a size field that claims more than the input contains
    /// costs no more memory than the input. `path` becomes text only for an error.
    private func readFileData(size: Int64, path: [UInt8], entryStart: Int64) throws -> [UInt8] {
        guard size <= Int64(maxEntrySize) else {
            try skipData(size: size, path: path, entryStart: entryStart)
            throw ArchiveError(
                message: "file of \(size) bytes is larger than the limit of \(maxEntrySize) bytes and was skipped; "
                    + "raise the maximum entry size to read it",
                entryPath: String(decoding: path, as: UTF8.self),
                offset: entryStart,
                isRecoverable: true
            )
        }

        let count = Int(size)
        var data: [UInt8] = []
        data.reserveCapacity(min(count, Self.initialReservation))
        let appended = try withEntryContext(path) { try input.append(count, to: &data) }
        guard appended == count else {
            throw truncationError(
                "inside the data of this entry, which claims \(size) bytes",
                path: path,
                entryStart: entryStart
            )
        }

        do {
            try skipPadding(after: size, path: path, entryStart: entryStart)
        } catch let error as ArchiveError where !error.isRecoverable {
            // The data is whole and only the zeros after it are missing: return the entry now
            // and report the truncation on the next call.
            failure = error
        }
        return data
    }

    private static let initialReservation = 1024 * 1024

    private func skipData(size: Int64, path: [UInt8], entryStart: Int64) throws {
        let skipped = try withEntryContext(path) { try input.skip(size) }
        guard skipped == size else {
            throw truncationError(
                "inside the data of this entry, which claims \(size) bytes",
                path: path,
                entryStart: entryStart
            )
        }
        try skipPadding(after: size, path: path, entryStart: entryStart)
    }

    /// Skips the zeros that fill the last data block of a member up to 512 bytes.
    private func skipPadding(after size: Int64, path: [UInt8], entryStart: Int64) throws {
        let blockSize = Int64(TarHeader.blockSize)
        let padding = (blockSize - size % blockSize) % blockSize
        let skipped = try withEntryContext(path) { try input.skip(padding) }
        guard skipped == padding else {
            throw truncationError("inside the padding after this entry's data", path: path, entryStart: entryStart)
        }
    }

    /// Runs `body` and adds `path` to an error of the underlying stream, which does not know
    /// which entry it was reading.
    private func withEntryContext<Result>(_ path: [UInt8], _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch var error as ArchiveError {
            if error.entryPath == nil { error.entryPath = String(decoding: path, as: UTF8.self) }
            throw error
        }
    }

    // MARK: - Errors

    private func truncationError(_ place: String, metadata: MemberMetadata) -> ArchiveError {
        let path = metadata.localRecords.path ?? metadata.longName
        return truncationError(
            place,
            path: path.map { String(decoding: $0, as: UTF8.self) },
            entryStart: metadata.startOffset
        )
    }

    private func missingEndMarkerError() -> ArchiveError {
        var message = "truncated archive: the input ends without the end-of-archive marker (two zero blocks)"
        if let lastEntryPath { message += " after entry '\(lastEntryPath)'" }
        message += ", so entries after it may be missing"
        return ArchiveError(message: message, offset: input.offset, isRecoverable: false)
    }

    private func truncationError(_ place: String, path: [UInt8], entryStart: Int64?) -> ArchiveError {
        truncationError(place, path: String(decoding: path, as: UTF8.self), entryStart: entryStart)
    }

    private func truncationError(_ place: String, path: String?, entryStart: Int64?) -> ArchiveError {
        var message = "truncated archive: the input ends \(place)"
        if let entryStart { message += " (the entry starts at byte \(entryStart))" }
        return ArchiveError(message: message, entryPath: path, offset: input.offset, isRecoverable: false)
    }
}

/// The long names and pax records found in the headers that precede a member's own header.
private struct MemberMetadata {
    /// The offset of the first header of the member; nil until a header has been read.
    var startOffset: Int64?
    var longName: [UInt8]?
    var longLinkName: [UInt8]?
    var localRecords = PaxRecords()
}

extension Array where Element == UInt8 {
    /// Returns the bytes before the first NUL, or all of them.
    fileprivate func prefixUpToNUL() -> [UInt8] {
        guard let end = firstIndex(of: 0) else { return self }
        return Array(self[..<end])
    }
}
