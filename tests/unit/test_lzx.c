/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_lzx.c - lzx_decompress against wimlib's LZX compressor for every WIM
 * chunk size (32 KiB .. 2 MiB) on varied data and sizes 1, C-1, C; plus
 * malformed input (truncated, corrupted, bad arguments).
 */
#include "decomp.h"
#include "harness.h"
#include "testdata.h"
#include <wimlib.h>

static int h_bad;

/* Compress n bytes with wimlib LZX (chunk size c, level); returns the size or 0. */
static size_t wl_compress(const uint8_t *d, size_t n, uint8_t *z, size_t zcap,
			  size_t c, unsigned level)
{
	struct wimlib_compressor *cmp;
	size_t zn;

	if (wimlib_create_compressor(WIMLIB_COMPRESSION_TYPE_LZX, c, level, &cmp))
		return 0;
	zn = wimlib_compress(d, n, z, zcap, cmp);
	wimlib_free_compressor(cmp);
	return zn;
}

/* Round trips for every chunk size, data kind and the sizes 1, C-1, C. */
static int test_roundtrip(void)
{
	static const unsigned levels[] = { 20, 50, 100 };
	size_t c;
	unsigned cases = 0, raw = 0;
	int bad0 = h_bad;

	for (c = 32768; c <= 2097152; c <<= 1) {
		uint8_t *d = malloc(c), *z = malloc(2 * c + 1024), *o = malloc(c);
		int k;

		for (k = 0; k < TD_NKINDS; k++) {
			size_t sizes[4] = { 1, 300, c - 1, c }, si;

			td_fill(d, c, (enum td_kind)k, (uint32_t)(c + k));
			for (si = 0; si < 4; si++) {
				size_t n = sizes[si], zn;
				unsigned level = levels[(k + si + c / 32768) % (c <= 262144 ? 3 : 2)];
				int rc;

				zn = wl_compress(d, n, z, 2 * c + 1024, c, level);
				if (!zn) {
					raw++;	/* incompressible: WIM stores it raw */
					continue;
				}
				cases++;
				memset(o, 0xA5, n);
				rc = lzx_decompress(z, zn, o, n, (uint32_t)c);
				EXPECT(rc == 0 && !memcmp(o, d, n),
				       "chunk %zu kind %s size %zu level %u: rc %d, %s", c,
				       td_names[k], n, level, rc,
				       rc ? "" : "bytes differ");
			}
		}
		free(d);
		free(z);
		free(o);
	}
	printf("  lzx round trips: %u compressed, %u incompressible\n", cases, raw);
	EXPECT(cases >= 95, "only %u compressed cases", cases);
	return h_bad - bad0;
}

/* Truncated and corrupted streams fail cleanly (or, if they decode, stay in bounds). */
static int test_malformed(void)
{
	size_t c = 32768, n = c, zn, cut;
	uint8_t *d = malloc(c), *z = malloc(2 * c), *o = malloc(c + 64);
	uint32_t s = 7;
	int bad0 = h_bad, rc, i, fails = 0;

	td_fill(d, n, TD_MIXED, 99);
	zn = wl_compress(d, n, z, 2 * c, c, 50);
	EXPECT(zn > 100, "compress failed");
	/* truncation: every prefix length fails with WP_EFORMAT */
	for (cut = 0; cut + 2 < zn; cut += 1 + cut / 8) {
		memset(o + c, 0x5A, 64);
		rc = lzx_decompress(z, cut, o, n, (uint32_t)c);
		EXPECT(rc == WP_EFORMAT, "truncated to %zu: rc %d", cut, rc);
		EXPECT(o[c] == 0x5A && o[c + 63] == 0x5A, "wrote past the end");
	}
	/* random corruption: never crashes, never reports success with wrong bytes
	 * unless the corruption hit only trailing bits; count the failures */
	for (i = 0; i < 300; i++) {
		uint8_t *zz = malloc(zn);
		memcpy(zz, z, zn);
		zz[td_rand(&s) % zn] ^= (uint8_t)(1 + td_rand(&s) % 255);
		memset(o + c, 0x5A, 64);
		rc = lzx_decompress(zz, zn, o, n, (uint32_t)c);
		EXPECT(rc == 0 || rc == WP_EFORMAT, "corrupt: rc %d", rc);
		EXPECT(o[c] == 0x5A && o[c + 63] == 0x5A, "wrote past the end");
		fails += rc != 0 || memcmp(o, d, n);
		free(zz);
	}
	EXPECT(fails > 250, "only %d of 300 corruptions noticed", fails);
	/* bad arguments */
	EXPECT(lzx_decompress(z, zn, o, n, 16384) == WP_EINVAL, "window 16K accepted");
	EXPECT(lzx_decompress(z, zn, o, n, 49152) == WP_EINVAL, "window 48K accepted");
	EXPECT(lzx_decompress(z, zn, o, c + 1, (uint32_t)c) == WP_EINVAL, "out_len > window");
	/* block type 0 and 4..7 are invalid: first 3 bits */
	{
		uint8_t bad[16] = { 0 };
		EXPECT(lzx_decompress(bad, 16, o, 100, 32768) == WP_EFORMAT, "type 0");
		bad[1] = 0xE0;	/* type 7 */
		EXPECT(lzx_decompress(bad, 16, o, 100, 32768) == WP_EFORMAT, "type 7");
	}
	free(d);
	free(z);
	free(o);
	return h_bad - bad0;
}

