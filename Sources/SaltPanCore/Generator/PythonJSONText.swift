/// Writes a `Value` as Python's `json.dumps(value, ensure_ascii=False)` does with its default
/// separators `", "` and `": "`, which is how Salt's `rawfile_json` returner writes event lines.
///
/// Only the values JSON can hold are expected here: strings with string keys, integers, finite
/// doubles, booleans, null, arrays and maps. Anything else is written as `null`, because Salt's
/// returner cannot write such values either.
enum PythonJSONText {
    static func append(_ value: Value, to output: inout [UInt8]) {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number):
            JSONText.appendDecimal(number, to: &output)
        case .unsigned(let number):
            JSONText.appendDecimal(number, to: &output)
        case .double(let number) where number.isFinite:
            // Swift's shortest round-trip text matches Python's float repr for the values made
            // here (`1.23`, `39.186`, `0.009`).
            JSONText.appendDouble(number, to: &output)
        case .string(let text):
            JSONText.appendString(text, to: &output)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(contentsOf: ", ".utf8) }
                append(item, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .map(let entries):
            output.append(UInt8(ascii: "{"))
            for (index, entry) in entries.enumerated() {
                if index > 0 { output.append(contentsOf: ", ".utf8) }
                JSONText.appendString(entry.key.stringValue ?? "", to: &output)
                output.append(contentsOf: ": ".utf8)
                append(entry.value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        default:
            output.append(contentsOf: "null".utf8)
        }
    }
}
