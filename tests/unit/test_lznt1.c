/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_lznt1.c - lznt1_decompress on hand-derived vectors, round trips
 * through the test encoder enc_lznt1.c, and malformed input.
 */
#include "decomp.h"
#include "harness.h"
#include "testdata.h"
#include "enc_lznt1.c"

static int h_bad;

/*
 * Vector 1: "abcabcabc".  Chunk data: flag byte 0x08 (tokens 0-2 literals,
 * token 3 a reference), 'a' 'b' 'c', then at position p = 3 (<= 16: 4
 * offset bits, 12 length bits) offset 3, length 6: ((3-1) << 12) | (6-3) =
 * 0x2003, stored 03 20.  6 data bytes -> header 0x8000 | 3 << 12 | (6-1) =
 * 0xB005 (05 B0).  Then the end header 00 00.
 */
static const uint8_t v1[] = { 0x05, 0xB0, 0x08, 'a', 'b', 'c', 0x03, 0x20, 0, 0 };

/*
 * Vector 2: the position-dependent split.  17 literals "A".."Q", then at
 * p = 17 (17..32: 5 offset bits, 11 length bits) offset 17, length 5:
 * (16 << 11) | 2 = 0x8002 (02 80).  Tokens 0-7 and 8-15 literals (flag
 * bytes 00), tokens 16 ('Q') and 17 (reference): flag 0x02.  Data =
 * 1+8+1+8+1+1+2 = 22 bytes -> header 0xB015.  Read with the 4/12 split the
 * same token would mean offset 9, length 5 and give different bytes.
 */
static const uint8_t v2[] = {
	0x15, 0xB0, 0x00, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H',
	0x00, 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 0x02, 'Q', 0x02, 0x80, 0, 0
};

/* Vector 3: an uncompressed chunk: header (3 << 12) | (5-1) = 0x3004, "hello". */
static const uint8_t v3[] = { 0x04, 0x30, 'h', 'e', 'l', 'l', 'o', 0, 0 };

/* The hand-derived vectors, measured and decoded. */
static int test_vectors(void)
{
	uint8_t o[64];
	size_t n;
	int bad0 = h_bad;

	EXPECT(lznt1_decompress(v1, sizeof(v1), o, sizeof(o), &n) == 0 && n == 9 &&
	       !memcmp(o, "abcabcabc", 9), "v1");
	EXPECT(lznt1_decompress(v1, sizeof(v1), NULL, 0, &n) == 0 && n == 9, "v1 measure");
	EXPECT(lznt1_decompress(v1, sizeof(v1), o, 8, &n) == WP_ERANGE, "v1 small buffer");
	EXPECT(lznt1_decompress(v2, sizeof(v2), o, sizeof(o), &n) == 0 && n == 22 &&
	       !memcmp(o, "ABCDEFGHIJKLMNOPQABCDE", 22), "v2");
	EXPECT(lznt1_decompress(v3, sizeof(v3), o, sizeof(o), &n) == 0 && n == 5 &&
	       !memcmp(o, "hello", 5), "v3");
	/* no end header: the input end also ends the stream */
	EXPECT(lznt1_decompress(v3, sizeof(v3) - 2, o, sizeof(o), &n) == 0 && n == 5, "v3 no end");
	return h_bad - bad0;
}

/* Round trips through the test encoder. */
static int test_roundtrip(void)
{
	static const size_t sizes[] = { 0, 1, 17, 4095, 4096, 4097, 100000, 300001 };
	int bad0 = h_bad, k;
	unsigned si;

	for (k = 0; k < TD_NKINDS; k++) {
		for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
			size_t n = sizes[si], zn, m = 1, got = 1;
			uint8_t *d = malloc(n + 1), *z = malloc(n + n / 1000 + 64), *o = malloc(n + 1);
			int rc, rc2;

			td_fill(d, n, (enum td_kind)k, (uint32_t)(n * 7 + k));
			zn = enc_lznt1(d, n, z);
			rc = lznt1_decompress(z, zn, NULL, 0, &m);
			rc2 = lznt1_decompress(z, zn, o, n, &got);
			EXPECT(rc == 0 && m == n, "%s %zu: measure rc %d len %zu", td_names[k], n, rc, m);
			EXPECT(rc2 == 0 && got == n && !memcmp(o, d, n), "%s %zu: rc %d", td_names[k],
			       n, rc2);
			free(d);
			free(z);
			free(o);
		}
	}
	return h_bad - bad0;
}

/* Malformed input: bad signature, truncated chunk, offsets before the start. */
static int test_malformed(void)
{
	uint8_t b[64], o[64];
	size_t n, zn, cut;
	int bad0 = h_bad, rc;
	uint8_t *d = malloc(20000), *z = malloc(21000), *oo = malloc(20064);

	memcpy(b, v1, sizeof(v1));
	b[1] = 0xA0;	/* signature 2 */
	EXPECT(lznt1_decompress(b, sizeof(v1), o, sizeof(o), &n) == WP_EFORMAT, "signature");
	EXPECT(lznt1_decompress(v1, 7, o, sizeof(o), &n) == WP_EFORMAT, "chunk cut short");
	memcpy(b, v1, sizeof(v1));
	b[2] = 0x01;	/* first token a reference: nothing to copy from */
	EXPECT(lznt1_decompress(b, sizeof(v1), o, sizeof(o), &n) == WP_EFORMAT, "ref at 0");
	memcpy(b, v1, sizeof(v1));
	b[7] = 0x30;	/* offset 4 at p = 3 */
	EXPECT(lznt1_decompress(b, sizeof(v1), o, sizeof(o), &n) == WP_EFORMAT, "offset > p");
	memcpy(b, v1, sizeof(v1));
	b[6] = 0xFF;
	b[7] = 0x2F;	/* length 4095 + 3 at p = 3: past the 4096-byte chunk */
	EXPECT(lznt1_decompress(b, sizeof(v1), NULL, 0, &n) == WP_EFORMAT, "length > chunk");
	/* every truncation of a real stream: an error or a shorter output */
	td_fill(d, 20000, TD_TEXT, 1);
	zn = enc_lznt1(d, 20000, z);
	for (cut = 0; cut < zn - 2; cut += 1 + cut / 9) {
		memset(oo + 20000, 0x5A, 64);
		rc = lznt1_decompress(z, cut, oo, 20000, &n);
		EXPECT(rc == WP_EFORMAT || (rc == 0 && n < 20000), "cut %zu: rc %d n %zu", cut, rc, n);
		EXPECT(oo[20000] == 0x5A, "wrote past the end");
	}
	free(d);
	free(z);
	free(oo);
	return h_bad - bad0;
}

int main(void)
{
	RUN(test_vectors);
	RUN(test_roundtrip);
	RUN(test_malformed);
	return H_DONE();
}
