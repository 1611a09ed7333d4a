import Foundation

/// Small text files the command line reads, such as product maps.
enum TextFile {
    /// The file's contents as UTF-8 text, or nil when it cannot be read.
    static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
