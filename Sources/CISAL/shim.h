// Intel's ISA-L, for inflating gzip data with the processor's vector instructions.
#include <isa-l/igzip_lib.h>
#include <stdint.h>

#if defined(__x86_64__)
#include <cpuid.h>

// The gzip CRC-32 by 128-bit carry-less multiplication (PCLMULQDQ) with SSE4.1 instructions.
// libisal 2.x exports it, but its installed headers declare only crc32_gzip_refl, which picks
// the 512-bit variant on processors with AVX-512.
uint32_t crc32_gzip_refl_by8(uint32_t init_crc, const unsigned char *buf, uint64_t len);

// Whether the processor has the instructions crc32_gzip_refl_by8 uses.
static inline int cisal_crc32_by8_is_supported(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) {
        return 0;
    }
    return (ecx & bit_PCLMUL) != 0 && (ecx & bit_SSE4_1) != 0;
}
#endif
