/// Builds tar headers byte by byte, for the cases `/usr/bin/tar` cannot be made to write
/// (files over 8 GiB, damaged fields, old formats).
///
/// The fields follow the ustar layout that GNU tar writes: mode, owner, times, then the
/// checksum computed over the finished block.
enum TarTestBuilder {
    static func header(
        name: String,
        size: Int64 = 0,
        typeflag: UInt8 = UInt8(ascii: "0"),
        sizeField: [UInt8]? = nil,
        ustarMagic: Bool = true
    ) -> [UInt8] {
        header(
            nameBytes: Array(name.utf8),
            size: size,
            typeflag: typeflag,
            sizeField: sizeField,
            ustarMagic: ustarMagic
        )
    }

    static func header(
        nameBytes: [UInt8],
        size: Int64 = 0,
        typeflag: UInt8 = UInt8(ascii: "0"),
        sizeField: [UInt8]? = nil,
        ustarMagic: Bool = true
    ) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        put(&block, at: 0, nameBytes)
        put(&block, at: 100, Array("0000644\0".utf8))
        put(&block, at: 108, Array("0000000\0".utf8))
        put(&block, at: 116, Array("0000000\0".utf8))
        put(&block, at: 124, sizeField ?? octal(size, digits: 11))
        put(&block, at: 136, Array("15304616652\0".utf8))
        block[156] = typeflag
        if ustarMagic {
            put(&block, at: 257, Array("ustar\0".utf8))
            put(&block, at: 263, Array("00".utf8))
        }
        return withChecksum(block)
    }

    /// Recomputes the checksum field of a header block, after a test changed other fields.
    static func withChecksum(_ header: [UInt8]) -> [UInt8] {
        var block = header
        put(&block, at: 148, [UInt8](repeating: UInt8(ascii: " "), count: 8))
        let sum = block.reduce(0) { $0 + Int64($1) }
        put(&block, at: 148, octal(sum, digits: 6) + [UInt8(ascii: " ")])
        return block
    }

    /// Returns a base-256 size field: the high bit of the first byte set, then the value
    /// big-endian, as GNU tar writes sizes of 8 GiB and more.
    static func base256(_ value: Int64) -> [UInt8] {
        var field = [UInt8](repeating: 0, count: 12)
        field[0] = 0x80
        for index in 0..<8 {
            field[11 - index] = UInt8(truncatingIfNeeded: value >> (8 * Int64(index)))
        }
        return field
    }

    /// Returns file data padded with zeros to a whole number of 512-byte blocks.
    static func padded(_ data: [UInt8]) -> [UInt8] {
        data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    /// Returns a pax record `"%d %s=%s\n"`, whose length counts its own digits.
    static func paxRecord(_ keyword: String, _ value: String) -> String {
        let body = " \(keyword)=\(value)\n"
        var length = body.utf8.count + 1
        while String(length).count + body.utf8.count != length {
            length += 1
        }
        return "\(length)\(body)"
    }

    /// Returns a header and its padded data.
    static func member(name: String, data: [UInt8], typeflag: UInt8 = UInt8(ascii: "0")) -> [UInt8] {
        header(name: name, size: Int64(data.count), typeflag: typeflag) + padded(data)
    }

    static let endOfArchive = [UInt8](repeating: 0, count: 1024)

    private static func octal(_ value: Int64, digits: Int) -> [UInt8] {
        let text = String(value, radix: 8)
        return Array((String(repeating: "0", count: max(0, digits - text.count)) + text).utf8) + [0]
    }

    private static func put(_ block: inout [UInt8], at offset: Int, _ bytes: [UInt8]) {
        block.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
    }
}
