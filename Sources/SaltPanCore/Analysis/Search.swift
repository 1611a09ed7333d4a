/// One return that matches a search.
public struct SearchHit: Sendable, Equatable {
    public var jid: String
    public var minion: String
    public var function: String?
    public var startTime: String?
    /// A line of the matching text around the match, with each matching term between `**` and
    /// its control characters and line breaks shown as `ControlPictures.line(_:)` shows them.
    public var snippet: String
}

/// Full-text search over returns: command output, state comments and error messages.
public enum SearchQuery {
    /// The marks put around each matching term in a snippet.
    public static let highlightMarks = ("**", "**")

    /// Searches the returns `filter` selects, newest jid first, then by minion, at most
    /// `limit` hits when it is given.
    ///
    /// Plain text matches returns that contain every word, in any order and case; a word
    /// ending in `*` matches as a prefix. With `isFTSQuery`, `text` is an SQLite FTS5 query
    /// (`"exact phrase"`, `OR`, `NOT`, `NEAR(a b, 5)`).
    ///
    /// - Throws: `QueryInputError` for empty text or an FTS5 query with a syntax error, and
    ///   `SQLiteError` when the database cannot be read.
    public static func search(
        _ text: String,
        isFTSQuery: Bool,
        in store: Store,
        filter: QueryFilter,
        limit: Int?
    ) throws -> [SearchHit] {
        let match = isFTSQuery ? text : try plainQuery(text)
        let jobCondition = filter.jobCondition("job")
        let returnCondition = filter.returnCondition("result")
        let query = try store.database.prepare(
            """
            SELECT result.jid, result.minion, job.function, job.start_time,
                   snippet(search_text, 0, '\(highlightMarks.0)', '\(highlightMarks.1)', '…', 16)
            FROM search_text
            JOIN returns AS result ON result.id = search_text.rowid
            JOIN jobs AS job ON job.jid = result.jid
            WHERE search_text MATCH ? AND \(jobCondition.text) AND \(returnCondition.text)
            ORDER BY result.jid DESC, result.minion
            \(limit == nil ? "" : "LIMIT ?")
            """
        )
        try query.bind(match, at: 1)
        try query.bind(jobCondition.parameters + returnCondition.parameters, startingAt: 2)
        if let limit {
            try query.bind(limit, at: Int32(2 + jobCondition.parameters.count + returnCondition.parameters.count))
        }

        var hits: [SearchHit] = []
        do {
            while try query.step() {
                hits.append(
                    SearchHit(
                        jid: query.string(at: 0) ?? "",
                        minion: query.string(at: 1) ?? "",
                        function: query.string(at: 2),
                        startTime: query.string(at: 3),
                        snippet: ControlPictures.line(query.string(at: 4) ?? "")
                    )
                )
            }
        } catch let error as SQLiteError {
            if isFTSQuery, error.isQueryError { throw ftsQueryError(text, error) }
            throw error
        }
        return hits
    }

    /// Builds the error for an FTS5 query that SQLite could not read.
    ///
    /// The statement was prepared before the query was bound, so a plain SQLITE_ERROR while it
    /// runs comes from the query: `fts5: syntax error`, `unterminated string`, or `no such
    /// column` for a word before a colon, which FTS5 reads as a column name.
    static func ftsQueryError(_ text: String, _ error: SQLiteError) -> QueryInputError {
        var reason = error.message
        if error.message.hasPrefix("no such column") {
            reason += " (a word before ':' names a column, and the index has only 'text'; quote the word)"
        }
        reason += "; see the FTS5 query syntax at https://sqlite.org/fts5.html, or leave out --fts to search for words"
        return QueryInputError(value: text, reason: reason)
    }

    /// Builds an FTS5 query that matches every word of `text` as a string.
    ///
    /// `disk full*` becomes `"disk" "full"*`, so punctuation such as `:` or `-` is never read as
    /// query syntax.
    static func plainQuery(_ text: String) throws(QueryInputError) -> String {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else {
            throw QueryInputError(value: text, reason: "give at least one word to search for")
        }
        return words.map { word in
            let isPrefix = word.count > 1 && word.hasSuffix("*")
            let term = isPrefix ? word.dropLast() : word
            let quoted = "\"" + term.replacing("\"", with: "\"\"") + "\""
            return isPrefix ? quoted + "*" : quoted
        }.joined(separator: " ")
    }
}
