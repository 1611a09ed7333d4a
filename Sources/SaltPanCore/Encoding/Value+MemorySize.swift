extension Value {
    /// An estimate of the bytes the value takes in memory: its own slot, and the bytes of its
    /// strings, byte strings and members.
    ///
    /// The queue between the ingest threads is bounded by the size of its records. A value
    /// decoded from an event log line, such as a runner's map, takes as much memory as its text
    /// or more. Small strings are counted in full although Swift keeps them inside the slot, so
    /// the estimate errs high.
    var estimatedMemorySize: Int {
        let slot = MemoryLayout<Value>.stride
        switch self {
        case .null, .bool, .int, .unsigned, .double:
            return slot
        case .string(let text), .datetime(let text):
            return slot + text.utf8.count
        case .invalidString(let bytes), .bytes(let bytes), .ext(_, let bytes):
            return slot + bytes.count
        case .array(let items):
            return items.reduce(slot) { $0 + $1.estimatedMemorySize }
        case .map(let entries):
            return entries.reduce(slot) { $0 + $1.key.estimatedMemorySize + $1.value.estimatedMemorySize }
        }
    }
}
