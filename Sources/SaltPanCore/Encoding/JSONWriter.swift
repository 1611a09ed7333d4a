/// Writes a `Value` as JSON text into a byte buffer, in one of two dialects.
///
/// Numbers: integers are written in full, finite doubles as Swift's shortest round-trip text
/// (`description`). Strings are escaped per RFC 8259: `"` and `\` get a backslash, control
/// characters get `\b`, `\f`, `\n`, `\r`, `\t` or `\u00XX`, and everything else, including
/// non-ASCII text, is written as UTF-8.
///
/// Recursion depth equals the nesting depth of the value, which the decoders limit to their
/// `maxDepth`.
public struct JSONWriter: Sendable {
    /// The mapping of values that JSON cannot express.
    public enum Dialect: Sendable {
        /// The stored form, which `Value(losslessJSON:)` turns back into the identical value.
        ///
        /// Values that JSON can express are plain JSON. Others become an object with one tag key:
        /// `{"$bytes":"<base64>"}`, `{"$invalid_utf8":"<base64>"}`, `{"$datetime":"<text>"}`,
        /// `{"$ext":[type,"<base64>"]}`, `{"$double":"nan"|"inf"|"-inf"}`. A map with a key that
        /// is not a string, or whose only key is one of these tags, becomes
        /// `{"$map":[[key,value],...]}`. Integral doubles keep a fraction (`2.0`) so they parse
        /// back as doubles.
        case lossless
        /// The form users see from `--format json`, close to what Python's `json` module prints.
        ///
        /// Bytes and invalid strings become `{"$bytes":"<base64>"}`, datetimes ISO 8601 text
        /// without a zone (`2024-05-17T08:30:15.123456`), other extensions
        /// `{"$ext":type,"$bytes":"<base64>"}`, and non-finite doubles `null`.
        ///
        /// Map keys that are not strings become strings. Numbers, booleans and null are written
        /// as Python's `json` writes such keys: `22` becomes `"22"`, `true` becomes `"true"` and
        /// NaN becomes `"NaN"`. Datetime keys become ISO text. Any other key becomes its compact
        /// JSON text in this dialect.
        case output
    }

    public var dialect: Dialect
    /// Whether to put each array element and object member on its own line, indented by two
    /// spaces per level, with `": "` after keys.
    public var prettyPrinted: Bool

    public init(dialect: Dialect, prettyPrinted: Bool = false) {
        self.dialect = dialect
        self.prettyPrinted = prettyPrinted
    }

    /// Returns the JSON text of `value` as UTF-8 bytes.
    public func encode(_ value: Value) -> [UInt8] {
        var output: [UInt8] = []
        write(value, to: &output)
        return output
    }

    /// Returns the JSON text of `value`.
    public func text(_ value: Value) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    /// Appends the JSON text of `value` to `output`.
    public func write(_ value: Value, to output: inout [UInt8]) {
        write(value, depth: 0, to: &output)
    }

    /// Appends the JSON text of `value` as a member nested `depth` levels deep.
    ///
    /// When pretty printing, the inner lines of `value` are indented for that depth.
    /// `JSONArrayStream` writes its elements at depth 1.
    func write(_ value: Value, depth: Int, to output: inout [UInt8]) {
        switch value {
        case .null:
            output.append(contentsOf: Self.null)
        case .bool(let flag):
            output.append(contentsOf: flag ? Self.true : Self.false)
        case .int(let number):
            JSONText.appendDecimal(number, to: &output)
        case .unsigned(let number):
            JSONText.appendDecimal(number, to: &output)
        case .double(let number):
            writeDouble(number, depth: depth, to: &output)
        case .string(let text):
            JSONText.appendString(text, to: &output)
        case .invalidString(let bytes):
            writeTagged(dialect == .lossless ? .invalidUTF8 : .bytes, depth: depth, to: &output) { output in
                JSONText.appendBase64String(bytes, to: &output)
            }
        case .bytes(let bytes):
            writeTagged(.bytes, depth: depth, to: &output) { output in
                JSONText.appendBase64String(bytes, to: &output)
            }
        case .datetime(let text):
            writeDatetime(text, depth: depth, to: &output)
        case .ext(let type, let data):
            writeExtension(type: type, data: data, depth: depth, to: &output)
        case .array(let items):
            writeArray(items, depth: depth, to: &output)
        case .map(let entries):
            writeMap(entries, depth: depth, to: &output)
        }
    }

