#ifndef FEAT_FUZZ_DRIVER_H
#define FEAT_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// One fuzz input: returns 0 (libFuzzer's convention); a finding traps or aborts.
typedef int (*feat_fuzz_callback)(const uint8_t *data, size_t size);

/// Runs libFuzzer's driver with the process's arguments when the binary was linked with
/// `-sanitize=fuzzer`; otherwise replays each file named on the command line (files in a
/// folder too) through the callback once, so that a plain debug build can run a corpus.
int feat_fuzz_main(int argc, char **argv, feat_fuzz_callback callback);

#endif
