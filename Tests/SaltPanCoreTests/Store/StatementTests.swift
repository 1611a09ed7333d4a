import Testing

@testable import SaltPanCore

/// Text bound in place (`Statement.run(bindingTextInPlace:at:)`) is stored exactly as text bound
/// with SQLite's copy, and the binding does not outlive the run.
@Suite struct StatementTests {
    static func database() throws -> Database {
        let database = try Database(path: try Fixtures.temporaryFolder() + "/statement.db")
        try database.execute("CREATE TABLE texts (id INTEGER PRIMARY KEY, text TEXT)")
        return database
    }

    static func storedTexts(_ database: Database) throws -> [[UInt8]?] {
        let query = try database.prepare("SELECT text, typeof(text) FROM texts ORDER BY id")
        var texts: [[UInt8]?] = []
        while try query.step() {
            #expect(query.string(at: 1) == "text" || query.string(at: 1) == "null")
            texts.append(query.string(at: 0).map { Array($0.utf8) })
        }
        return texts
    }

    @Test func textBoundInPlaceIsStoredExactly() throws {
        let database = try Self.database()
        let insert = try database.prepare("INSERT INTO texts (text) VALUES (?)")
        // An empty return, a JSON string with an escaped NUL and a multi-byte character, a NUL
        // byte itself, and a 1 MiB command output.
        let texts: [[UInt8]] = [
            [],
            Array(#""a\u0000b é""#.utf8),
            [0x61, 0x00, 0x62],
            [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20),
        ]
        for text in texts {
            try insert.run(bindingTextInPlace: text, at: 1)
        }
        #expect(try Self.storedTexts(database) == texts)
    }

    @Test func bindingIsClearedAfterTheRun() throws {
        let database = try Self.database()
        let insert = try database.prepare("INSERT INTO texts (text) VALUES (?)")
        try insert.run(bindingTextInPlace: Array("first".utf8), at: 1)
        // Run again with nothing bound: the parameter is NULL, not the bytes of the last run.
        try insert.run()
        #expect(try Self.storedTexts(database) == [Array("first".utf8), nil])
    }
}
