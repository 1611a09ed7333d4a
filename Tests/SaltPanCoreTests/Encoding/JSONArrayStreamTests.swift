import Testing

@testable import SaltPanCore

@Suite struct JSONArrayStreamTests {
    /// Elements of every kind that nests: a job-like object with an array and a map inside, a
    /// map with integer keys (the `pids_by_port` map of the inventory.snapshot custom module),
    /// empty containers, a scalar and a tagged value.
    private let elements: [Value] = [
        .object([
            "jid": .string("20261204195008509633"),
            "arguments": .array([.string("echo about to fail; exit 1")]),
            "outcomes": .object(["succeeded": .int(0), "failed": .int(5)]),
        ]),
        .map([
            Value.MapEntry(key: .int(22), value: .int(812)),
            Value.MapEntry(key: .int(80), value: .int(1290)),
        ]),
        .array([]),
        .map([]),
        .int(1),
        .bytes([0x01, 0x02]),
    ]

    @Test(arguments: [0, 1, 2, 6])
    func streamedArrayEqualsWholeArray(count: Int) {
        let items = Array(elements.prefix(count))
        for writer in [JSONWriter(dialect: .output, prettyPrinted: true), JSONWriter(dialect: .lossless)] {
            var stream = JSONArrayStream(writer: writer)
            var output: [UInt8] = []
            for item in items {
                stream.append(item, to: &output)
            }
            stream.finish(to: &output)

            #expect(String(decoding: output, as: UTF8.self) == writer.text(.array(items)))
            #expect(stream.count == count)
        }
    }

    @Test func emptyStreamWritesEmptyArray() {
        var output: [UInt8] = []
        JSONArrayStream(writer: JSONWriter(dialect: .output, prettyPrinted: true)).finish(to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "[]")
    }
}