/*
 * Hand-made uncompressed block for a 32 KiB window: bits 011 (type 3), 0
 * (explicit size), 16-bit size 12; these 20 bits lie in the first two
 * 16-bit words, the alignment drops the remaining 12 bits of word 2; then
 * R0..R2 as u32 LE and the 12 raw bytes.
 */
static int test_uncompressed_block(void)
{
	int bad0 = h_bad;
	/* type 3 = 011, flag 0, size = 12 (16 bits) -> 20 bits, pad to 32 bits */
	uint32_t bits = 3u << 29 | 0u << 28 | 12u << 12;	/* 32 bits, MSB first */
	uint8_t in[4 + 12 + 12], o[12], want[12];
	unsigned i;

	wp_put16(in, (uint16_t)(bits >> 16));
	wp_put16(in + 2, (uint16_t)bits);
	wp_put32(in + 4, 1);
	wp_put32(in + 8, 2);
	wp_put32(in + 12, 3);
	for (i = 0; i < 12; i++)
		in[16 + i] = want[i] = (uint8_t)(0xE8 + i * 7);
	/* 12 bytes: E8 translation only starts below 12 - 10 = 2; no E8 there */
	want[0] = in[16] = 0x11;
	want[1] = in[17] = 0x22;
	EXPECT(lzx_decompress(in, sizeof(in), o, 12, 32768) == 0 && !memcmp(o, want, 12),
	       "uncompressed block");
	/* a zero repeat offset is invalid */
	wp_put32(in + 8, 0);
	EXPECT(lzx_decompress(in, sizeof(in), o, 12, 32768) == WP_EFORMAT, "R1 = 0");
	return h_bad - bad0;
}

/* E8 translation: an E8 in an uncompressed block gets its operand converted. */
static int test_e8(void)
{
	int bad0 = h_bad;
	uint32_t bits = 3u << 29 | 0u << 28 | 16u << 12;
	uint8_t in[4 + 12 + 16], o[16];

	memset(in, 0, sizeof(in));
	wp_put16(in, (uint16_t)(bits >> 16));
	wp_put16(in + 2, (uint16_t)bits);
	wp_put32(in + 4, 1);
	wp_put32(in + 8, 1);
	wp_put32(in + 12, 1);
	/* position 2: E8 with absolute 100 -> relative 100 - 2 = 98 */
	in[16 + 2] = 0xE8;
	wp_put32(in + 16 + 3, 100);
	/* position 7 would need i < 16 - 10 = 6: untouched */
	in[16 + 7] = 0xE8;
	wp_put32(in + 16 + 8, 100);
	EXPECT(lzx_decompress(in, sizeof(in), o, 16, 32768) == 0, "decode");
	EXPECT(wp_le32(o + 3) == 98, "translated operand %u", wp_le32(o + 3));
	EXPECT(wp_le32(o + 8) == 100, "tail operand %u", wp_le32(o + 8));
	/* negative: -1 at position 2 (-2 <= -1 < 0) -> -1 + 12000000 */
	wp_put32(in + 16 + 3, 0xFFFFFFFFu);
	EXPECT(lzx_decompress(in, sizeof(in), o, 16, 32768) == 0, "decode");
	EXPECT(wp_le32(o + 3) == 11999999, "negative operand %u", wp_le32(o + 3));
	/* -3 < -2: untouched */
	wp_put32(in + 16 + 3, (uint32_t)-3);
	EXPECT(lzx_decompress(in, sizeof(in), o, 16, 32768) == 0, "decode");
	EXPECT(wp_le32(o + 3) == (uint32_t)-3, "out-of-range operand changed");
	return h_bad - bad0;
}

int main(void)
{
	RUN(test_uncompressed_block);
	RUN(test_e8);
	RUN(test_malformed);
	RUN(test_roundtrip);
	return H_DONE();
}
