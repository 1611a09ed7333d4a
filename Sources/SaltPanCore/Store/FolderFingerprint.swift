/// The identity of a folder input: a digest of its file list with sizes.
///
/// A job cache folder changes while a master runs, so its identity is what it holds now: every
/// regular file's path relative to the folder and its size, in sorted order, hashed with
/// SHA-256. Computing it needs only `lstat`, no file contents, so it costs little before an
/// ingest reads the folder.
struct FolderFingerprint: Equatable {
    var sha256: String
    var fileCount: Int
    var totalSize: Int64

    /// Walks `folder` without following symbolic links; unreadable parts are left out here and
    /// reported by the ingest's own walk.
    static func compute(folder: String) -> FolderFingerprint {
        var digest = SHA256()
        var fileCount = 0
        var totalSize: Int64 = 0
        var pending: [([UInt8], [UInt8])] = [(Array(folder.utf8), [])]

        while let (path, relative) = pending.popLast() {
            guard case .success(let names) = SystemCalls.folderNames(path) else { continue }
            for name in names.sorted(by: { $0.lexicographicallyPrecedes($1) }).reversed() {
                let childPath = path + [UInt8(ascii: "/")] + name
                let childRelative = relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name
                guard let info = SystemCalls.linkStatus(childPath) else { continue }
                if SystemCalls.isDirectory(info) {
                    pending.append((childPath, childRelative))
                } else if SystemCalls.isRegularFile(info) {
                    digest.update(childRelative + Array("\t\(info.st_size)\n".utf8))
                    fileCount += 1
                    totalSize += Int64(info.st_size)
                }
            }
        }
        return FolderFingerprint(sha256: hexString(digest.finalize()), fileCount: fileCount, totalSize: totalSize)
    }
}
