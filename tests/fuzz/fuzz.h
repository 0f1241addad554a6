/*
 * fuzz.h - what every fuzz harness shares (tests/fuzz/README.md).
 *
 * A harness defines LLVMFuzzerTestOneInput(data, size), hands the bytes to
 * one reader and then checks the reader's invariants with FUZZ_CHECK: not
 * only "no crash" but "what was read back is what the file holds" (a NUL
 * that silently truncates a field passes a crash-only fuzzer).  A failed
 * check aborts, which libFuzzer reports as a crash with the input saved.
 */
#ifndef LV_FUZZ_H
#define LV_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                     \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, \
				#cond);                                                      \
			abort();                                                             \
		}                                                                            \
	} while (0)

/*
 * The bytes as a file the readers can open by name: an anonymous memory
 * file (memfd), named /proc/self/fd/N in path (at least 64 bytes).  Returns
 * the descriptor, to close() after the reader is done; aborts on failure.
 */
int fuzz_file(const uint8_t *data, size_t size, char *path);

/* A private folder for harnesses that need real files (made once). */
const char *fuzz_dir(void);

/* Write the bytes to path (a regular file); aborts on failure. */
void fuzz_write(const char *path, const uint8_t *data, size_t size);

/* 1 when the bytes hold a NUL byte. */
int fuzz_has_nul(const uint8_t *data, size_t size);

#endif
