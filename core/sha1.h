/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sha1.h - SHA-1 (FIPS 180-4), one-shot and incremental. */
#ifndef WP_SHA1_H
#define WP_SHA1_H
#include "wp.h"

struct sha1_ctx {
	uint32_t h[5];
	uint64_t len;      /* bytes hashed so far */
	uint8_t buf[64];   /* pending partial block */
};

void sha1_init(struct sha1_ctx *c);
void sha1_update(struct sha1_ctx *c, const void *data, size_t len);
void sha1_final(struct sha1_ctx *c, uint8_t out[20]);
/* Hash len bytes at data in one call. */
void sha1(const void *data, size_t len, uint8_t out[20]);

#endif
