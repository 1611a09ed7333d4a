/// A fixed block of memory holding copies of the short texts bound to one statement, so that
/// SQLite reads them in place (`SQLITE_STATIC`) instead of allocating a copy of each.
///
/// SQLite reads such a text from the caller's memory until the binding is cleared or replaced.
/// The block never moves or grows, so each copy stays where it was bound until `rewind()`, which
/// the statement calls only after `sqlite3_clear_bindings`. A text that does not fit in the
/// space left is not copied here, and SQLite copies it itself.
final class BoundTextArena {
    /// The size of the block: the jid, minion id, times and short labels of one insert take a
    /// few hundred bytes.
    static let capacity = 2048

    private var block: UnsafeMutableRawPointer?
    private var used = 0

    /// Returns `count` bytes of the block for the caller to write a text into.
    ///
    /// Returns nil when they do not fit. The buffer's base address is never nil, even for no
    /// bytes, because SQLite binds NULL for a nil address.
    func reserve(_ count: Int) -> UnsafeMutableBufferPointer<UInt8>? {
        guard count <= Self.capacity - used else { return nil }
        let base = block ?? allocateBlock()
        let start = (base + used).assumingMemoryBound(to: UInt8.self)
        used += count
        return UnsafeMutableBufferPointer(start: start, count: count)
    }

    /// Makes the whole block free again; the texts copied before must no longer be bound.
    func rewind() {
        used = 0
    }

    deinit {
        block?.deallocate()
    }

    private func allocateBlock() -> UnsafeMutableRawPointer {
        let allocated = UnsafeMutableRawPointer.allocate(byteCount: Self.capacity, alignment: 8)
        block = allocated
        return allocated
    }
}
