/// Undoes what saltshaker's exporter does to Salt's values.
///
/// saltshaker stores `success` as a boolean or as the text `"true"`, `"false"`, `"1"` or `"0"`,
/// and its exporter may write every null as `""`. An empty string is read as null only where
/// Salt writes null: `retcode`, `success` and `user`, and `result` and `__sls__` inside state
/// results (a test run's "would change" and `state.single`'s missing SLS). Everywhere else an
/// empty string is what the minion returned and stays one.
enum SaltshakerValue {
    /// Reads `success`; nil when absent or `""`.
    ///
    /// - Throws: `ExportError` naming the value when it is none of the accepted forms.
    static func success(_ value: Value?) throws(ExportError) -> Bool? {
        switch value {
        case nil, .null:
            return nil
        case .bool(let flag):
            return flag
        case .string(let text):
            switch text {
            case "": return nil
            case "true", "1": return true
            case "false", "0": return false
            default: break
            }
        default:
            break
        }
        throw ExportError(
            "success \(value?.messagePreview ?? "") is neither a boolean nor \"true\", \"false\", \"1\" or \"0\""
        )
    }

    /// Reads `retcode`; nil when absent or `""`.
    ///
    /// - Throws: `ExportError` naming the value when it is not an integer.
    static func retcode(_ value: Value?) throws(ExportError) -> Int64? {
        switch value {
        case nil, .null:
            return nil
        case .string(let text) where text.isEmpty:
            return nil
        default:
            guard let number = value?.int64Value else {
                throw ExportError("retcode \(value?.messagePreview ?? "") is not an integer")
            }
            return number
        }
    }

    /// Returns `value` with `result: ""` and `__sls__: ""` of every state result turned back into
    /// null, at any depth, so the state results of orchestration returns are restored too.
    ///
    /// A state result is a map stored under a state tag (`<module>_|-<id>_|-<name>_|-<function>`).
    static func restoringStateNulls(_ value: Value) -> Value {
        switch value {
        case .array(let items):
            return .array(items.map(restoringStateNulls))
        case .map(let entries):
            return .map(entries.map(restoringStateNulls(in:)))
        default:
            return value
        }
    }

    private static func restoringStateNulls(in entry: Value.MapEntry) -> Value.MapEntry {
        var entry = entry
        entry.value = restoringStateNulls(entry.value)
        guard let tag = entry.key.stringValue, tag.contains("_|-"), case .map(var fields) = entry.value else {
            return entry
        }

        for index in fields.indices {
            guard let name = fields[index].key.stringValue, name == "result" || name == "__sls__" else { continue }
            if fields[index].value == .string("") {
                fields[index].value = .null
            }
        }
        entry.value = .map(fields)
        return entry
    }

    /// Returns the entry without saltshaker's `product_id`, which Salt never wrote, so that a
    /// load kept from it matches the one in the job cache.
    static func removingProduct(from entry: Value) -> Value {
        guard case .map(let fields) = entry else { return entry }
        return .map(fields.filter { $0.key != .string("product_id") })
    }
}
