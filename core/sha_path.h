/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha_path.h - which block functions SHA-1 and SHA-256 use: the portable C
 * code, or the x86 SHA extensions (sha1rnds4/sha256rnds2...) when CPUID
 * reports them together with SSSE3 and SSE4.1.
 *
 * The CPU is probed on the first hash.  Firmware glue that cannot let the
 * module use SSE forces the portable path before any hashing; tests and
 * benchmarks force each path in turn to compare them.
 */
#ifndef WP_SHA_PATH_H
#define WP_SHA_PATH_H
#include "wp.h"

enum sha_path {
	SHA_PATH_PORTABLE = 0, /* FIPS 180-4 in C, everywhere */
	SHA_PATH_X86 = 1,      /* x86 SHA extensions */
};

/* The path in use (probes the CPU on the first call). */
enum sha_path sha_path(void);
/*
 * Ask for a path: SHA_PATH_PORTABLE always takes effect; SHA_PATH_X86 takes
 * effect only if the CPU has the extensions.  Returns the path now in use.
 */
enum sha_path sha_path_set(enum sha_path want);
/* True when CPUID reports SHA, SSSE3 and SSE4.1 (false off x86). */
bool sha_x86_cpu(void);

/* SHA-256 round constants (core/sha256.c), 16-byte aligned. */
extern const uint32_t sha256_k[64];
/* Block functions of the x86 path (core/sha256_x86.c, core/sha1_x86.c). */
void sha256_blocks_x86(uint32_t h[8], const uint8_t *p, size_t n);
void sha1_blocks_x86(uint32_t h[5], const uint8_t *p, size_t n);

#endif
