import Foundation

/// Small text files the command line reads and writes, such as product maps and reports.
enum TextFile {
    /// The file's contents as UTF-8 text, or nil when it cannot be read.
    static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes `text` to the file at `path`.
    ///
    /// A regular file, or a new one, is replaced atomically, so a reader never sees half a
    /// report. A symbolic link is followed and its target replaced, so the link stays. A device
    /// or a named pipe, such as `/dev/stdout`, is written in place, because an atomic write
    /// renames a new regular file over it, which for root replaces even `/dev/null`.
    static func write(_ text: String, to path: String) throws {
        let target = try linkTarget(path)
        let attributes = try? FileManager.default.attributesOfItem(atPath: target.path)
        guard let type = attributes?[.type] as? FileAttributeType, type != .typeRegular else {
            try Data(text.utf8).write(to: target, options: .atomic)
            return
        }

        guard let handle = FileHandle(forWritingAtPath: target.path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: target.path])
        }
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Follows symbolic links from `path` to the file they name, which need not exist yet.
    private static func linkTarget(_ path: String) throws -> URL {
        var url = URL(fileURLWithPath: path)
        // Linux stops after 40 links (MAXSYMLINKS), so a loop of links fails the same way.
        for _ in 0..<40 {
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: url.path) else {
                return url
            }
            url = URL(fileURLWithPath: destination, relativeTo: url.deletingLastPathComponent()).standardizedFileURL
        }
        throw CocoaError(
            .fileReadUnknown,
            userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "too many levels of symbolic links"]
        )
    }
}
