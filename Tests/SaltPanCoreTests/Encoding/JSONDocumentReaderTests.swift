import Testing

@testable import SaltPanCore

@Suite struct JSONDocumentReaderTests {
    /// Reads every document, skipping each line where a document fails, and returns the
    /// documents with their lines and the errors.
    private func readAll(_ bytes: [UInt8]) -> (documents: [(value: Value, line: Int)], errors: [JSONError]) {
        var reader = JSONDocumentReader(bytes: bytes)
        var documents: [(value: Value, line: Int)] = []
        var errors: [JSONError] = []
        while true {
            do throws(JSONError) {
                guard let document = try reader.nextDocument() else { break }
                documents.append(document)
            } catch {
                errors.append(error)
                reader.skipLine()
            }
        }
        return (documents, errors)
    }

    @Test func pingOutputHasOneDocumentPerMinion() throws {
        // `salt \* test.ping --out=json` prints an indented document per minion.
        let (documents, errors) = readAll(try EncodingFixture.bytes("cli/002-ping_all.json"))

        #expect(errors.isEmpty)
        #expect(documents.map(\.line) == [1, 4, 7, 10, 13])
        let minions = [
            "Cache_Node-7", "old-box.example.test", "web01.example.test", "web02.example.test", "db01.example.test",
        ]
        #expect(
            documents.map(\.value) == minions.map { Value.map([Value.MapEntry(key: .string($0), value: .bool(true))]) }
        )
    }

    @Test func batchOutputSkipsTextLines() throws {
        // `salt -b 2 \* test.ping --out=json` mixes "Executing run on [...]" lines in.
        let (documents, errors) = readAll(try EncodingFixture.bytes("cli/058-batch_ping.json"))

        #expect(errors.map(\.line) == [2, 5, 18])
        #expect(errors.allSatisfy { $0.column == 1 })
        #expect(errors.first?.message == "expected a JSON value, found 'E'")

        #expect(documents.count == 5)
        #expect(documents.map(\.line) == [7, 12, 20, 25, 30])
        for document in documents {
            #expect(document.value["retcode"] == .int(0))
            #expect(document.value["jid"] == .string("20261204195216916968"))
        }
        #expect(documents.first?.value["old-box.example.test"] == .bool(true))
    }

    @Test func documentsWithoutSeparators() {
        let (documents, errors) = readAll(Array(#"{"a":1}{"b":2} [3]"#.utf8) + [0x0a] + Array("4\r\n\t\"five\"".utf8))

        #expect(errors.isEmpty)
        #expect(documents.map(\.line) == [1, 1, 1, 2, 3])
        #expect(
            documents.map(\.value) == [
                .object(["a": .int(1)]), .object(["b": .int(2)]), .array([.int(3)]), .int(4), .string("five"),
            ]
        )
    }

    @Test func jidLineIsSkipped() throws {
        // `salt --show-jid` prints the jid as text before the documents.
        let text = "jid: 20261204195001950381\n{\n    \"web01.example.test\": true\n}\n"
        var reader = JSONDocumentReader(bytes: Array(text.utf8))

        #expect(throws: JSONError(message: "expected a JSON value, found 'j'", line: 1, column: 1, offset: 0)) {
            try reader.nextDocument()
        }
        #expect(reader.offset == 0)

        reader.skipLine()
        #expect(reader.offset == 26)
        let document = try reader.nextDocument()
        #expect(document?.line == 2)
        #expect(document?.value == .object(["web01.example.test": .bool(true)]))
        #expect(try reader.nextDocument() == nil)
    }

    @Test func errorInsideDocumentNamesItsLine() throws {
        let text = "{}\n[1,\n 2\n x]\n"
        var reader = JSONDocumentReader(bytes: Array(text.utf8))

        #expect(try reader.nextDocument()?.value == .map([]))
        #expect(
            throws: JSONError(
                message: "expected ',' or ']' after array element, found 'x'",
                line: 4,
                column: 2,
                offset: 11
            )
        ) {
            try reader.nextDocument()
        }
        // The failed document started on line 2, so skipping that line resumes on line 3.
        #expect(reader.offset == 3)
        reader.skipLine()
        #expect(try reader.nextDocument()?.line == 3)
    }

    @Test func emptyAndBlankInputHaveNoDocuments() throws {
        var empty = JSONDocumentReader(bytes: [])
        #expect(try empty.nextDocument() == nil)

        var blank = JSONDocumentReader(bytes: Array(" \n\n\t ".utf8))
        #expect(try blank.nextDocument() == nil)
        #expect(blank.offset == 5)
    }

    @Test func skipLineAtEndStops() throws {
        var reader = JSONDocumentReader(bytes: Array("oops".utf8))
        #expect(throws: JSONError.self) {
            try reader.nextDocument()
        }
        reader.skipLine()
        #expect(reader.offset == 4)
        reader.skipLine()
        #expect(reader.offset == 4)
        #expect(try reader.nextDocument() == nil)
    }

    @Test func readerUsesParserDepthLimit() throws {
        let text = "[[1]] [[[1]]]"
        var reader = JSONDocumentReader(bytes: Array(text.utf8), parser: JSONParser(maxDepth: 2))
        #expect(try reader.nextDocument()?.value == .array([.array([.int(1)])]))
        #expect(throws: JSONError.self) {
            try reader.nextDocument()
        }
    }
}
