/// Reads values that the store keeps as JSON in the lossless dialect.
enum StoredValue {
    /// Decodes a stored column; nil text (SQL NULL) gives nil.
    ///
    /// - Throws: `LosslessJSONError` when the text is not valid JSON in that dialect, which
    ///   means the database was edited by hand or damaged.
    static func decode(_ text: String?) throws -> Value? {
        guard let text else { return nil }
        return try Value(losslessJSONText: Array(text.utf8))
    }
}
