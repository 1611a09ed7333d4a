/// Reads `salt-run jobs.exit_success <jid> --out=json`: `{minion: bool}`.
///
/// Salt's verdict is whether each minion's return is truthy, and false for minions without a
/// return. It is kept as a verdict and never turned into a return.
enum ExitSuccessReader {
    static func read(
        _ root: Value,
        jid: String,
        emit: (ExportRecord) throws -> Void
    ) throws {
        guard let entries = root.mapEntries else {
            throw ExportError.unexpectedShape(.saltRunExitSuccess, expected: "an object of booleans", found: root)
        }

        for entry in entries {
            guard let minion = entry.key.stringValue else {
                try emit(.error("key \(entry.key.shapeName) is not a minion id; skipped"))
                continue
            }
            guard let value = entry.value.boolValue else {
                let message =
                    "the verdict of minion '\(minion)' is \(entry.value.messagePreview), not a boolean; skipped"
                try emit(.error(message, entry: minion))
                continue
            }
            try emit(.exitSuccess(jid: jid, minion: minion, value: value))
        }
    }
}
