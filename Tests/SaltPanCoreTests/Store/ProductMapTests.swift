import Testing

@testable import SaltPanCore

@Suite struct ProductMapTests {
    static let text = """
        # minion            product
        web*.example.test   p-web

        db01.example.test   p-db
        *                   p-other
        """

    /// How many returns of the real cache each minion made, from the corpus manifest.
    static func returnCounts() -> [String: Int] {
        var counts: [String: Int] = [:]
        for job in Manifest.shared.jobs {
            for minion in job.returned { counts[minion, default: 0] += 1 }
        }
        return counts
    }

    static func products(_ store: Store) throws -> [String: Int] {
        let query = try store.database.prepare("SELECT coalesce(product, '-'), count(*) FROM returns GROUP BY 1")
        var result: [String: Int] = [:]
        while try query.step() {
            result[query.string(at: 0) ?? ""] = Int(query.int64(at: 1))
        }
        return result
    }

    @Test func parsesRulesInOrder() throws {
        let map = try ProductMap(text: Self.text, path: "products.txt")
        #expect(map.rules.map(\.pattern) == ["web*.example.test", "db01.example.test", "*"])
        #expect(map.rules.first?.product == "p-web")
    }

    @Test func rejectsLineWithoutProduct() {
        let error = #expect(throws: ProductMapError.self) {
            _ = try ProductMap(text: "web01.example.test\n", path: "products.txt")
        }
        #expect(error?.description.hasPrefix("products.txt:1: expected a minion id or glob") == true)
    }

    /// The same map as Windows Notepad saves it: a UTF-8 byte order mark and CRLF line ends.
    @Test func readsWindowsText() throws {
        let windowsText = "\u{FEFF}" + Self.text.replacing("\n", with: "\r\n") + "\r\n"
        let map = try ProductMap(text: windowsText, path: "products.txt")
        let unix = try ProductMap(text: Self.text, path: "products.txt")

        #expect(map.rules == unix.rules)
        #expect(map.rules.first?.pattern == "web*.example.test")
    }

    @Test func windowsTextAppliesLikeUnix() throws {
        let store = try IngestTests.newStore()
        _ = try Ingester(store: store, options: IngestOptions()).ingest(path: Fixtures.jobsArchive)
        let windowsText = "\u{FEFF}" + Self.text.replacing("\n", with: "\r\n")
        let mapped = try ProductMap(text: windowsText, path: "products.txt").apply(to: store)

        let counts = Self.returnCounts()
        let web = (counts["web01.example.test"] ?? 0) + (counts["web02.example.test"] ?? 0)
        #expect(mapped == counts.values.reduce(0, +))
        #expect(try Self.products(store)["p-web"] == web)
    }

    @Test func rejectsUnclosedBracket() {
        let error = #expect(throws: ProductMapError.self) {
            _ = try ProductMap(text: "# products\r\n[web01.example.test p-web\r\n", path: "products.txt")
        }
        #expect(error?.line == 2)
        #expect(error?.description.hasPrefix("products.txt:2: invalid glob in '[web01.example.test p-web'") == true)
        #expect(error?.description.contains("no closing ']'") == true)
    }

    @Test func firstMatchingRuleWins() throws {
        let store = try IngestTests.newStore()
        _ = try Ingester(store: store, options: IngestOptions()).ingest(path: Fixtures.jobsArchive)
        let mapped = try ProductMap(text: Self.text, path: "products.txt").apply(to: store)

        let counts = Self.returnCounts()
        let web = (counts["web01.example.test"] ?? 0) + (counts["web02.example.test"] ?? 0)
        let total = counts.values.reduce(0, +)
        #expect(mapped == total)
        #expect(
            try Self.products(store) == [
                "p-web": web,
                "p-db": counts["db01.example.test"] ?? 0,
                "p-other": total - web - (counts["db01.example.test"] ?? 0),
            ]
        )
    }

    @Test func optionProductIsKeptAndMapIsReplaced() throws {
        let store = try IngestTests.newStore()
        var options = IngestOptions()
        options.product = "p-given"
        _ = try Ingester(store: store, options: options).ingest(path: Fixtures.jobsArchive)
        try ProductMap(text: Self.text, path: "products.txt").apply(to: store)
        #expect(try Self.products(store).keys.sorted() == ["p-given"])

        let folderStore = try IngestTests.newStore()
        _ = try Ingester(store: folderStore, options: IngestOptions()).ingest(path: Fixtures.jobsFolder)
        try ProductMap(text: Self.text, path: "first.txt").apply(to: folderStore)
        try ProductMap(text: "db01.example.test p-db\n", path: "second.txt").apply(to: folderStore)
        let counts = Self.returnCounts()
        let total = counts.values.reduce(0, +)
        let db = counts["db01.example.test"] ?? 0
        #expect(try Self.products(folderStore) == ["p-db": db, "-": total - db])
    }
}
