/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_sha_x86_bios.c - the x86 SHA path in the BIOS module's code
 * generation (sha_x86_shim.c: regparm 3, 4-byte stack alignment, PIC, -Os)
 * against the portable SHA-256/SHA-1 on random messages of many lengths at
 * odd addresses; the padding is done here, the blocks by the shim.
 */
#include "harness.h"
#include "sha1.h"
#include "sha256.h"
#include "sha_path.h"
#include "testdata.h"

static int h_bad;

void bios_sha256_blocks(uint32_t h[8], const uint8_t *p, size_t n);
void bios_sha1_blocks(uint32_t h[5], const uint8_t *p, size_t n);

/* Deterministic random numbers (testdata.h's xorshift32), so failures reproduce. */
static uint32_t rng = 0x9e3779b9;
static uint32_t rnd(void)
{
	return td_rand(&rng);
}

/* Pad msg (FIPS 180-4 5.1.1) into out; returns the number of 64-byte blocks. */
static size_t pad(const uint8_t *msg, size_t len, uint8_t *out)
{
	size_t n = (len + 9 + 63) / 64, i;
	uint64_t bits = (uint64_t)len * 8;

	memcpy(out, msg, len);
	memset(out + len, 0, n * 64 - len);
	out[len] = 0x80;
	for (i = 0; i < 8; i++)
		out[n * 64 - 1 - i] = (uint8_t)(bits >> (8 * i));
	return n;
}

/* Digest from a state: big-endian words. */
static void put(const uint32_t *h, unsigned words, uint8_t *d)
{
	unsigned i;

	for (i = 0; i < words; i++) {
		d[4 * i] = (uint8_t)(h[i] >> 24);
		d[4 * i + 1] = (uint8_t)(h[i] >> 16);
		d[4 * i + 2] = (uint8_t)(h[i] >> 8);
		d[4 * i + 3] = (uint8_t)h[i];
	}
}

/* Random messages: shim blocks + our padding == portable one-shot digest. */
static int test_bios_codegen_matches_portable(void)
{
	static const uint32_t iv256[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	static const uint32_t iv1[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
					 0xc3d2e1f0 };
	const size_t max = 3u << 20;
	uint8_t *msg = malloc(max + 64), *buf = malloc(max + 192), a[32], b[32];
	size_t i, len, off, n;
	uint32_t h[8];
	int round;

	h_bad = 0;
	for (i = 0; i < max + 64; i++)
		msg[i] = (uint8_t)(rnd() >> 9);
	sha_path_set(SHA_PATH_PORTABLE);
	for (round = 0; round < 300; round++) {
		len = round < 200 ? (size_t)round : rnd() % max;
		off = rnd() % 17;
		n = pad(msg + off, len, buf + 1 + (round & 7)); /* odd block addresses too */
		sha256(msg + off, len, a);
		memcpy(h, iv256, sizeof(iv256));
		bios_sha256_blocks(h, buf + 1 + (round & 7), n);
		put(h, 8, b);
		EXPECT(memcmp(a, b, 32) == 0, "sha256 len %zu", len);
		sha1(msg + off, len, a);
		memcpy(h, iv1, sizeof(iv1));
		bios_sha1_blocks(h, buf + 1 + (round & 7), n);
		put(h, 5, b);
		EXPECT(memcmp(a, b, 20) == 0, "sha1 len %zu", len);
	}
	free(msg);
	free(buf);
	return h_bad;
}

int main(void)
{
	if (!sha_x86_cpu()) {
		h_skip("test_bios_codegen_matches_portable",
		       "this CPU has no SHA extensions: the x86 path cannot run here");
		return 0;
	}
	RUN(test_bios_codegen_matches_portable);
	return H_DONE();
}
