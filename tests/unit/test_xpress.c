/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_xpress.c - xpress_decompress (WIM chunks) against wimlib's XPRESS
 * compressor for every chunk size 4 KiB .. 64 KiB; xca_decompress (bootmgr
 * multi-block stream) on hand-derived vectors and round trips through the
 * test encoder enc_xca.c; malformed input.
 */
#include "decomp.h"
#include "harness.h"
#include "testdata.h"
#include "enc_xca.c"
#include <wimlib.h>

static int h_bad;

/*
 * Hand-derived vector 1: code lengths 'a'(0x61)=2, 'b'(0x62)=2, 256=2,
 * 275=2 (complete).  Canonical codes by symbol: a=00 b=01 256=10 275=11.
 * Table bytes: symbol 2i is the low nibble of byte i, 2i+1 the high one:
 * byte 48 (syms 96,97) = 0x20, byte 49 (98,99) = 0x02, byte 128 (256,257) =
 * 0x02, byte 137 (274,275) = 0x20.  Symbol 275 = 256 + 1*16 + 3: one offset
 * bit, length 3+3 = 6.  Bits: a 00, b 01, 275 11 + offset bit 0 (offset
 * (1<<1)|0 = 2), end 10 -> 000111010 -> word 0x1D00, then a zero word.
 * Output: "ab" + 6 bytes copied from 2 back = "abababab".
 */
static void vec1(uint8_t *in)
{
	memset(in, 0, 260);
	in[48] = 0x20;
	in[49] = 0x02;
	in[128] = 0x02;
	in[137] = 0x20;
	in[256] = 0x00;
	in[257] = 0x1D;
}

/*
 * Vector 2: 'a'=1, 256=2, 271=2: codes a=0, 256=10, 271=11.  271 = 256 +
 * 0*16 + 15: offset 1 (no bits), length nibble 15 -> one extra length byte
 * read from the byte stream right after the two loaded words (offset 260).
 * Bits: a 0, 271 11, end 10 -> 01110 -> word 0x7000, zero word, then the
 * byte.  Byte 2 -> length 2 + 15 + 3 = 20: 21 'a'.  With bytes FF 2C 01 the
 * u16 0x012C = 300 is the whole length: 303 + 1 = 304 'a'.  With FF 00 00
 * and a u32 40000: 40004 'a' (a u32 of 70000 would run past the 64 KiB block
 * end, so the end symbol would be read as the next block's table: invalid).
 */
static size_t vec2(uint8_t *in, int form)
{
	memset(in, 0, 270);
	in[48] = 0x10;
	in[128] = 0x02;
	in[135] = 0x20;
	in[257] = 0x70;
	if (form == 0) {
		in[260] = 2;
		return 261;
	}
	if (form == 1) {
		in[260] = 0xFF;
		in[261] = 0x2C;
		in[262] = 0x01;
		return 263;
	}
	in[260] = 0xFF;
	wp_put32(in + 263, 40000);
	return 267;
}

/* The hand-derived vectors through both entry points. */
static int test_vectors(void)
{
	uint8_t in[300], *o = malloc(80000);
	size_t n, want[3] = { 21, 304, 40004 };
	int bad0 = h_bad, f, i, ok;

	vec1(in);
	EXPECT(xca_decompress(in, 260, o, 100, &n) == 0 && n == 8 && !memcmp(o, "abababab", 8),
	       "vec1 xca");
	EXPECT(xca_decompress(in, 260, NULL, 0, &n) == 0 && n == 8, "vec1 measure");
	memset(o, 0, 16);
	EXPECT(xpress_decompress(in, 260, o, 8) == 0 && !memcmp(o, "abababab", 8), "vec1 wim");
	EXPECT(xpress_decompress(in, 260, o, 5) == WP_EFORMAT, "vec1: match past out_len");
	EXPECT(xca_decompress(in, 260, o, 7, &n) == WP_ERANGE, "vec1: out_cap 7");
	for (f = 0; f < 3; f++) {
		size_t len = vec2(in, f);
		int rc = xca_decompress(in, len, o, 80000, &n);
		for (ok = rc == 0 && n == want[f], i = 0; ok && i < (int)n; i++)
			ok = o[i] == 'a';
		EXPECT(ok, "vec2 form %d: rc %d n %zu", f, rc, n);
	}
	free(o);
	return h_bad - bad0;
}

