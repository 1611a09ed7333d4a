/// Decodes one MessagePack object, such as the contents of a Salt job cache `.p` file, into a
/// `Value`.
///
/// The decoder reads the whole format: nil, booleans, all integer and float widths, the str,
/// bin, array, map and ext families. A str with valid UTF-8 becomes `.string`, any other str
/// becomes `.invalidString` with its bytes. Extension type 78 with an ASCII payload becomes
/// `.datetime`. Every other extension type becomes `.ext`. Map keys may be of any type and keep
/// their order.
///
/// Decoding uses an explicit stack instead of recursion, so hostile nesting fails with
/// `depthLimitExceeded` and never overflows the call stack.
public struct MessagePackDecoder: Sendable {
    /// The nesting limit used unless the caller sets another.
    public static let defaultMaxDepth = 512

    /// The maximum number of arrays and maps that may be nested inside each other.
    public var maxDepth: Int

    public init(maxDepth: Int = MessagePackDecoder.defaultMaxDepth) {
        self.maxDepth = maxDepth
    }

    /// A decoded object and the number of bytes left after it.
    public struct Decoded: Hashable, Sendable {
        public var value: Value
        /// The number of bytes the object occupies, from the start of the input.
        public var byteCount: Int
        /// The number of bytes after the object.
        ///
        /// Salt writes exactly one object per file, so a non-zero count means that the file was
        /// appended to or corrupted and deserves a warning.
        public var trailingByteCount: Int
        /// The number of values decoded: the object, and every item, key and value inside it.
        public var valueCount: Int

        /// An estimate of the memory `value` takes: a `Value` for each value decoded, and the
        /// object's bytes for the contents of strings and byte strings.
        ///
        /// Counting costs one addition per container, where walking the decoded value took 5%
        /// more instructions on the reader thread of a job cache ingest.
        public var estimatedMemorySize: Int {
            byteCount + valueCount * MemoryLayout<Value>.stride
        }
    }

    /// Decodes the first object in `bytes`.
    ///
    /// - Throws: `MessagePackError` with reason `emptyInput` when `bytes` is empty, and with
    ///   other reasons when the object is truncated or malformed.
    public func decode(_ bytes: [UInt8]) throws(MessagePackError) -> Decoded {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(MessagePackError) in try decode(buffer) }
        }
        return try result.get()
    }

    /// Decodes the first object in `buffer`.
    ///
    /// - Throws: `MessagePackError` with reason `emptyInput` when `buffer` is empty, and with
    ///   other reasons when the object is truncated or malformed.
    public func decode(_ buffer: UnsafeRawBufferPointer) throws(MessagePackError) -> Decoded {
        if buffer.isEmpty {
            throw MessagePackError(.emptyInput, offset: 0)
        }

        var cursor = MessagePackCursor(buffer)
        var valueCount = 1
        let value = try decodeObject(&cursor, valueCount: &valueCount)
        return Decoded(
            value: value,
            byteCount: cursor.position,
            trailingByteCount: cursor.remaining,
            valueCount: valueCount
        )
    }

    /// An array or map whose items are still being read.
    private struct OpenContainer {
        var isMap: Bool
        /// Items not yet started: array items, or map keys plus values.
        var unreadItems: Int
        var items: [Value] = []
        var entries: [Value.MapEntry] = []
        var pendingKey = Value.null
    }

    /// Reads one object, keeping open arrays and maps on a heap-allocated stack, and adds the
    /// items, keys and values of its containers to `valueCount`.
    private func decodeObject(
        _ cursor: inout MessagePackCursor,
        valueCount: inout Int
    ) throws(MessagePackError) -> Value {
        var stack: [OpenContainer] = []
        // The sum of `unreadItems` over `stack`: each needs at least one more input byte.
        var reservedBytes = 0

        readElement: while true {
            let start = cursor.position
            if !stack.isEmpty {
                reservedBytes -= 1
                stack[stack.count - 1].unreadItems -= 1
            }

            var value: Value
            switch try cursor.readElement(reservedBytes: reservedBytes) {
            case .scalar(let scalar):
                value = scalar
            case .array(let count):
                try checkDepth(stack.count, at: start)
                if count == 0 {
                    value = .array([])
                    break
                }
                var container = OpenContainer(isMap: false, unreadItems: count)
                container.items.reserveCapacity(count)
                stack.append(container)
                reservedBytes += count
                valueCount += count
                continue readElement
            case .map(let count):
                try checkDepth(stack.count, at: start)
                if count == 0 {
                    value = .map([])
                    break
                }
                var container = OpenContainer(isMap: true, unreadItems: 2 * count)
                container.entries.reserveCapacity(count)
                stack.append(container)
                reservedBytes += 2 * count
                valueCount += 2 * count
                continue readElement
            }

            // Store the finished value in the innermost container, and close each container
            // that this completes.
            while !stack.isEmpty {
                let top = stack.count - 1
                if stack[top].isMap {
                    if stack[top].unreadItems % 2 == 1 {
                        stack[top].pendingKey = value
                        continue readElement
                    }
                    stack[top].entries.append(Value.MapEntry(key: stack[top].pendingKey, value: value))
                } else {
                    stack[top].items.append(value)
                }

                if stack[top].unreadItems > 0 {
                    continue readElement
                }
                let container = stack.removeLast()
                value = container.isMap ? .map(container.entries) : .array(container.items)
            }
            return value
        }
    }

    private func checkDepth(_ openContainers: Int, at offset: Int) throws(MessagePackError) {
        if openContainers >= maxDepth {
            throw MessagePackError(.depthLimitExceeded(limit: maxDepth), offset: offset)
        }
    }
}
