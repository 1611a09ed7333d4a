// Intel's ISA-L, for inflating gzip data with the processor's vector instructions.
#include <isa-l/igzip_lib.h>
