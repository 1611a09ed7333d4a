/// Walks a folder on disk and returns its folders and files as archive entries.
///
/// Entry paths are relative to a root folder the caller chooses: the folder itself, or one of
/// its parents. With `root` set to the parent of `/var/cache/salt/master/jobs`, the entries are
/// `jobs`, `jobs/c7`, `jobs/c7/5871…/jid` and so on, matching a `tar -C master -czf - jobs`
/// archive. The folders between the root and the walked folder come first, then the walk
/// itself, which does not return the walked folder when it is the root.
///
/// The walk is depth-first with names sorted byte-wise in each folder, so it is reproducible and
/// a folder's entries are contiguous. Symbolic links are not followed, so the walk never leaves
/// the folder: they, devices, sockets and FIFOs come back as `.other`. The one exception is a
/// link named `jobs` directly in the walked folder that points to a folder. Masters often keep
/// the job cache on another disk behind such a link, so the walk enters it, and links inside it
/// are again not followed. A folder or file that cannot be read, and a file larger than
/// `maxEntrySize`, throw a recoverable `ArchiveError`, and the walk goes on with the next name.
public final class FolderReader: ArchiveReader {
    /// One regular file seen by the walk.
    public struct WalkedFile: Sendable, Equatable {
        /// The path relative to the root, as in the file's entry.
        public var pathBytes: [UInt8]
        /// The size in bytes reported by `lstat`.
        public var size: Int64

        /// The path as text, with invalid UTF-8 replaced by U+FFFD.
        public var path: String {
            String(decoding: pathBytes, as: UTF8.self)
        }
    }

    /// The largest file read into memory; larger files are skipped and reported.
    public let maxEntrySize: Int

    /// Every regular file the walk has reached so far, with its size, in walk order.
    ///
    /// Files that were skipped for their size or could not be read are included, so after a full
    /// walk the list fingerprints the folder's contents.
    public private(set) var fileList: [WalkedFile] = []

    /// The folders between the root and the walked folder, returned before the walk.
    private var leadingFolders: [[UInt8]]
    private var stack: [FolderFrame]
    private let readBuffer: UnsafeMutableRawBufferPointer
    /// False for a walk that only lists files, which leaves every entry's data empty.
    private var readsFileData = true

