/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha1.h - SHA-1 (FIPS 180-4), incremental and one-shot.
 *
 * Used for WIM blob hashes (lookup table, dentries, injected files).
 * Usage: sha1_init(&c); sha1_update(&c, p, n)...; sha1_final(&c, out);
 * or sha1(p, n, out).  The context holds no pointers: it may be copied.
 */
#ifndef WP_SHA1_H
#define WP_SHA1_H
#include "wp.h"

#define SHA1_DIGEST_SIZE 20u
#define SHA1_BLOCK_SIZE  64u

struct sha1_ctx {
	uint32_t h[5];
	uint64_t bytes;               /* total message length so far */
	uint8_t buf[SHA1_BLOCK_SIZE]; /* partial block */
	unsigned fill;                /* bytes used in buf */
};

void sha1_init(struct sha1_ctx *c);
void sha1_update(struct sha1_ctx *c, const void *data, size_t len);
/* Write the digest to out; the context must be re-initialised before reuse. */
void sha1_final(struct sha1_ctx *c, uint8_t out[SHA1_DIGEST_SIZE]);
void sha1(const void *data, size_t len, uint8_t out[SHA1_DIGEST_SIZE]);

#endif
