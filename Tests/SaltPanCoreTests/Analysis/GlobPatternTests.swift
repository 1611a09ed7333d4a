import Testing

@testable import SaltPanCore

@Suite struct GlobPatternTests {
    @Test func wildcardsPassThrough() throws {
        #expect(try GlobPattern("web*.example.test").sqliteText == "web*.example.test")
        #expect(try GlobPattern("db0?").sqliteText == "db0?")
        #expect(try GlobPattern("web0[12]").sqliteText == "web0[12]")
    }

    @Test func negatedSetUsesSQLiteSpelling() throws {
        #expect(try GlobPattern("web0[!1]").sqliteText == "web0[^1]")
    }

    @Test func leadingCaretStaysLiteral() throws {
        #expect(try GlobPattern("a[^b]").sqliteText == "a[b^]")
        #expect(try GlobPattern("a[^]").sqliteText == "a^")
    }

    @Test func closingBracketFirstIsLiteral() throws {
        #expect(try GlobPattern("a[]]").sqliteText == "a[]]")
        #expect(try GlobPattern("a[!]]").sqliteText == "a[^]]")
    }

    @Test func unclosedSetIsRejected() {
        let error = #expect(throws: QueryInputError.self) { try GlobPattern("web[01") }
        #expect(error?.value == "web[01")
        #expect(error?.reason.contains("position 4") == true)
    }

    @Test func emptyPatternIsRejected() {
        #expect(throws: QueryInputError.self) { try GlobPattern("") }
    }

    @Test func literalPatternHasNoWildcard() throws {
        #expect(try GlobPattern("db01.example.test").isLiteral)
        #expect(try !GlobPattern("db*").isLiteral)
    }
}
