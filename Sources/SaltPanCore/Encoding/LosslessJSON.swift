/// The keys of the one-key objects that the lossless JSON dialect uses for values JSON cannot
/// express.
enum LosslessJSONTag: String {
    case bytes = "$bytes"
    case invalidUTF8 = "$invalid_utf8"
    case datetime = "$datetime"
    case ext = "$ext"
    case double = "$double"
    case map = "$map"
}

/// A failure to read text in the lossless JSON dialect back into a `Value`.
public enum LosslessJSONError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text is not valid JSON.
    case syntax(JSONError)
    /// A tag object such as `{"$bytes": ...}` has a payload of the wrong form. The text was not
    /// written by `JSONWriter` in the lossless dialect, or it was changed since.
    case invalidTag(tag: String, message: String)

    public var description: String {
        switch self {
        case .syntax(let error):
            return error.description
        case .invalidTag(let tag, let message):
            return "invalid lossless JSON: \(tag) \(message)"
        }
    }
}

extension Value {
    /// The nesting limit for parsing lossless JSON text.
    ///
    /// Each level of a value can take up to three levels in lossless JSON
    /// (`{"$map":[[key,value]]}`), plus two for a tag at the innermost level, so every value the
    /// MessagePack decoder accepts with its default limit can be read back.
    public static let losslessJSONMaxDepth = 3 * MessagePackDecoder.defaultMaxDepth + 2

    /// Reads lossless JSON text, as `JSONWriter` writes it in the `.lossless` dialect, back into
    /// the value that was written.
    public init(losslessJSONText bytes: [UInt8]) throws(LosslessJSONError) {
        let parsed: Value
        do throws(JSONError) {
            parsed = try JSONParser(maxDepth: Value.losslessJSONMaxDepth).parse(bytes)
        } catch {
            throw .syntax(error)
        }
        try self.init(losslessJSON: parsed)
    }

    /// Reads lossless JSON text from a buffer back into the value that was written.
    public init(losslessJSONText buffer: UnsafeRawBufferPointer) throws(LosslessJSONError) {
        let parsed: Value
        do throws(JSONError) {
            parsed = try JSONParser(maxDepth: Value.losslessJSONMaxDepth).parse(buffer)
        } catch {
            throw .syntax(error)
        }
        try self.init(losslessJSON: parsed)
    }

    /// Turns a value parsed from lossless JSON back into the value that was written, by replacing
    /// each tag object with the value it stands for.
    ///
    /// A map is a tag object when it has exactly one entry whose key is a tag (`$bytes`,
    /// `$invalid_utf8`, `$datetime`, `$ext`, `$double`, `$map`). The writer escapes real maps of
    /// that shape, so there is no ambiguity.
    ///
    /// The result equals the written value for every value the decoders produce. A `.unsigned`
    /// that fits in `Int64` comes back as `.int`, and every NaN comes back as `Double.nan`.
    public init(losslessJSON parsed: Value) throws(LosslessJSONError) {
        var value = parsed
        try LosslessJSONDecoding.replaceTags(in: &value)
        self = value
    }
}

/// The recursive step of `Value(losslessJSON:)`.
private enum LosslessJSONDecoding {
    /// Replaces tag objects inside `value`, in place.
    ///
    /// Each array and map is moved out of `value` before it is changed, so that its storage is
    /// uniquely referenced and is updated without a copy.
    static func replaceTags(in value: inout Value) throws(LosslessJSONError) {
        switch value {
        case .array(var items):
            value = .null
            for index in items.indices {
                try replaceTags(in: &items[index])
            }
            value = .array(items)
        case .map(var entries):
            if entries.count == 1, case .string(let key) = entries[0].key, key.utf8.first == UInt8(ascii: "$"),
                let tag = LosslessJSONTag(rawValue: key)
            {
                value = .null
                var payload = Value.null
                swap(&payload, &entries[0].value)
                value = try decodeTagged(tag, payload: &payload)
                return
            }
            value = .null
            for index in entries.indices {
                try replaceTags(in: &entries[index].value)
            }
            value = .map(entries)
        default:
            break
        }
    }

