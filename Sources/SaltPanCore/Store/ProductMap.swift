/// Rules that put minions in products, read from a product map file.
///
/// The file has one rule a line: a minion id or glob, white space, then the product id.
/// Blank lines and lines starting with `#` are ignored. Globs are SQLite's, case-sensitive like
/// Salt's minion ids: `*` any text, `?` one character, `[abc]` one of a set. The first rule that
/// matches a minion wins:
///
///     # minion            product
///     web*.example.test   p-4bc4a5b83bd011e8aa0e000c298454d8
///     db01.example.test   p-9f2e4c1a3bd011e8aa0e000c298454d8
///
/// A product the data names (saltshaker's `product_id`) or `--product` gives is never replaced
/// by the map; the map fills in the rest, and applying a new map replaces what an earlier map
/// set.
public struct ProductMap: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        public var pattern: String
        public var product: String
    }

    public var rules: [Rule]

    /// Reads the rules from the text of a product map file.
    ///
    /// Lines may end in LF or CRLF, and a UTF-8 byte order mark at the start is skipped, as
    /// Windows editors write both. Swift treats CRLF as one `Character`, so splitting at `"\n"`
    /// alone would leave such a file as one line.
    ///
    /// - Throws: `ProductMapError` naming the line that does not have exactly two fields, or
    ///   whose glob has a `[` without its closing `]`, which SQLite's `GLOB` would let match
    ///   nothing.
    public init(text: String, path: String) throws {
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }

        var rules: [Rule] = []
        let lines = body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, line) in lines.enumerated() {
            let content = line.trimmingWhitespace()
            if content.isEmpty || content.hasPrefix("#") { continue }
            let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 2 else {
                throw ProductMapError(path: path, line: index + 1, text: String(content))
            }
            let pattern = String(fields[0])
            do {
                _ = try GlobPattern(pattern)
            } catch {
                throw ProductMapError(path: path, line: index + 1, text: String(content), reason: error.reason)
            }
            rules.append(Rule(pattern: pattern, product: String(fields[1])))
        }
        self.rules = rules
    }

    /// Stores the rules and applies them to the returns of `sourceID`, or to every return when
    /// `sourceID` is nil; returns how many returns got a product from the map.
    @discardableResult
    public func apply(to store: Store, sourceID: Int64? = nil) throws -> Int {
        let database = store.database
        return try database.inTransaction {
            try database.execute("DELETE FROM product_map")
            let insert = try database.prepare("INSERT INTO product_map (position, pattern, product) VALUES (?, ?, ?)")
            for (position, rule) in rules.enumerated() {
                try insert.bind(position, at: 1)
                try insert.bind(rule.pattern, at: 2)
                try insert.bind(rule.product, at: 3)
                try insert.run()
            }
            return try ProductMap.applyStoredRules(in: database, sourceID: sourceID)
        }
    }

    /// Applies the rules in the `product_map` table; returns how many returns have a mapped product.
    @discardableResult
    static func applyStoredRules(in database: Database, sourceID: Int64?) throws -> Int {
        let count = try database.cachedStatement("SELECT count(*) FROM product_map")
        let hasRules = try count.step() && count.int64(at: 0) > 0
        // Reset before returning: a statement left on its row keeps a read transaction open
        // after the caller commits, and the next BEGIN IMMEDIATE then fails at once.
        count.reset()
        guard hasRules || sourceID == nil else { return 0 }

        let scope = sourceID == nil ? "" : " AND source_id = \(sourceID ?? 0)"
        try database.execute(
            """
            UPDATE returns SET product = NULL, product_basis = NULL WHERE product_basis = 'map'\(scope);
            UPDATE returns
            SET product = (SELECT product FROM product_map WHERE returns.minion GLOB pattern ORDER BY position LIMIT 1),
                product_basis = 'map'
            WHERE product_basis IS NULL\(scope)
              AND EXISTS (SELECT 1 FROM product_map WHERE returns.minion GLOB pattern);
            """
        )
        return database.changes
    }
}

/// A product map line that cannot be read.
public struct ProductMapError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var text: String
    /// The fault of a line that has both fields, such as an invalid glob, or nil for a line that
    /// does not have two fields.
    public var reason: String?

    public var description: String {
        if let reason {
            return "\(path):\(line): invalid glob in '\(text.prefix(80))': \(reason)"
        }
        return "\(path):\(line): expected a minion id or glob and a product id separated by white space, "
            + "found '\(text.prefix(80))'"
    }
}
