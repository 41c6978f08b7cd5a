/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_sha1.c - SHA-1 against FIPS 180 vectors, one-shot and incremental. */
#include "harness.h"
#include "sha1.h"

static int h_bad;

/* Hex of a digest. */
static void hex(const uint8_t d[20], char out[41])
{
	unsigned i;

	for (i = 0; i < 20; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* The standard vectors, one-shot. */
static int test_vectors(void)
{
	static const struct { const char *in, *want; } v[] = {
		{ "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
		{ "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
		  "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		  "a49b2446a02c645bf419f995b67091253a04a259" },
	};
	uint8_t d[20];
	char h[41];
	unsigned i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sha1(v[i].in, strlen(v[i].in), d);
		hex(d, h);
		EXPECT(!strcmp(h, v[i].want), "vector %u: %s", i, h);
	}
	return h_bad;
}

/* One million 'a' fed in uneven pieces equals the one-shot digest. */
static int test_incremental(void)
{
	struct sha1_ctx c;
	uint8_t d[20], *a = malloc(1000000);
	size_t off = 0, step = 1;
	char h[41];

	memset(a, 'a', 1000000);
	sha1_init(&c);
	while (off < 1000000) {
		size_t n = step < 1000000 - off ? step : 1000000 - off;
		sha1_update(&c, a + off, n);
		off += n;
		step = step * 3 % 1031 + 1;
	}
	sha1_final(&c, d);
	hex(d, h);
	EXPECT(!strcmp(h, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"), "%s", h);
	sha1(a, 1000000, d);
	hex(d, h);
	EXPECT(!strcmp(h, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"), "%s", h);
	free(a);
	return h_bad;
}

/* Run the tests. */
int main(void)
{
	RUN(test_vectors);
	h_bad = 0;
	RUN(test_incremental);
	return H_DONE();
}
