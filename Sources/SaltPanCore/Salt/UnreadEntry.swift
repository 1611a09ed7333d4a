/// Problems for entries of a job folder that hold no data to read: a folder where Salt writes a
/// file, and a link, named pipe or device.
///
/// Salt writes only regular files and minion folders into a job folder, so such an entry means
/// a copy or archive that did not keep the file. A known file (`return.p`, `.load.p` and the
/// others of `JobCachePath.Role`) is an error, because its data is lost. Any other name is a
/// warning, as an unknown regular file is.
enum UnreadEntry {
    /// Returns the problem for `entry`, whose path has `role` in its job folder.
    static func problem(for entry: ArchiveEntry, role: JobCachePath.Role) -> IngestProblem {
        let severity: IngestProblem.Severity
        if case .unrecognized = role {
            severity = .warning
        } else {
            severity = .error
        }
        return IngestProblem(severity, entry: entry.path, offset: entry.offset, message: message(for: entry))
    }

    /// Returns true when a folder at `role` is where Salt writes a file.
    ///
    /// Minion folders have the role `.unrecognized`, so they are not reported.
    static func isFolderInPlaceOfFile(_ role: JobCachePath.Role) -> Bool {
        if case .unrecognized = role { return false }
        return true
    }

    private static func message(for entry: ArchiveEntry) -> String {
        let target = entry.linkTarget ?? "?"
        switch entry.specialKind {
        case _ where entry.kind == .directory:
            return "this is a folder, but Salt writes a file here, so there was no data to read; "
                + "replace it with the file from the master's job cache"
        case .symbolicLink:
            return "this is a symbolic link to '\(target)', which was not read, because saltpan never follows "
                + "links inside a job cache: they can point outside it. Replace the link with the file it points "
                + "to, or archive the cache with 'tar --dereference'"
        case .hardLink:
            return "this tar member is a hard link to '\(target)' and contains no data of its own, so it was not "
                + "read; archive the cache with 'tar --hard-dereference' to store the data in every member"
        case let kind:
            let description = kind?.description ?? "an entry of unknown type"
            return "this is \(description), not a regular file, so it was not read; "
                + "replace it with the file Salt wrote"
        }
    }
}
