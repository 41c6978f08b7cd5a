/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha256.c - SHA-256 after FIPS 180-4 section 6.2.  Whole blocks are hashed
 * straight from the caller's buffer, 32-bit words at a time; only a partial
 * block at either end goes through the context buffer.  A block's whole
 * schedule (W + K) is computed first; the rounds are written out eight at a
 * time with the roles of a..h rotating by name, so no state word is moved
 * between rounds (on i386, where most of them live on the stack, those moves
 * were half the memory traffic).  Under QEMU TCG the BIOS module (-O2 from
 * core/sha256.mk) hashes 32 MiB in ~0.95 s against 1.65 s before.  The x86
 * SHA extensions path is core/sha256_x86.c, chosen by core/sha_path.c.
 */
#include "sha256.h"
#include "sha_path.h"

/* The round constants (FIPS 180-4 4.2.2); the x86 path loads them 4 at a time. */
const uint32_t sha256_k[64] __attribute__((aligned(16))) = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* Rotate a 32-bit word right by n (0 < n < 32). */
static inline uint32_t ror32(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
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

/* The round functions of FIPS 180-4 4.1.2. */
#define S0(x) (ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22))
#define S1(x) (ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25))
#define s0(x) (ror32(x, 7) ^ ror32(x, 18) ^ ((x) >> 3))
#define s1(x) (ror32(x, 17) ^ ror32(x, 19) ^ ((x) >> 10))
/* Round i with wk[i] = W[i] + K[i]; the caller rotates the roles of a..h by
 * naming them in turn, so no variable is moved. */
#define ROUND(a, b, c, d, e, f, g, h, i) do { \
	uint32_t t_ = h + S1(e) + (g ^ (e & (f ^ g))) + wk[i]; \
	d += t_; \
	h = t_ + S0(a) + ((a & b) | (c & (a | b))); \
} while (0)
/* Eight rounds from round i on. */
#define EIGHT(i) do { \
	ROUND(a, b, c, d, e, f, g, hh, (i) + 0); \
	ROUND(hh, a, b, c, d, e, f, g, (i) + 1); \
	ROUND(g, hh, a, b, c, d, e, f, (i) + 2); \
	ROUND(f, g, hh, a, b, c, d, e, (i) + 3); \
	ROUND(e, f, g, hh, a, b, c, d, (i) + 4); \
	ROUND(d, e, f, g, hh, a, b, c, (i) + 5); \
	ROUND(c, d, e, f, g, hh, a, b, (i) + 6); \
	ROUND(b, c, d, e, f, g, hh, a, (i) + 7); \
} while (0)

/* Hash n consecutive 64-byte blocks at p into the state h (portable C). */
static void sha256_blocks_c(uint32_t h[8], const uint8_t *p, size_t n)
{
	uint32_t w[64], wk[64]; /* the whole schedule first, then the rounds */

	while (n--) {
		uint32_t a, b, c, d, e, f, g, hh;
		unsigned i;

		for (i = 0; i < 16; i++) {
			w[i] = be32(p + 4 * i);
			wk[i] = w[i] + sha256_k[i];
		}
		for (; i < 64; i++) {
			w[i] = w[i - 16] + s0(w[i - 15]) + w[i - 7] + s1(w[i - 2]);
			wk[i] = w[i] + sha256_k[i];
		}
		a = h[0]; b = h[1]; c = h[2]; d = h[3];
		e = h[4]; f = h[5]; g = h[6]; hh = h[7];
		for (i = 0; i < 64; i += 8)
			EIGHT(i);
		h[0] += a;
		h[1] += b;
		h[2] += c;
		h[3] += d;
		h[4] += e;
		h[5] += f;
		h[6] += g;
		h[7] += hh;
		p += SHA256_BLOCK_SIZE;
	}
}

/* Hash n blocks with the path sha_path() chose (x86 SHA extensions or C). */
static void sha256_blocks(uint32_t h[8], const uint8_t *p, size_t n)
{
	if (sha_path() == SHA_PATH_X86)
		sha256_blocks_x86(h, p, n);
	else
		sha256_blocks_c(h, p, n);
}

/* Start a new SHA-256 computation. */
void sha256_init(struct sha256_ctx *c)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(c->h, iv, sizeof(iv));
	c->bytes = 0;
	c->fill = 0;
}

/* Feed len more bytes of the message. */
void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t n;

	c->bytes += len;
	if (c->fill) {
		n = SHA256_BLOCK_SIZE - c->fill;
		if (n > len)
			n = len;
		memcpy(c->buf + c->fill, p, n);
		c->fill += (unsigned)n;
		p += n;
		len -= n;
		if (c->fill < SHA256_BLOCK_SIZE)
			return;
		sha256_blocks(c->h, c->buf, 1);
		c->fill = 0;
	}
	n = len / SHA256_BLOCK_SIZE;
	if (n) {
		sha256_blocks(c->h, p, n);
		p += n * SHA256_BLOCK_SIZE;
		len -= n * SHA256_BLOCK_SIZE;
	}
	if (len) {
		memcpy(c->buf, p, len);
		c->fill = (unsigned)len;
	}
}

/* Pad the message, hash the last block(s) and write the digest. */
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE])
{
	uint64_t bits = c->bytes << 3;
	unsigned i;

	c->buf[c->fill++] = 0x80;
	if (c->fill > SHA256_BLOCK_SIZE - 8) {
		memset(c->buf + c->fill, 0, SHA256_BLOCK_SIZE - c->fill);
		sha256_blocks(c->h, c->buf, 1);
		c->fill = 0;
	}
	memset(c->buf + c->fill, 0, SHA256_BLOCK_SIZE - 8 - c->fill);
	put_be32(c->buf + 56, (uint32_t)(bits >> 32));
	put_be32(c->buf + 60, (uint32_t)bits);
	sha256_blocks(c->h, c->buf, 1);
	for (i = 0; i < 8; i++)
		put_be32(out + 4 * i, c->h[i]);
	memset(c, 0, sizeof(*c));
}

/* Hash one buffer in one call. */
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, out);
}
