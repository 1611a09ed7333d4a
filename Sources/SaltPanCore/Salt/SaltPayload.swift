/// Decodes the msgpack payload of a job cache `.p` file the way Salt reads it.
enum SaltPayload {
    /// The decoded value, with the count of bytes left after it.
    struct Decoded {
        var value: Value
        var trailingBytes: Int
        /// An estimate of the memory `value` takes (see `MessagePackDecoder.Decoded`).
        var estimatedMemorySize: Int
    }

    /// Decodes one msgpack object.
    ///
    /// - Throws: `MessagePackError`, with reason `emptyInput` for an empty file. Every msgpack
    ///   value takes at least 1 byte, so an empty file is a write that was cut short.
    static func decode(_ bytes: [UInt8]) throws -> Decoded {
        let result = try MessagePackDecoder().decode(bytes)
        return Decoded(
            value: result.value,
            trailingBytes: result.trailingByteCount,
            estimatedMemorySize: result.estimatedMemorySize
        )
    }
}
