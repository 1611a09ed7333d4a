/// A decoded MessagePack or JSON value that keeps everything Salt can store.
///
/// Salt's job cache holds more than JSON can say: binary strings (msgpack bin), text that is not
/// valid UTF-8 (Python 2 era caches wrote bytes in the str family), datetimes (ext type 78),
/// other extension types, integer map keys and integers up to 2^64 - 1. Each of these has its
/// own case, so a value read from a `.p` file survives a round trip through the database
/// unchanged. Maps keep their entries in the order they were written and may have keys of any
/// type.
///
/// The enum is deliberately not `indirect`: arrays and maps already store their elements on the
/// heap, and boxing every scalar would cost one allocation per decoded value.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    /// An integer that fits in `Int64`; non-negative integers above `Int64.max` use `unsigned`.
    case int(Int64)
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    /// A msgpack str whose bytes are not valid UTF-8, kept as written.
    case invalidString([UInt8])
    /// A msgpack bin: Python `bytes`.
    case bytes([UInt8])
    /// Salt's extension type 78: a naive datetime written as `YYYYMMDDTHH:MM:SS.ffffff`.
    case datetime(String)
    /// Any other msgpack extension type, kept with its payload.
    case ext(type: Int8, data: [UInt8])
    case array([Value])
    case map([MapEntry])

    /// One key and value of a map, in the order the writer put them.
    public struct MapEntry: Sendable, Hashable {
        public var key: Value
        public var value: Value

        public init(key: Value, value: Value) {
            self.key = key
            self.value = value
        }
    }
}

extension Value {
    /// Creates a map from string keys, keeping their order.
    public static func object(_ pairs: KeyValuePairs<String, Value>) -> Value {
        .map(pairs.map { MapEntry(key: .string($0.key), value: $0.value) })
    }

    /// The value stored under the string `key` of a map, or nil for other values and absent keys.
    ///
    /// Keys of different UTF-8 lengths never match. Every key that saltpan looks up is ASCII, so
    /// it matches only the same bytes, as keys of Python's dictionaries do. It does not match a
    /// canonically equivalent spelling, such as the Kelvin sign for `K`. Two non-ASCII keys of
    /// equal length still compare as Swift strings. The search is linear because the maps Salt
    /// writes at this level have a handful of keys, and the stored length rules out most of them
    /// without reading their bytes.
    public subscript(key: String) -> Value? {
        guard case .map(let entries) = self else { return nil }
        let keyLength = key.utf8.count
        // Read in place: iterating the array copied each entry, retaining and releasing its key
        // and value.
        return entries.withUnsafeBufferPointer { buffer in
            for index in buffer.indices {
                if case .string(let name) = buffer[index].key, name.utf8.count == keyLength, name == key {
                    return buffer[index].value
                }
            }
            return nil
        }
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The text of a `string`, or nil for every other case.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The integer, or nil when the value is not an integer or does not fit in `Int64`.
    public var int64Value: Int64? {
        switch self {
        case .int(let number): return number
        case .unsigned(let number): return Int64(exactly: number)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    public var arrayValue: [Value]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var mapEntries: [MapEntry]? {
        if case .map(let entries) = self { return entries }
        return nil
    }
}
