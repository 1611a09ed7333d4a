/// A failure to decode MessagePack bytes, with the byte offset where it happened.
///
/// `message` names the problem and the offset. Callers that read a file add its path.
public struct MessagePackError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Reason: Hashable, Sendable {
        /// The input has no bytes at all. Salt reads an empty cache file as `None`, so the caller
        /// decides whether this is an error or a missing value.
        case emptyInput
        /// The input ends inside an object: `needed` more bytes were required.
        case truncated(needed: Int)
        /// A str, bin, ext, array or map header declares more than the input can hold.
        ///
        /// `declared` is the length field: bytes for str, bin and ext, items for an array,
        /// entries for a map. `maximum` is the largest length, in the same unit, that the rest
        /// of the input can hold. Every item that enclosing arrays and maps still expect takes
        /// at least one byte of it.
        case lengthExceedsInput(format: String, declared: UInt64, maximum: Int)
        /// The byte 0xc1, which the MessagePack specification reserves and no writer emits.
        case reservedByte
        /// Arrays and maps are nested deeper than the decoder's `maxDepth`.
        case depthLimitExceeded(limit: Int)
    }

    public var reason: Reason
    /// Offset from the start of the input of the byte where decoding failed.
    public var offset: Int

    public init(_ reason: Reason, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    /// A sentence that names the problem and its byte offset.
    public var message: String {
        switch reason {
        case .emptyInput:
            return "MessagePack input is empty (Salt reads an empty file as None)"
        case .truncated(let needed):
            return "truncated MessagePack input: needs \(needed) more bytes at offset \(offset)"
        case .lengthExceedsInput(let format, let declared, let maximum):
            var unit = "bytes"
            if format.hasSuffix("array") || format.hasPrefix("array") {
                unit = "items"
            } else if format.hasSuffix("map") || format.hasPrefix("map") {
                unit = "entries"
            }
            return "\(format) at offset \(offset) declares \(declared) \(unit), but the rest of the input "
                + "can hold at most \(maximum): the input is truncated or corrupt"
        case .reservedByte:
            return "invalid MessagePack: reserved byte 0xc1 at offset \(offset)"
        case .depthLimitExceeded(let limit):
            return "arrays and maps nested deeper than \(limit) levels at offset \(offset), the most saltpan reads"
        }
    }

    public var description: String { message }
}
