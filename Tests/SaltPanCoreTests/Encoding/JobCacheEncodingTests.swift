import Testing

@testable import SaltPanCore

/// Decoding, re-encoding and lossless JSON of every `.p` file in the real Salt 3008 job cache.
@Suite struct JobCacheEncodingTests {
    /// Returns the folder below `jobs/` of the job with `jid`, as recorded in `manifest.json`.
    private func jobFolder(_ jid: String) throws -> String {
        try #require(Manifest.shared.job(jid)?.dir, "jid \(jid) is missing from manifest.json")
    }

    private func decodeFile(_ path: String) throws -> Value {
        try MessagePackDecoder().decode(EncodingFixture.bytes("jobs/" + path)).value
    }

    @Test func everyFileDecodesCompletely() throws {
        let paths = EncodingFixture.jobCacheFiles()
        // 236 jobs with `.load.p` and `.minions.p`, 506 `return.p`, 70 `out.p`, 11 `.batch.p`.
        #expect(paths.count == 1059)

        for path in paths {
            let decoded = try MessagePackDecoder().decode(EncodingFixture.bytes("jobs/" + path))
            #expect(decoded.trailingByteCount == 0, "trailing bytes in \(path)")
        }
    }

    @Test func loadOfUptimeJob() throws {
        let load = try decodeFile("c7/5871d40b2a3ce2587f5daad7d3c5b451fe6bf0e960b453adc5d5d8012e235f/.load.p")
        let expected = Value.object([
            "cmd": .string("publish"),
            "tgt": .string("*"),
            "fun": .string("cmd.run"),
            "arg": .array([.string("uptime")]),
            "tgt_type": .string("glob"),
            "ret": .string(""),
            "jid": .string("20261204195008509633"),
            "kwargs": .object(["show_timeout": .bool(true), "show_jid": .bool(false), "delimiter": .string(":")]),
            "user": .string("root"),
        ])
        #expect(load == expected)
    }

    @Test func customModuleReturnsKeepSaltTypes() throws {
        // inventory.snapshot returns datetimes (ext 78), bytes (bin) and integer map keys.
        let folder = try jobFolder("20261204195102361389")
        let minions = [
            "Cache_Node-7", "db01.example.test", "old-box.example.test", "web01.example.test", "web02.example.test",
        ]

        for minion in minions {
            let file = try decodeFile("\(folder)/\(minion)/return.p")
            #expect(file["retcode"] == .int(0))
            #expect(file["success"] == .bool(true))

            let snapshot = try #require(file["return"], "no return in \(minion)")
            #expect(snapshot["minion"] == .string(minion))
            #expect(snapshot["collected_at"] == .datetime("20240517T08:30:15.123456"))
            #expect(snapshot["last_patch_day"] == .datetime("20240501T00:00:00.000000"))
            #expect(snapshot["open_ports"] == .array([.int(80), .int(443), .int(22)]))
            #expect(snapshot["version_tuple"] == .array([.int(3), .int(8), .int(1)]))
            #expect(
                snapshot["pids_by_port"]
                    == .map([
                        Value.MapEntry(key: .int(22), value: .int(812)),
                        Value.MapEntry(key: .int(80), value: .int(1290)),
                    ])
            )
            #expect(snapshot["checksum_raw"] == .bytes([0x8f, 0x00, 0xff, 0x73, 0x68, 0x61]))
            // 2^70 does not fit in MessagePack, so Salt's serializer wrote it as text.
            #expect(snapshot["huge_counter"] == .string("1180591620717411303424"))
            #expect(snapshot["balance"] == .int(-42))
            #expect(snapshot["ratio"] == .double(0.25))
        }
    }

    @Test func customModuleOutputDialect() throws {
        let folder = try jobFolder("20261204195102361389")
        let file = try decodeFile("\(folder)/web01.example.test/return.p")

        let text = JSONWriter(dialect: .output).text(file)
        #expect(
            text == """
                {"return":{"minion":"web01.example.test","collected_at":"2024-05-17T08:30:15.123456",\
                "last_patch_day":"2024-05-01T00:00:00.000000","open_ports":[80,443,22],"version_tuple":[3,8,1],\
                "pids_by_port":{"22":812,"80":1290},"checksum_raw":{"$bytes":"jwD/c2hh"},\
                "huge_counter":"1180591620717411303424","balance":-42,"ratio":0.25},"retcode":0,"success":true}
                """
        )
    }

    @Test func binaryFileReadIsBytes() throws {
        // `file.read binary=True` of a file with Latin-1, raw and UTF-8 bytes.
        let folder = try jobFolder("20261204195054908593")
        let file = try decodeFile("\(folder)/web01.example.test/return.p")

        var expected = Array("latin-1 caf".utf8) + [0xe9] + Array(" / raw ".utf8) + [0xff, 0xfe, 0x80]
        expected += Array(" / utf8 ".utf8) + [0xc3, 0xa9, 0x0a]
        #expect(file["return"] == .bytes(expected))
    }

    @Test func largeCommandOutputIsOneString() throws {
        // `cmd.run "seq 1 36000"`: a str32 of 204,893 bytes.
        let folder = try jobFolder("20261204195021381929")
        let file = try decodeFile("\(folder)/web01.example.test/return.p")

        let output = try #require(file["return"]?.stringValue)
        #expect(output.utf8.count == 204_893)
        #expect(output.split(separator: "\n").count == 36_000)
        #expect(output.hasSuffix("\n36000"))
    }

    @Test func encoderReproducesEveryFile() throws {
        // Job cache files come from `salt.payload.dump` (use_bin_type=True). The batch state
        // `.batch.p` comes from `salt.payload.dumps`, whose default is use_bin_type=False.
        for path in EncodingFixture.jobCacheFiles() {
            let bytes = try EncodingFixture.bytes("jobs/" + path)
            let value = try MessagePackDecoder().decode(bytes).value
            let encoder = MessagePackEncoder(useBinType: !path.hasSuffix("/.batch.p"))
            #expect(encoder.encode(value) == bytes, "\(path) does not round-trip")
        }
    }

    @Test func batchStateUsesStr16ForShortText() throws {
        // A state id of 73 bytes in this batch state file is written as str16, which only
        // use_bin_type=False does, so the default encoder writes a shorter file.
        let path = "jobs/fb/448f91d841040dea5d1ef1aba094fa71e9fe201df4f5eefc8ff8086f2e8827/.batch.p"
        let bytes = try EncodingFixture.bytes(path)
        let value = try MessagePackDecoder().decode(bytes).value

        #expect(bytes[179...181] == [0xda, 0x00, 0x49])
        #expect(MessagePackEncoder().encode(value).count < bytes.count)
        #expect(MessagePackEncoder(useBinType: false).encode(value) == bytes)
    }

    @Test func losslessJSONKeepsEveryFile() throws {
        let writer = JSONWriter(dialect: .lossless)
        for path in EncodingFixture.jobCacheFiles() {
            let value = try decodeFile(path)
            let text = writer.encode(value)
            #expect(try Value(losslessJSONText: text) == value, "\(path) changes in lossless JSON")
        }
    }
}
