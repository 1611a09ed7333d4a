// glibc's heap settings, which Swift's Glibc module does not import (<malloc.h>).
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

// Sets how much freed memory the heap keeps at its top (M_TRIM_THRESHOLD) and how much it
// adds each time it grows (M_TOP_PAD). Returns 0 where the C library is not glibc.
static inline int cmalloc_keep_freed_memory(int trimThreshold, int topPad) {
#if defined(__GLIBC__)
    return mallopt(M_TRIM_THRESHOLD, trimThreshold) && mallopt(M_TOP_PAD, topPad);
#else
    (void)trimThreshold;
    (void)topPad;
    return 0;
#endif
}