/* wimlib XPRESS chunks for every chunk size, data kind and size. */
static int test_wimlib(void)
{
	size_t c;
	unsigned cases = 0;
	int bad0 = h_bad;

	for (c = 4096; c <= 65536; c <<= 1) {
		uint8_t *d = malloc(c), *z = malloc(2 * c + 1024), *o = malloc(c);
		struct wimlib_compressor *cmp;
		int k;

		if (wimlib_create_compressor(WIMLIB_COMPRESSION_TYPE_XPRESS, c, 50, &cmp)) {
			EXPECT(0, "no wimlib compressor for %zu", c);
			continue;
		}
		for (k = 0; k < TD_NKINDS; k++) {
			size_t sizes[4] = { 1, 300, c - 1, c }, si;

			td_fill(d, c, (enum td_kind)k, (uint32_t)(c * 3 + k));
			for (si = 0; si < 4; si++) {
				size_t n = sizes[si], zn = wimlib_compress(d, n, z, 2 * c + 1024, cmp);
				int rc;

				if (!zn)
					continue;
				cases++;
				memset(o, 0xA5, n);
				rc = xpress_decompress(z, zn, o, n);
				EXPECT(rc == 0 && !memcmp(o, d, n), "chunk %zu %s size %zu: rc %d",
				       c, td_names[k], n, rc);
			}
		}
		wimlib_free_compressor(cmp);
		free(d);
		free(z);
		free(o);
	}
	printf("  xpress wimlib cases: %u\n", cases);
	EXPECT(cases >= 60, "only %u cases", cases);
	return h_bad - bad0;
}

/* Multi-block XCA round trips through the test encoder. */
static int test_xca_roundtrip(void)
{
	static const size_t sizes[] = { 0, 1, 1000, 65535, 65536, 65537, 131072, 200003, 400000 };
	int bad0 = h_bad, k;
	unsigned si;

	for (k = 0; k < TD_NKINDS; k++) {
		for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
			size_t n = sizes[si], zn, got = 1, m = 1;
			uint8_t *d = malloc(n + 1), *z = malloc(n + n / 4 + 4096), *o = malloc(n + 1);
			int rc, rc2;

			td_fill(d, n, (enum td_kind)k, (uint32_t)(n + k));
			zn = enc_xca(d, n, z, n + n / 4 + 4096, k == TD_TEXT ? 40 : 0);
			rc = xca_decompress(z, zn, NULL, 0, &m);
			rc2 = xca_decompress(z, zn, o, n, &got);
			EXPECT(rc == 0 && m == n, "%s %zu: measure rc %d len %zu", td_names[k], n, rc, m);
			EXPECT(rc2 == 0 && got == n && !memcmp(o, d, n), "%s %zu: rc %d len %zu",
			       td_names[k], n, rc2, got);
			if (n)
				EXPECT(xca_decompress(z, zn, o, n - 1, &got) == WP_ERANGE,
				       "%s %zu: small buffer accepted", td_names[k], n);
			/* zero padding after the stream is tolerated */
			z = realloc(z, zn + 4096);
			memset(z + zn, 0, 4096);
			rc = xca_decompress(z, zn + 4096, o, n, &got);
			EXPECT(rc == 0 && got == n && !memcmp(o, d, n), "%s %zu padded: rc %d",
			       td_names[k], n, rc);
			free(d);
			free(z);
			free(o);
		}
	}
	return h_bad - bad0;
}

