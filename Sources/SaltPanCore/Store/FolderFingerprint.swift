/// The identity of a folder input: a digest of its file list with sizes.
///
/// A job cache folder changes while a master runs, so its identity is what it holds now: every
/// regular file's path relative to the folder and its size, in the walk's sorted order, hashed
/// with SHA-256. Listing needs only `lstat`, no file contents, so it costs little before an
/// ingest reads the folder.
struct FolderFingerprint: Equatable {
    var sha256: String
    var fileCount: Int
    var totalSize: Int64

    /// Lists `folder` without following symbolic links inside it; unreadable parts are left out
    /// here and reported by the ingest's own walk.
    static func compute(folder: String) throws -> FolderFingerprint {
        var digest = SHA256()
        var totalSize: Int64 = 0
        let files = try FolderReader.listFiles(folder: folder)
        for file in files {
            digest.update(file.pathBytes + Array("\t\(file.size)\n".utf8))
            totalSize += file.size
        }
        return FolderFingerprint(sha256: hexString(digest.finalize()), fileCount: files.count, totalSize: totalSize)
    }
}