    /// Returns the value that a tag object stands for.
    ///
    /// A `$map` payload is taken apart in place, so that its arrays are not copied.
    private static func decodeTagged(_ tag: LosslessJSONTag, payload: inout Value) throws(LosslessJSONError) -> Value {
        switch tag {
        case .bytes:
            return .bytes(try decodeBase64(payload, tag: tag))
        case .invalidUTF8:
            return .invalidString(try decodeBase64(payload, tag: tag))
        case .datetime:
            guard case .string(let text) = payload else {
                throw invalid(tag, "must be a string, found \(kind(of: payload))")
            }
            return .datetime(text)
        case .ext:
            return try decodeExtension(payload)
        case .double:
            return .double(try decodeNonFiniteDouble(payload))
        case .map:
            return .map(try decodeMapEntries(&payload))
        }
    }

    private static func decodeBase64(_ payload: Value, tag: LosslessJSONTag) throws(LosslessJSONError) -> [UInt8] {
        guard case .string(let text) = payload else {
            throw invalid(tag, "must be a base64 string, found \(kind(of: payload))")
        }
        guard let bytes = Base64.decode(text) else {
            throw invalid(tag, "must be a base64 string, found \"\(text.prefix(40))\"")
        }
        return bytes
    }

    private static func decodeExtension(_ payload: Value) throws(LosslessJSONError) -> Value {
        guard case .array(let parts) = payload, parts.count == 2 else {
            throw invalid(.ext, "must be an array of type and base64 data, found \(kind(of: payload))")
        }
        guard case .int(let number) = parts[0], let type = Int8(exactly: number) else {
            throw invalid(.ext, "type must be an integer from -128 to 127, found \(kind(of: parts[0]))")
        }
        return .ext(type: type, data: try decodeBase64(parts[1], tag: .ext))
    }

    private static func decodeNonFiniteDouble(_ payload: Value) throws(LosslessJSONError) -> Double {
        switch payload {
        case .string("nan"):
            return .nan
        case .string("inf"):
            return .infinity
        case .string("-inf"):
            return -.infinity
        default:
            throw invalid(.double, "must be \"nan\", \"inf\" or \"-inf\", found \(kind(of: payload))")
        }
    }

    private static func decodeMapEntries(_ payload: inout Value) throws(LosslessJSONError) -> [Value.MapEntry] {
        guard case .array(var pairs) = payload else {
            throw invalid(.map, "must be an array of [key, value] pairs, found \(kind(of: payload))")
        }
        payload = .null

        var entries: [Value.MapEntry] = []
        entries.reserveCapacity(pairs.count)
        for index in pairs.indices {
            guard case .array(var parts) = pairs[index], parts.count == 2 else {
                throw invalid(.map, "entry must be a [key, value] pair, found \(kind(of: pairs[index]))")
            }
            pairs[index] = .null
            var key = Value.null
            var value = Value.null
            swap(&key, &parts[0])
            swap(&value, &parts[1])

            try replaceTags(in: &key)
            try replaceTags(in: &value)
            entries.append(Value.MapEntry(key: key, value: value))
        }
        return entries
    }

    private static func invalid(_ tag: LosslessJSONTag, _ message: String) -> LosslessJSONError {
        .invalidTag(tag: tag.rawValue, message: message)
    }

    /// Names the JSON type of a parsed value, for error messages.
    private static func kind(of value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .unsigned, .double: return "a number"
        case .string(let text): return "the string \"\(text.prefix(40))\""
        case .array(let items): return "an array of \(items.count) items"
        case .map: return "an object"
        case .invalidString, .bytes, .datetime, .ext: return "a non-JSON value"
        }
    }
}
