import CMalloc

/// Settings of the C heap for a saltpan process.
public enum HeapSettings {
    /// Keeps up to 64 MiB of freed memory at the top of the heap instead of returning it to the
    /// system at once.
    ///
    /// glibc gives memory back as soon as more than its trim threshold (128 KiB at first) is
    /// free at the top of the heap. While `saltpan jobs` listed 12,592 jobs, the heap shrank
    /// and grew again about 34,000 times, and those `brk` calls took half of the run time.
    /// Peak memory does not change, because the kept memory was in use a moment before. Does
    /// nothing where the C library is not glibc.
    public static func keepFreedMemory() {
        _ = cmalloc_keep_freed_memory(64 << 20, 16 << 20)
    }
}