    private static let null = Array("null".utf8)
    private static let `true` = Array("true".utf8)
    private static let `false` = Array("false".utf8)

    private func writeDouble(_ number: Double, depth: Int, to output: inout [UInt8]) {
        if number.isFinite {
            JSONText.appendDouble(number, to: &output)
        } else if dialect == .output {
            output.append(contentsOf: Self.null)
        } else {
            var name = "inf"
            if number.isNaN {
                name = "nan"
            } else if number < 0 {
                name = "-inf"
            }
            writeTagged(.double, depth: depth, to: &output) { output in
                JSONText.appendString(name, to: &output)
            }
        }
    }

    private func writeDatetime(_ text: String, depth: Int, to output: inout [UInt8]) {
        switch dialect {
        case .lossless:
            writeTagged(.datetime, depth: depth, to: &output) { output in
                JSONText.appendString(text, to: &output)
            }
        case .output:
            JSONText.appendString(SaltDatetime.isoText(fromSaltText: text) ?? text, to: &output)
        }
    }

    private func writeExtension(type: Int8, data: [UInt8], depth: Int, to output: inout [UInt8]) {
        switch dialect {
        case .lossless:
            writeTagged(.ext, depth: depth, to: &output) { output in
                openContainer(UInt8(ascii: "["), depth: depth + 2, to: &output)
                JSONText.appendDecimal(Int64(type), to: &output)
                writeSeparator(depth: depth + 2, to: &output)
                JSONText.appendBase64String(data, to: &output)
                closeContainer(UInt8(ascii: "]"), depth: depth + 1, to: &output)
            }
        case .output:
            // Two keys, so this is no tag object that `Value(losslessJSON:)` would read.
            openContainer(UInt8(ascii: "{"), depth: depth + 1, to: &output)
            writeKey(LosslessJSONTag.ext.rawValue, to: &output)
            JSONText.appendDecimal(Int64(type), to: &output)
            writeSeparator(depth: depth + 1, to: &output)
            writeKey(LosslessJSONTag.bytes.rawValue, to: &output)
            JSONText.appendBase64String(data, to: &output)
            closeContainer(UInt8(ascii: "}"), depth: depth, to: &output)
        }
    }

    private func writeArray(_ items: [Value], depth: Int, to output: inout [UInt8]) {
        for (index, item) in items.enumerated() {
            writeArrayElementStart(index: index, depth: depth, to: &output)
            write(item, depth: depth + 1, to: &output)
        }
        writeArrayEnd(count: items.count, depth: depth, to: &output)
    }

    /// Appends what comes before element `index` of an array at `depth`: the opening bracket
    /// before the first element, a separator before the others.
    ///
    /// `writeArray` and `JSONArrayStream` share this and `writeArrayEnd`, so an array written one
    /// element at a time has the same text as one written whole.
    func writeArrayElementStart(index: Int, depth: Int, to output: inout [UInt8]) {
        if index == 0 {
            openContainer(UInt8(ascii: "["), depth: depth + 1, to: &output)
        } else {
            writeSeparator(depth: depth + 1, to: &output)
        }
    }

    /// Appends the closing bracket of an array at `depth` that has `count` elements, or all of
    /// `[]` when it has none.
    func writeArrayEnd(count: Int, depth: Int, to output: inout [UInt8]) {
        if count == 0 {
            output.append(UInt8(ascii: "["))
            output.append(UInt8(ascii: "]"))
        } else {
            closeContainer(UInt8(ascii: "]"), depth: depth, to: &output)
        }
    }

    private func writeMap(_ entries: [Value.MapEntry], depth: Int, to output: inout [UInt8]) {
        if entries.isEmpty {
            output.append(UInt8(ascii: "{"))
            output.append(UInt8(ascii: "}"))
            return
        }
        if dialect == .lossless, Self.needsMapTag(entries) {
            writeTaggedMap(entries, depth: depth, to: &output)
            return
        }

        openContainer(UInt8(ascii: "{"), depth: depth + 1, to: &output)
        for (index, entry) in entries.enumerated() {
            if index > 0 {
                writeSeparator(depth: depth + 1, to: &output)
            }
            if case .string(let key) = entry.key {
                writeKey(key, to: &output)
            } else {
                writeKey(outputKeyText(entry.key), to: &output)
            }
            write(entry.value, depth: depth + 1, to: &output)
        }
        closeContainer(UInt8(ascii: "}"), depth: depth, to: &output)
    }

