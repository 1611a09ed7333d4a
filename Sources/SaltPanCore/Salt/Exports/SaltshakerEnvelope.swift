/// The wrapping of saltshaker's API responses: `{"data": ..., "status": true, "message": ""}`.
enum SaltshakerEnvelope {
    /// Returns the list under `data`, after emitting a warning when `status` is false.
    ///
    /// - Throws: `ExportError` when `root` is not an object with a list under `data`.
    static func items(
        of root: Value,
        format: ExportFormat,
        emit: (ExportRecord) throws -> Void
    ) throws -> [Value] {
        guard let items = root["data"]?.arrayValue else {
            throw ExportError.unexpectedShape(format, expected: "an object with a list under \"data\"", found: root)
        }
        try warnAboutStatus(of: root, emit: emit)
        return items
    }

    /// Emits a warning with saltshaker's message when the response reports a failure.
    static func warnAboutStatus(of root: Value, emit: (ExportRecord) throws -> Void) throws {
        guard root["status"] == .bool(false) else { return }
        let message = root["message"]?.stringValue ?? ""
        let detail = message.isEmpty ? "" : ": \(message)"
        try emit(.warning("saltshaker reports that the request failed (status false)\(detail)"))
    }
}
