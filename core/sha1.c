/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha1.c - SHA-1 after FIPS 180-4 section 6.1.  Whole blocks are hashed
 * straight from the caller's buffer, 32-bit words at a time; only a partial
 * block at either end goes through the context buffer.  The x86 SHA
 * extensions path is core/sha1_x86.c, chosen by core/sha_path.c.
 */
#include "sha1.h"
#include "sha_path.h"

/* Rotate a 32-bit word left by n (0 < n < 32). */
static inline uint32_t rol32(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

/* Load a big-endian 32-bit word from any alignment. */
static inline uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Store a 32-bit word big-endian. */
static inline void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Hash n consecutive 64-byte blocks at p into the state h (portable C). */
static void sha1_blocks_c(uint32_t h[5], const uint8_t *p, size_t n)
{
	uint32_t w[16];

	while (n--) {
		uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
		uint32_t t;
		unsigned i;

		for (i = 0; i < 16; i++) {
			w[i] = be32(p + 4 * i);
			t = rol32(a, 5) + (d ^ (b & (c ^ d))) + e + 0x5a827999 + w[i];
			e = d; d = c; c = rol32(b, 30); b = a; a = t;
		}
		for (; i < 80; i++) {
			uint32_t x = w[(i - 3) & 15] ^ w[(i - 8) & 15] ^
				     w[(i - 14) & 15] ^ w[i & 15];
			w[i & 15] = x = rol32(x, 1);
			if (i < 20)
				t = (d ^ (b & (c ^ d))) + 0x5a827999;
			else if (i < 40)
				t = (b ^ c ^ d) + 0x6ed9eba1;
			else if (i < 60)
				t = ((b & c) | (d & (b | c))) + 0x8f1bbcdc;
			else
				t = (b ^ c ^ d) + 0xca62c1d6;
			t += rol32(a, 5) + e + x;
			e = d; d = c; c = rol32(b, 30); b = a; a = t;
		}
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
		h[4] += e;
		p += SHA1_BLOCK_SIZE;
	}
}

/* Hash n blocks with the path sha_path() chose (x86 SHA extensions or C). */
static void sha1_blocks(uint32_t h[5], const uint8_t *p, size_t n)
{
	if (sha_path() == SHA_PATH_X86)
		sha1_blocks_x86(h, p, n);
	else
		sha1_blocks_c(h, p, n);
}

/* Start a new SHA-1 computation. */
void sha1_init(struct sha1_ctx *c)
{
	c->h[0] = 0x67452301;
	c->h[1] = 0xefcdab89;
	c->h[2] = 0x98badcfe;
	c->h[3] = 0x10325476;
	c->h[4] = 0xc3d2e1f0;
	c->bytes = 0;
	c->fill = 0;
}

/* Feed len more bytes of the message. */
void sha1_update(struct sha1_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t n;

	c->bytes += len;
	if (c->fill) {
		n = SHA1_BLOCK_SIZE - c->fill;
		if (n > len)
			n = len;
		memcpy(c->buf + c->fill, p, n);
		c->fill += (unsigned)n;
		p += n;
		len -= n;
		if (c->fill < SHA1_BLOCK_SIZE)
			return;
		sha1_blocks(c->h, c->buf, 1);
		c->fill = 0;
	}
	n = len / SHA1_BLOCK_SIZE;
	if (n) {
		sha1_blocks(c->h, p, n);
		p += n * SHA1_BLOCK_SIZE;
		len -= n * SHA1_BLOCK_SIZE;
	}
	if (len) {
		memcpy(c->buf, p, len);
		c->fill = (unsigned)len;
	}
}

/* Pad the message, hash the last block(s) and write the digest. */
void sha1_final(struct sha1_ctx *c, uint8_t out[SHA1_DIGEST_SIZE])
{
	uint64_t bits = c->bytes << 3;
	unsigned i;

	c->buf[c->fill++] = 0x80;
	if (c->fill > SHA1_BLOCK_SIZE - 8) {
		memset(c->buf + c->fill, 0, SHA1_BLOCK_SIZE - c->fill);
		sha1_blocks(c->h, c->buf, 1);
		c->fill = 0;
	}
	memset(c->buf + c->fill, 0, SHA1_BLOCK_SIZE - 8 - c->fill);
	put_be32(c->buf + 56, (uint32_t)(bits >> 32));
	put_be32(c->buf + 60, (uint32_t)bits);
	sha1_blocks(c->h, c->buf, 1);
	for (i = 0; i < 5; i++)
		put_be32(out + 4 * i, c->h[i]);
	memset(c, 0, sizeof(*c));
}

/* Hash one buffer in one call. */
void sha1(const void *data, size_t len, uint8_t out[SHA1_DIGEST_SIZE])
{
	struct sha1_ctx c;

	sha1_init(&c);
	sha1_update(&c, data, len);
	sha1_final(&c, out);
}
