/// Writes a tar archive in the GNU format that GNU tar 1.34 writes by default (`tar czf`): ustar
/// headers with the `ustar  ` magic, and a `././@LongLink` entry before each name longer than
/// 100 bytes.
///
/// Salt job cache paths often need the long form: `jobs/<2>/<62 hex>/<minion>/return.p` is over
/// 100 bytes for minion ids of more than about 20 characters.
final class TarStreamWriter {
    static let blockSize = 512

    private let destination: any ByteSink
    /// Bytes written so far, always a multiple of the block size.
    private(set) var byteCount: Int64 = 0

    init(destination: any ByteSink) {
        self.destination = destination
    }

    /// Writes a folder entry; `path` gets a trailing slash as GNU tar writes one.
    func addFolder(_ path: String, modificationTime: Int64) throws {
        let name = path.hasSuffix("/") ? path : path + "/"
        try writeHeader(name: name, size: 0, mode: 0o755, modificationTime: modificationTime, type: UInt8(ascii: "5"))
    }

    func addFile(_ path: String, contents: [UInt8], modificationTime: Int64) throws {
        try writeHeader(
            name: path,
            size: contents.count,
            mode: 0o644,
            modificationTime: modificationTime,
            type: UInt8(ascii: "0")
        )
        try writePadded(contents)
    }

    /// Writes the two zero blocks that end an archive and finishes the destination.
    ///
    /// GNU tar pads the archive to its record size of 10240 bytes. Readers do not need that,
    /// but gzip makes the padding almost free, so it is written too.
    func finish() throws {
        var end = [UInt8](repeating: 0, count: 2 * Self.blockSize)
        let record: Int64 = 10_240
        let total = byteCount + Int64(end.count)
        let padding = (record - total % record) % record
        end.append(contentsOf: repeatElement(0, count: Int(padding)))
        try destination.write(end)
        byteCount += Int64(end.count)
        try destination.finish()
    }

    private func writeHeader(name: String, size: Int, mode: Int, modificationTime: Int64, type: UInt8) throws {
        let nameBytes = Array(name.utf8)
        if nameBytes.count > 100 {
            // The long name, NUL-terminated, as the data of a `L` entry.
            var longName = nameBytes
            longName.append(0)
            let header = Self.header(
                name: Array("././@LongLink".utf8),
                size: longName.count,
                mode: 0o644,
                modificationTime: 0,
                type: UInt8(ascii: "L")
            )
            try destination.write(header)
            byteCount += Int64(header.count)
            try writePadded(longName)
        }
        let header = Self.header(
            name: Array(nameBytes.prefix(100)),
            size: size,
            mode: mode,
            modificationTime: modificationTime,
            type: type
        )
        try destination.write(header)
        byteCount += Int64(header.count)
    }

    private func writePadded(_ contents: [UInt8]) throws {
        try destination.write(contents)
        let padding = (Self.blockSize - contents.count % Self.blockSize) % Self.blockSize
        if padding > 0 {
            try destination.write([UInt8](repeating: 0, count: padding))
        }
        byteCount += Int64(contents.count + padding)
    }

    /// Returns one 512-byte header block owned by root (uid and gid 0), with the GNU magic and checksum.
    private static func header(name: [UInt8], size: Int, mode: Int, modificationTime: Int64, type: UInt8) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: blockSize)
        put(name, at: 0, in: &block)
        put(octal(mode, width: 8), at: 100, in: &block)
        put(octal(0, width: 8), at: 108, in: &block)
        put(octal(0, width: 8), at: 116, in: &block)
        put(octal(size, width: 12), at: 124, in: &block)
        put(octal(Int(modificationTime), width: 12), at: 136, in: &block)
        put(Array(repeating: UInt8(ascii: " "), count: 8), at: 148, in: &block)
        block[156] = type
        put(Array("ustar  \0".utf8), at: 257, in: &block)
        put(Array("root".utf8), at: 265, in: &block)
        put(Array("root".utf8), at: 297, in: &block)

        let checksum = block.reduce(0) { $0 + Int($1) }
        // Six octal digits, a NUL and a space, as GNU tar writes the checksum.
        put(octal(checksum, width: 7), at: 148, in: &block)
        block[155] = UInt8(ascii: " ")
        return block
    }

    /// `number` in octal, zero-padded to `width - 1` digits and NUL-terminated.
    private static func octal(_ number: Int, width: Int) -> [UInt8] {
        let digits = Array(String(number, radix: 8).utf8)
        var field = [UInt8](repeating: UInt8(ascii: "0"), count: max(width - 1 - digits.count, 0))
        field.append(contentsOf: digits.suffix(width - 1))
        field.append(0)
        return field
    }

    private static func put(_ bytes: [UInt8], at offset: Int, in block: inout [UInt8]) {
        for (index, byte) in bytes.enumerated() {
            block[offset + index] = byte
        }
    }
}