    /// Creates a reader that walks `folder`.
    ///
    /// - Parameters:
    ///   - folder: The folder to walk. A symbolic link here is followed; links inside are not.
    ///   - root: The folder that entry paths are relative to: `folder` itself (the default) or one
    ///     of its parents, compared by path components without resolving links or `..`.
    ///   - maxEntrySize: The largest file read into memory.
    /// - Throws: `ArchiveError` when `folder` is not a folder or not inside `root`.
    public init(folder: String, root: String? = nil, maxEntrySize: Int = TarReader.defaultMaxEntrySize) throws {
        var folderBytes = Array(folder.utf8)
        while folderBytes.count > 1 && folderBytes.last == UInt8(ascii: "/") {
            folderBytes.removeLast()
        }
        guard let info = SystemCalls.fileStatus(folderBytes) else {
            throw ArchiveError(message: "Failed to read folder '\(folder)': \(SystemCalls.errorDescription()).")
        }
        guard SystemCalls.isDirectory(info) else {
            throw ArchiveError(message: "'\(folder)' is not a folder.")
        }

        let prefix = try Self.relativePrefix(of: folder, root: root ?? folder)
        self.leadingFolders = (0..<prefix.count).map { Self.joined(prefix[0...$0]) }
        self.stack = [FolderFrame(filesystemPath: folderBytes, relativePath: Self.joined(prefix[...]))]
        self.maxEntrySize = max(0, maxEntrySize)
        self.readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Walks `folder` without reading any file and returns every regular file with its size.
    ///
    /// This is the cheap first pass that fingerprints a folder before reading it. Folders that
    /// cannot be listed and files whose status cannot be read are left out; the full walk
    /// reports them.
    ///
    /// - Throws: `ArchiveError` when `folder` is not a folder or not inside `root`.
    public static func listFiles(folder: String, root: String? = nil) throws -> [WalkedFile] {
        let reader = try FolderReader(folder: folder, root: root)
        reader.readsFileData = false
        while true {
            do {
                guard try reader.next() != nil else { return reader.fileList }
            } catch let error as ArchiveError where error.isRecoverable {
                continue
            }
        }
    }

    public func next() throws -> ArchiveEntry? {
        if !leadingFolders.isEmpty {
            return ArchiveEntry(pathBytes: leadingFolders.removeFirst(), kind: .directory, data: [], offset: nil)
        }

        while let top = stack.indices.last {
            if stack[top].names == nil {
                try listFolder(at: top)
            }
            guard let name = stack[top].nextName() else {
                stack.removeLast()
                continue
            }
            return try entry(named: name, in: stack[top], isInWalkedFolder: top == 0)
        }
        return nil
    }

    /// Reads and sorts the names in the folder of frame `index`.
    ///
    /// - Throws: A recoverable `ArchiveError` when the folder cannot be read; the frame is then
    ///   dropped, so the walk goes on after it.
    private func listFolder(at index: Int) throws {
        let frame = stack[index]
        switch SystemCalls.folderNames(frame.filesystemPath) {
        case .success(let names):
            stack[index].names = names.sorted { $0.lexicographicallyPrecedes($1) }
        case .failure(let error):
            stack.remove(at: index)
            throw ArchiveError(
                message:
                    "Failed to list folder '\(frame.filesystemPathText)': \(error.description); its contents were skipped",
                entryPath: frame.relativePathText,
                isRecoverable: true
            )
        }
    }

    private func entry(named name: [UInt8], in parent: FolderFrame, isInWalkedFolder: Bool) throws -> ArchiveEntry {
        let filesystemPath = parent.filesystemPath + [UInt8(ascii: "/")] + name
        let relativePath = parent.relativePath.isEmpty ? name : parent.relativePath + [UInt8(ascii: "/")] + name

        guard let info = SystemCalls.linkStatus(filesystemPath) else {
            throw ArchiveError(
                message:
                    "Failed to read the status of '\(Self.text(filesystemPath))': \(SystemCalls.errorDescription()); "
                    + "it was skipped",
                entryPath: Self.text(relativePath),
                isRecoverable: true
            )
        }

        let isJobsLink = isInWalkedFolder && name == Self.jobsFolderName && SystemCalls.isSymbolicLink(info)
        let followsLink = try isJobsLink && isLinkToFolder(filesystemPath, relativePath)
        if SystemCalls.isDirectory(info) || followsLink {
            stack.append(FolderFrame(filesystemPath: filesystemPath, relativePath: relativePath))
            return ArchiveEntry(pathBytes: relativePath, kind: .directory, data: [], offset: nil)
        }
        if SystemCalls.isRegularFile(info) {
            let size = Int64(info.st_size)
            fileList.append(WalkedFile(pathBytes: relativePath, size: size))
            let data = readsFileData ? try readFile(filesystemPath, relativePath: relativePath, size: size) : []
            return ArchiveEntry(pathBytes: relativePath, kind: .file, data: data, offset: nil)
        }

        let target = SystemCalls.isSymbolicLink(info) ? SystemCalls.linkTarget(filesystemPath) : nil
        return ArchiveEntry(
            pathBytes: relativePath,
            kind: .other,
            data: [],
            offset: nil,
            linkTargetBytes: target,
            specialKind: SystemCalls.specialKind(info)
        )
    }

    /// The name of the job cache folder under a master's `cachedir`.
    private static let jobsFolderName = Array("jobs".utf8)

    /// Returns true when the symbolic link at `filesystemPath` points to a folder.
    ///
    /// - Throws: A recoverable `ArchiveError` when the link's target cannot be read, which would
    ///   otherwise hide the whole job cache behind it.
    private func isLinkToFolder(_ filesystemPath: [UInt8], _ relativePath: [UInt8]) throws -> Bool {
        if let target = SystemCalls.fileStatus(filesystemPath) { return SystemCalls.isDirectory(target) }

        let reason = SystemCalls.errorDescription()
        let linkTarget = SystemCalls.linkTarget(filesystemPath).map(Self.text) ?? "?"
        throw ArchiveError(
            message: "Failed to read '\(Self.text(filesystemPath))', a symbolic link to '\(linkTarget)': "
                + "\(reason); it was skipped. Check that the job cache it points to is "
                + "mounted, or pass the job cache folder itself",
            entryPath: Self.text(relativePath),
            isRecoverable: true
        )
    }

    /// Reads a whole file through the fixed read buffer.
    ///
    /// - Throws: A recoverable `ArchiveError` when the file is larger than `maxEntrySize` (also
    ///   when it grows past it while being read) or cannot be opened or read.
    private func readFile(_ filesystemPath: [UInt8], relativePath: [UInt8], size: Int64) throws -> [UInt8] {
        guard size <= Int64(maxEntrySize) else { throw tooLargeError(relativePath, size: size) }

        let descriptor = SystemCalls.openForReading(filesystemPath)
        guard descriptor >= 0 else { throw readError("open", filesystemPath, relativePath) }
        defer { SystemCalls.close(descriptor) }

        var data: [UInt8] = []
        data.reserveCapacity(Int(size))
        while true {
            let count = SystemCalls.read(descriptor, into: readBuffer)
            guard count >= 0 else { throw readError("read", filesystemPath, relativePath) }
            if count == 0 { return data }

            guard data.count + count <= maxEntrySize else {
                throw tooLargeError(relativePath, size: Int64(data.count + count))
            }
            data.append(contentsOf: UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
        }
    }

    private func tooLargeError(_ relativePath: [UInt8], size: Int64) -> ArchiveError {
        ArchiveError(
            message: "file of \(size) bytes is larger than the limit of \(maxEntrySize) bytes and was skipped; "
                + "raise the maximum entry size to read it",
            entryPath: Self.text(relativePath),
            isRecoverable: true
        )
    }

    private func readError(_ operation: String, _ filesystemPath: [UInt8], _ relativePath: [UInt8]) -> ArchiveError {
        ArchiveError(
            message:
                "Failed to \(operation) '\(Self.text(filesystemPath))': \(SystemCalls.errorDescription()); it was skipped",
            entryPath: Self.text(relativePath),
            isRecoverable: true
        )
    }

    /// Returns the components of `folder` after those of `root`.
    ///
    /// - Throws: `ArchiveError` when `root` is not `folder` or one of its parents.
    private static func relativePrefix(of folder: String, root: String) throws -> [[UInt8]] {
        let folderComponents = components(folder)
        let rootComponents = components(root)
        let isSameKind = folder.hasPrefix("/") == root.hasPrefix("/")
        guard isSameKind, folderComponents.starts(with: rootComponents) else {
            throw ArchiveError(
                message:
                    "Folder '\(folder)' is not inside root '\(root)'; pass the folder itself or one of its parents "
                    + "as the root, both absolute or both relative."
            )
        }
        return Array(folderComponents[rootComponents.count...])
    }

    /// Splits a path at `/`, dropping empty and `.` components.
    private static func components(_ path: String) -> [[UInt8]] {
        Array(path.utf8).split(separator: UInt8(ascii: "/")).map(Array.init).filter { $0 != [UInt8(ascii: ".")] }
    }

    private static func joined(_ components: ArraySlice<[UInt8]>) -> [UInt8] {
        Array(components.joined(separator: [UInt8(ascii: "/")]))
    }

    private static func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

/// A folder being walked: its paths and the names in it not yet returned.
private struct FolderFrame {
    var filesystemPath: [UInt8]
    var relativePath: [UInt8]
    /// The folder's names sorted byte-wise, or nil until the folder has been listed.
    var names: [[UInt8]]?
    var nextIndex = 0

    init(filesystemPath: [UInt8], relativePath: [UInt8]) {
        self.filesystemPath = filesystemPath
        self.relativePath = relativePath
    }

    var filesystemPathText: String {
        String(decoding: filesystemPath, as: UTF8.self)
    }

    var relativePathText: String {
        String(decoding: relativePath, as: UTF8.self)
    }

    mutating func nextName() -> [UInt8]? {
        guard let names, nextIndex < names.count else { return nil }
        nextIndex += 1
        return names[nextIndex - 1]
    }
}
