import Testing

@testable import SaltPanCore

/// Text bound in place (`Statement.run(bindingTextInPlace:at:)`) or from the statement's arena
/// (`BoundTextArena`) is stored exactly as text bound with SQLite's copy, and the binding does
/// not outlive the run.
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

    /// Strings short enough for the arena and longer ones, which SQLite copies, in one row and
    /// over many runs, as the ingest binds the jid, minion id and labels of every return.
    @Test func stringsAreStoredExactly() throws {
        let database = try Self.database()
        try database.execute("CREATE TABLE pairs (id INTEGER PRIMARY KEY, first TEXT, second TEXT, third TEXT)")
        let insert = try database.cachedStatement("INSERT INTO pairs (first, second, third) VALUES (?, ?, ?)")
        let long = String(repeating: "é", count: BoundTextArena.capacity)
        let rows: [[String]] = [
            ["20261204195131008428", "web01.example.test", ""],
            ["a\u{0}b", "Cache_Node-7", "café"],
            [long, "db01.example.test", long],
            [String(repeating: "x", count: BoundTextArena.capacity - 1), "y", "z"],
        ]
        for _ in 0..<3 {
            for row in rows {
                for (index, text) in row.enumerated() {
                    try insert.bind(text, at: Int32(index + 1))
                }
                try insert.run()
            }
        }

        let query = try database.prepare("SELECT first, second, third FROM pairs ORDER BY id")
        var stored: [[String]] = []
        while try query.step() {
            stored.append((0..<3).map { query.string(at: Int32($0)) ?? "NULL" })
        }
        #expect(stored == Array([rows, rows, rows].joined()))
    }

    /// A statement taken from the cache again has no bindings left from a run that stopped after
    /// binding, as a write that throws between binding and running leaves it.
    @Test func cachedStatementForgetsBindings() throws {
        let database = try Self.database()
        // One literal, so both calls find the same statement.
        func cachedInsert() throws -> Statement {
            try database.cachedStatement("INSERT INTO texts (text) VALUES (?)")
        }
        let insert = try cachedInsert()
        try insert.bind("abandoned", at: 1)
        let again = try cachedInsert()
        #expect(again === insert)
        try again.run()
        #expect(try Self.storedTexts(database) == [nil])
    }

    /// A time binds as the text of `Timestamp.iso8601()`.
    @Test func timestampBindsISO8601Text() throws {
        let database = try Self.database()
        let insert = try database.prepare("INSERT INTO texts (text) VALUES (?)")
        let time = try #require(Timestamp(iso8601: "2026-12-04T19:51:31.008428Z"))
        try insert.bind(time, at: 1)
        try insert.run()
        try insert.bind(nil as Timestamp?, at: 1)
        try insert.run()
        #expect(try Self.storedTexts(database) == [Array("2026-12-04T19:51:31.008428Z".utf8), nil])
    }
}
