/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha256.h - SHA-256 (FIPS 180-4), incremental and one-shot.
 *
 * Used to verify fetched files against the prep-tftproot manifest.
 * Usage: sha256_init(&c); sha256_update(&c, p, n)...; sha256_final(&c, out);
 * or sha256(p, n, out).  The context holds no pointers: it may be copied.
 */
#ifndef WP_SHA256_H
#define WP_SHA256_H
#include "wp.h"

#define SHA256_DIGEST_SIZE 32u
#define SHA256_BLOCK_SIZE  64u

struct sha256_ctx {
	uint32_t h[8];
	uint64_t bytes;                 /* total message length so far */
	uint8_t buf[SHA256_BLOCK_SIZE]; /* partial block */
	unsigned fill;                  /* bytes used in buf */
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
/* Write the digest to out; the context must be re-initialised before reuse. */
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE]);
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);

#endif
