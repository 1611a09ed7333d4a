/// Decodes the msgpack payload of a job cache `.p` file the way Salt reads it.
enum SaltPayload {
    /// The decoded value, with the count of bytes left after it.
    struct Decoded {
        var value: Value
        var trailingBytes: Int
    }

    /// Decodes one msgpack object; an empty file reads as nil (`.null`), as in Salt.
    static func decode(_ bytes: [UInt8]) throws -> Decoded {
        if bytes.isEmpty { return Decoded(value: .null, trailingBytes: 0) }
        let result = try MessagePackDecoder().decode(bytes)
        return Decoded(value: result.value, trailingBytes: result.trailingByteCount)
    }
}
