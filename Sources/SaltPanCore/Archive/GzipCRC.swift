import CISAL
import CZlib

/// The CRC-32 of gzip members (RFC 1952), which a gzip trailer records for the inflated data.
///
/// On x86-64 processors with carry-less multiplication it is ISA-L's 128-bit routine, and zlib's
/// otherwise. zlib 1.2.13 computes it a few bytes at a time from tables, which took 6% of the
/// reader thread's instructions on an event log and more on a job cache archive, four times as
/// large unpacked. ISA-L's own choice on processors with AVX-512, its 512-bit routine, made the
/// ingest slower on an Intel Xeon.
enum GzipCRC {
    /// Whether `update(_:with:)` uses ISA-L.
    static let usesCarrylessMultiplication: Bool = {
        #if arch(x86_64)
        return cisal_crc32_by8_is_supported() != 0
        #else
        return false
        #endif
    }()

    /// Returns the running CRC-32 `crc` extended by `bytes`; a member starts from 0.
    static func update(_ crc: UInt32, with bytes: UnsafeRawBufferPointer) -> UInt32 {
        update(crc, with: bytes, carryless: usesCarrylessMultiplication)
    }

    /// Returns what `update(_:with:)` returns, with ISA-L's routine only when `carryless` is true
    /// and the processor has it, so tests run zlib's routine on any processor.
    static func update(_ crc: UInt32, with bytes: UnsafeRawBufferPointer, carryless: Bool) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return crc }
        let start = base.assumingMemoryBound(to: UInt8.self)

        #if arch(x86_64)
        if carryless, usesCarrylessMultiplication {
            return crc32_gzip_refl_by8(crc, start, UInt64(bytes.count))
        }
        #endif
        return UInt32(crc32_z(UInt(crc), start, bytes.count))
    }
}