/* Truncation, corruption, bad tables: clean errors, no overruns. */
static int test_malformed(void)
{
	size_t n = 150000, zn, cut, got;
	uint8_t *d = malloc(n), *z = malloc(n * 2), *o = malloc(n + 64);
	uint8_t tab[300];
	uint32_t s = 5;
	int bad0 = h_bad, rc, i, noticed = 0;

	td_fill(d, n, TD_MIXED, 3);
	zn = enc_xca(d, n, z, n * 2, 0);
	for (cut = 0; cut < zn; cut += 1 + cut / 5) {
		memset(o + n, 0x5A, 64);
		rc = xca_decompress(z, cut, o, n, &got);
		EXPECT(rc == WP_EFORMAT || rc == WP_ERANGE || (rc == 0 && (got != n || memcmp(o, d, n))),
		       "truncated to %zu: rc %d", cut, rc);
		EXPECT(rc != 0 || got < n || !memcmp(o, d, n), "cut %zu: full length, wrong bytes", cut);
		EXPECT(o[n] == 0x5A && o[n + 63] == 0x5A, "wrote past the end");
		rc = xca_decompress(z, cut, NULL, 0, &got);
		EXPECT(rc == 0 || rc == WP_EFORMAT, "measure truncated: rc %d", rc);
	}
	for (i = 0; i < 300; i++) {
		uint8_t *zz = malloc(zn);
		memcpy(zz, z, zn);
		zz[td_rand(&s) % zn] ^= (uint8_t)(1 + td_rand(&s) % 255);
		memset(o + n, 0x5A, 64);
		rc = xca_decompress(zz, zn, o, n, &got);
		EXPECT(rc == 0 || rc == WP_EFORMAT || rc == WP_ERANGE, "corrupt: rc %d", rc);
		EXPECT(o[n] == 0x5A && o[n + 63] == 0x5A, "wrote past the end");
		noticed += rc != 0 || got != n || memcmp(o, d, n);
		rc = xpress_decompress(zz, zn < 65536 ? zn : 65536, o, 65536);
		EXPECT(rc == 0 || rc == WP_EFORMAT, "wim corrupt: rc %d", rc);
		EXPECT(o[n] == 0x5A, "wrote past the end");
		free(zz);
	}
	EXPECT(noticed > 250, "only %d of 300 corruptions noticed", noticed);
	/* over-subscribed table: 3 symbols of length 1 */
	memset(tab, 0, sizeof(tab));
	tab[0] = 0x11;
	tab[1] = 0x01;
	EXPECT(xca_decompress(tab, sizeof(tab), o, n, &got) == WP_EFORMAT, "over-subscribed");
	EXPECT(xpress_decompress(tab, sizeof(tab), o, 10) == WP_EFORMAT, "wim over-subscribed");
	/* empty table: every code unused */
	tab[0] = tab[1] = 0;
	EXPECT(xpress_decompress(tab, sizeof(tab), o, 10) == WP_EFORMAT, "empty table");
	/* offset before the start: 'a'=1 256=2 271=2 but first symbol a match */
	vec2(tab, 0);
	tab[257] = 0xC0;	/* 11 (271) first: offset 1 with nothing produced */
	EXPECT(xca_decompress(tab, 261, o, n, &got) == WP_EFORMAT, "offset before start");
	EXPECT(xpress_decompress(tab, 261, o, 30) == WP_EFORMAT, "wim offset before start");
	EXPECT(xpress_decompress(tab, 100, o, 30) == WP_EFORMAT, "table cut short");
	EXPECT(xca_decompress(tab, 0, o, n, &got) == WP_EFORMAT, "empty input");
	free(d);
	free(z);
	free(o);
	return h_bad - bad0;
}

int main(void)
{
	RUN(test_vectors);
	RUN(test_wimlib);
	RUN(test_xca_roundtrip);
	RUN(test_malformed);
	return H_DONE();
}
