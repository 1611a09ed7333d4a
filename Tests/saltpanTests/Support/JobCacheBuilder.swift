import Foundation
import SaltPanCore

/// Writes small Salt job caches laid out as a master writes them
/// (`jobs/<sha256(jid)[:2]>/<sha256(jid)[2:]>/…`), for inputs the real cache does not contain.
enum JobCacheBuilder {
    /// Returns the load of a `cmd.run` job published to one minion, as Salt 3008 writes `.load.p`.
    static func load(jid: String, minion: String) -> Value {
        .map([
            .init(key: .string("fun"), value: .string("cmd.run")),
            .init(key: .string("arg"), value: .array([.string("cat /var/log/app.log")])),
            .init(key: .string("tgt"), value: .string(minion)),
            .init(key: .string("tgt_type"), value: .string("glob")),
            .init(key: .string("jid"), value: .string(jid)),
            .init(key: .string("user"), value: .string("root")),
        ])
    }

    /// Returns a `return.p` in the current `{return, retcode, success}` form.
    static func returnFile(_ value: Value, retcode: Int64 = 0) -> [UInt8] {
        MessagePackEncoder().encode(
            .map([
                .init(key: .string("return"), value: value),
                .init(key: .string("retcode"), value: .int(retcode)),
                .init(key: .string("success"), value: .bool(retcode == 0)),
            ])
        )
    }

    /// Returns the job folder path of `jid` inside the `jobs` folder, such as `c7/5871…5f`.
    static func folderPath(jid: String) -> String {
        var digest = SHA256()
        digest.update(Array(jid.utf8))
        let hex = digest.finalize().map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
        return String(hex.prefix(2)) + "/" + String(hex.dropFirst(2))
    }

    /// Writes one job with a return file per minion under `root/jobs`.
    static func writeJob(
        jid: String,
        returnFiles: [String: [UInt8]],
        under root: String
    ) throws {
        let folder = root + "/jobs/" + folderPath(jid: jid)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(jid.utf8).write(to: URL(fileURLWithPath: folder + "/jid"))
        let minions = returnFiles.keys.sorted()
        let load = MessagePackEncoder().encode(load(jid: jid, minion: minions.first ?? "web01.example.test"))
        try Data(load).write(to: URL(fileURLWithPath: folder + "/.load.p"))
        let expected = MessagePackEncoder().encode(.array(minions.map { .string($0) }))
        try Data(expected).write(to: URL(fileURLWithPath: folder + "/.minions.p"))
        for (minion, bytes) in returnFiles {
            try FileManager.default.createDirectory(atPath: folder + "/" + minion, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + minion + "/return.p"))
        }
    }

    /// Returns a ustar header for a regular file with `name` (bytes, which need not be UTF-8) and
    /// `size`, with its checksum.
    static func tarHeader(name: [UInt8], size: Int64, sizeField: [UInt8]? = nil) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int) {
            for (index, byte) in bytes.enumerated() { block[offset + index] = byte }
        }
        put(Array(name.prefix(100)), at: 0)
        put(Array("0000644\0".utf8), at: 100)
        put(Array("0000000\0".utf8), at: 108)
        put(Array("0000000\0".utf8), at: 116)
        put(
            sizeField ?? Array((String(repeating: "0", count: 11) + String(size, radix: 8)).suffix(11).utf8) + [0],
            at: 124
        )
        put(Array("15304616652\0".utf8), at: 136)
        block[156] = UInt8(ascii: "0")
        put(Array("ustar\0".utf8), at: 257)
        put(Array("00".utf8), at: 263)
        put([UInt8](repeating: UInt8(ascii: " "), count: 8), at: 148)
        let sum = block.reduce(0) { $0 + Int($1) }
        put(Array((String(repeating: "0", count: 6) + String(sum, radix: 8)).suffix(6).utf8) + [0, 0x20], at: 148)
        return block
    }

    /// Returns a tar member: its header and its data padded to whole 512-byte blocks.
    static func tarMember(name: [UInt8], data: [UInt8]) -> [UInt8] {
        tarHeader(name: name, size: Int64(data.count)) + data
            + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    /// Returns a pax extended header that sets `path` of the next member to `path` (any bytes).
    static func paxPathHeader(_ path: [UInt8]) -> [UInt8] {
        let body = Array(" path=".utf8) + path + [0x0a]
        var length = body.count + 1
        while String(length).utf8.count + body.count != length {
            length += 1
        }
        let record = Array(String(length).utf8) + body
        var header = tarHeader(name: Array("PaxHeaders/entry".utf8), size: Int64(record.count))
        header[156] = UInt8(ascii: "x")
        header.replaceSubrange(148..<156, with: [UInt8](repeating: UInt8(ascii: " "), count: 8))
        let sum = header.reduce(0) { $0 + Int($1) }
        header.replaceSubrange(
            148..<156,
            with: Array((String(repeating: "0", count: 6) + String(sum, radix: 8)).suffix(6).utf8) + [0, 0x20]
        )
        return header + record + [UInt8](repeating: 0, count: (512 - record.count % 512) % 512)
    }

    static let endOfArchive = [UInt8](repeating: 0, count: 1024)
}
