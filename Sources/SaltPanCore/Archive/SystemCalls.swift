#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin wrappers over the POSIX calls the archive readers use.
///
/// Paths are byte arrays because file names need not be UTF-8. The wrappers also give types
/// with their own `read` and `close` methods an unambiguous name for the C functions.
enum SystemCalls {
    /// Returns the text of an `errno` value, as `strerror` gives it.
    static func errorDescription(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }

    /// Opens `path` for reading and returns the descriptor, or -1 with `errno` set.
    static func openForReading(_ path: [UInt8]) -> Int32 {
        withCString(path) { open($0, O_RDONLY | O_CLOEXEC) }
    }

    /// Reads into `buffer`, retrying when a signal interrupts the call.
    ///
    /// Returns the byte count (0 at the end of the file), or -1 with `errno` set.
    static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            #if canImport(Glibc)
            let count = Glibc.read(descriptor, base, buffer.count)
            #else
            let count = Darwin.read(descriptor, base, buffer.count)
            #endif
            if count >= 0 || errno != EINTR { return count }
        }
    }

    static func close(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }

    /// Returns the `fstat` information of an open file, or nil with `errno` set.
    static func fileStatus(descriptor: Int32) -> stat? {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? info : nil
    }

    /// Returns the `stat` information of `path`, following symbolic links, or nil with `errno`
    /// set.
    static func fileStatus(_ path: [UInt8]) -> stat? {
        var info = stat()
        return withCString(path) { stat($0, &info) } == 0 ? info : nil
    }

    /// Returns the `lstat` information of `path`, which describes a symbolic link itself rather
    /// than its target, or nil with `errno` set.
    static func linkStatus(_ path: [UInt8]) -> stat? {
        var info = stat()
        return withCString(path) { lstat($0, &info) } == 0 ? info : nil
    }

    /// Returns the target of the symbolic link at `path`, or nil when it cannot be read.
    static func linkTarget(_ path: [UInt8]) -> [UInt8]? {
        var target = [UInt8](repeating: 0, count: 4096)
        let count = withCString(path) { cPath in
            target.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars in
                    guard let base = chars.baseAddress else { return -1 }
                    return readlink(cPath, base, chars.count)
                }
            }
        }
        guard count >= 0 else { return nil }
        return Array(target[0..<count])
    }

    /// Returns the names in a folder, without `.` and `..`, in the order `readdir` gives them.
    ///
    /// Returns the `errno` value instead when the folder cannot be opened or read.
    static func folderNames(_ path: [UInt8]) -> Result<[[UInt8]], SystemCallError> {
        guard let folder = withCString(path, { opendir($0) }) else { return .failure(SystemCallError(code: errno)) }
        defer { closedir(folder) }

        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(folder) else {
                if errno != 0 { return .failure(SystemCallError(code: errno)) }
                return .success(names)
            }

            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name != [UInt8(ascii: ".")] && name != [UInt8(ascii: "."), UInt8(ascii: ".")] {
                names.append(name)
            }
        }
    }

    static func isDirectory(_ info: stat) -> Bool {
        (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func isRegularFile(_ info: stat) -> Bool {
        (info.st_mode & S_IFMT) == S_IFREG
    }

    static func isSymbolicLink(_ info: stat) -> Bool {
        (info.st_mode & S_IFMT) == S_IFLNK
    }

    /// Returns the kind of a file that is neither a regular file nor a folder, from `lstat`.
    ///
    /// Returns nil for regular files and folders.
    static func specialKind(_ info: stat) -> SpecialFileKind? {
        switch info.st_mode & S_IFMT {
        case S_IFLNK: return .symbolicLink
        case S_IFIFO: return .namedPipe
        case S_IFCHR: return .characterDevice
        case S_IFBLK: return .blockDevice
        case S_IFSOCK: return .socket
        default: return nil
        }
    }

    /// Calls `body` with `path` as a NUL-terminated C string.
    private static func withCString<Result>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> Result) -> Result {
        let terminated = path + [0]
        return terminated.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                // A buffer made from a non-empty array always has a base address.
                guard let base = chars.baseAddress else { return body("") }
                return body(base)
            }
        }
    }
}

/// A failed system call's `errno` value.
struct SystemCallError: Error {
    var code: Int32

    var description: String {
        SystemCalls.errorDescription(code)
    }
}