    /// Returns whether a lossless map must be written as `{"$map":[[key,value],...]}`: when a key
    /// is not a string, or when its only key is a tag and a plain object would read as a tag.
    private static func needsMapTag(_ entries: [Value.MapEntry]) -> Bool {
        for entry in entries {
            guard case .string(let key) = entry.key else { return true }
            if entries.count == 1, LosslessJSONTag(rawValue: key) != nil {
                return true
            }
        }
        return false
    }

    private func writeTaggedMap(_ entries: [Value.MapEntry], depth: Int, to output: inout [UInt8]) {
        writeTagged(.map, depth: depth, to: &output) { output in
            openContainer(UInt8(ascii: "["), depth: depth + 2, to: &output)
            for (index, entry) in entries.enumerated() {
                if index > 0 {
                    writeSeparator(depth: depth + 2, to: &output)
                }
                openContainer(UInt8(ascii: "["), depth: depth + 3, to: &output)
                write(entry.key, depth: depth + 3, to: &output)
                writeSeparator(depth: depth + 3, to: &output)
                write(entry.value, depth: depth + 3, to: &output)
                closeContainer(UInt8(ascii: "]"), depth: depth + 2, to: &output)
            }
            closeContainer(UInt8(ascii: "]"), depth: depth + 1, to: &output)
        }
    }

    /// Returns the text of a key that is not a string, for the output dialect.
    ///
    /// Integers, booleans, null and non-finite doubles are written as Python's `json.dumps`
    /// converts such keys. Finite doubles use Swift's `description`, as double values do.
    private func outputKeyText(_ key: Value) -> String {
        switch key {
        case .null:
            return "null"
        case .bool(let flag):
            return flag ? "true" : "false"
        case .int(let number):
            return String(number)
        case .unsigned(let number):
            return String(number)
        case .double(let number) where number.isNaN:
            return "NaN"
        case .double(let number) where number.isInfinite:
            return number < 0 ? "-Infinity" : "Infinity"
        case .double(let number):
            return number.description
        case .datetime(let text):
            return SaltDatetime.isoText(fromSaltText: text) ?? text
        default:
            return JSONWriter(dialect: .output).text(key)
        }
    }

    // MARK: - Layout

    /// Appends a one-key tag object and lets `writePayload` append the value after the key.
    private func writeTagged(
        _ tag: LosslessJSONTag,
        depth: Int,
        to output: inout [UInt8],
        writePayload: (inout [UInt8]) -> Void
    ) {
        openContainer(UInt8(ascii: "{"), depth: depth + 1, to: &output)
        writeKey(tag.rawValue, to: &output)
        writePayload(&output)
        closeContainer(UInt8(ascii: "}"), depth: depth, to: &output)
    }

    /// Appends an opening bracket and, when pretty printing, a line break and the indentation
    /// of the first member at `depth`.
    private func openContainer(_ bracket: UInt8, depth: Int, to output: inout [UInt8]) {
        output.append(bracket)
        writeLineBreak(depth: depth, to: &output)
    }

    /// Appends a line break with the indentation of `depth` when pretty printing, then the
    /// closing bracket.
    private func closeContainer(_ bracket: UInt8, depth: Int, to output: inout [UInt8]) {
        writeLineBreak(depth: depth, to: &output)
        output.append(bracket)
    }

    /// Appends a comma and, when pretty printing, the line break and indentation of the next
    /// member at `depth`.
    private func writeSeparator(depth: Int, to output: inout [UInt8]) {
        output.append(UInt8(ascii: ","))
        writeLineBreak(depth: depth, to: &output)
    }

    private func writeLineBreak(depth: Int, to output: inout [UInt8]) {
        guard prettyPrinted else { return }
        output.append(0x0a)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    private func writeKey(_ key: String, to output: inout [UInt8]) {
        JSONText.appendString(key, to: &output)
        output.append(UInt8(ascii: ":"))
        if prettyPrinted {
            output.append(UInt8(ascii: " "))
        }
    }
}
