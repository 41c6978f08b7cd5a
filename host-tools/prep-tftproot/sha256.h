/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sha256.h - SHA-256 (FIPS 180-4) for the manifest. */
#ifndef PT_SHA256_H
#define PT_SHA256_H
#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	uint8_t buf[64];
	size_t n;
};

/* Start a hash. */
void sha256_init(struct sha256 *s);
/* Add bytes. */
void sha256_update(struct sha256 *s, const void *data, size_t len);
/* Finish into 32 bytes. */
void sha256_final(struct sha256 *s, uint8_t out[32]);
/* Hash a host file: 0 with hex (65 bytes) and size, -1 on I/O error. */
int sha256_file(const char *path, char hex[65], uint64_t *size);

#endif
