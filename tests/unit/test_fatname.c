/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_fatname.c - core/fatname.c: UTF-8 to UTF-16 names and the names FAT
 * forbids, upper-casing, 8.3 basis names and their kind, numeric tails, the
 * LFN checksum and LFN entries.
 */
#include "harness.h"
#include "fatname.h"

/* 8.3 basis names and their kind for typical names. */
static int t_fatname_basis(void)
{
	static const struct { const char *in; const char sfn[12]; int kind; } v[] = {
		{ "BOOTMGR", "BOOTMGR    ", FATNAME_EXACT },
		{ "BOOT.WIM", "BOOT    WIM", FATNAME_EXACT },
		{ "boot.wim", "BOOT    WIM", FATNAME_CASE },
		{ "Bcd", "BCD        ", FATNAME_CASE },
		{ "RESOURCES", "RESOURCE   ", FATNAME_LOSSY },
		{ "a b.txt", "AB      TXT", FATNAME_LOSSY },
		{ ".bashrc", "BASHRC     ", FATNAME_LOSSY },
		{ "foo.tar.gz", "FOOTAR  GZ ", FATNAME_LOSSY },
		{ "x+y=z[1].c", "X_Y_Z_1_C  ", FATNAME_LOSSY },
		{ "file.html", "FILE    HTM", FATNAME_LOSSY },
		{ "été.txt", "_T_     TXT", FATNAME_LOSSY },
		{ "A~1$%.{}", "A~1$%   {} ", FATNAME_EXACT },
	};
	int h_bad = 0;
	unsigned i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint16_t u[FATNAME_MAX];
		uint8_t sfn[11];
		int n = fatname_from_utf8(v[i].in, strlen(v[i].in), u, NULL), k;

		EXPECT(n > 0, "%s: %d", v[i].in, n);
		k = fatname_basis(u, (unsigned)n, sfn);
		EXPECT(k == v[i].kind, "%s: kind %d want %d", v[i].in, k, v[i].kind);
		EXPECT(!memcmp(sfn, v[i].sfn, 11), "%s: basis '%.11s' want '%s'",
		       v[i].in, sfn, v[i].sfn);
	}
	return h_bad;
}

/* Numeric tails shorten the base; known checksum vector. */
static int t_fatname_tail(void)
{
	int h_bad = 0;
	uint8_t s[11];

	fatname_tail(s, (const uint8_t *)"RESOURCE   ", 1);
	EXPECT(!memcmp(s, "RESOUR~1   ", 11), "%.11s", s);
	fatname_tail(s, (const uint8_t *)"RESOURCE   ", 10);
	EXPECT(!memcmp(s, "RESOU~10   ", 11), "%.11s", s);
	fatname_tail(s, (const uint8_t *)"AB      TXT", 7);
	EXPECT(!memcmp(s, "AB~7    TXT", 11), "%.11s", s);
	fatname_tail(s, (const uint8_t *)"LONGNAMEWIM", 123456);
	EXPECT(!memcmp(s, "L~123456WIM", 11), "%.11s", s);
	/* the documented checksum of 11 spaces (wimboot's LFN-only names) */
	EXPECT(fatname_checksum((const uint8_t *)"           ") == 0xF7, "sum");
	return h_bad;
}

/* UTF-8 decoding, surrogates, forbidden names, the 255-unit limit. */
static int t_fatname_utf8(void)
{
	int h_bad = 0, n;
	uint16_t u[FATNAME_MAX];
	char big[1100];

	n = fatname_from_utf8("\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80", 9, u, NULL);
	EXPECT(n == 4 && u[0] == 0xE9 && u[1] == 0x65E5 && u[2] == 0xD83D &&
	       u[3] == 0xDE00, "n=%d %04x %04x %04x %04x", n, u[0], u[1], u[2], u[3]);
	EXPECT(fatname_from_utf8("\xc3", 1, u, NULL) == WP_EINVAL, "truncated");
	EXPECT(fatname_from_utf8("\xc0\x80", 2, u, NULL) == WP_EINVAL, "overlong");
	EXPECT(fatname_from_utf8("\xed\xa0\x80", 3, u, NULL) == WP_EINVAL, "surrogate");
	EXPECT(fatname_from_utf8("a:b", 3, u, NULL) == WP_EINVAL, "colon");
	EXPECT(fatname_from_utf8("a*", 2, u, NULL) == WP_EINVAL, "star");
	EXPECT(fatname_from_utf8("ab.", 3, u, NULL) == WP_EINVAL, "trailing dot");
	EXPECT(fatname_from_utf8("..", 2, u, NULL) == WP_EINVAL, "dotdot");
	memset(big, 'a', 256);
	EXPECT(fatname_from_utf8(big, 255, u, NULL) == 255, "255");
	EXPECT(fatname_from_utf8(big, 256, u, NULL) == WP_ERANGE, "256");
	for (n = 0; n < 256; n++)
		memcpy(big + 2 * n, "\xc3\xa9", 2);
	EXPECT(fatname_from_utf8(big, 510, u, NULL) == 255 && u[254] == 0xE9, "255 é");
	EXPECT(fatname_from_utf8(big, 512, u, NULL) == WP_ERANGE, "256 é");
	return h_bad;
}

/* LFN entry layout: order, attributes, terminator and padding. */
static int t_fatname_lfn(void)
{
	int h_bad = 0, i;
	uint16_t u[14];
	uint8_t d[64];

	for (i = 0; i < 14; i++)
		u[i] = (uint16_t)(0x400 + i);
	fatname_lfn_write(d, u, 14, 0x5A);
	EXPECT(fatname_lfn_count(13) == 1 && fatname_lfn_count(14) == 2 &&
	       fatname_lfn_count(255) == 20, "counts");
	EXPECT(d[0] == 0x42 && d[32] == 0x01, "ord %02x %02x", d[0], d[32]);
	EXPECT(d[11] == 0x0F && d[43] == 0x0F && d[13] == 0x5A && d[45] == 0x5A, "attr/sum");
	EXPECT(wp_le16(d + 1) == 0x40D, "2nd part first char %04x", wp_le16(d + 1));
	EXPECT(wp_le16(d + 3) == 0, "terminator");
	EXPECT(wp_le16(d + 5) == 0xFFFF && wp_le16(d + 30) == 0xFFFF, "padding");
	EXPECT(wp_le16(d + 32 + 1) == 0x400 && wp_le16(d + 32 + 14) == 0x405 &&
	       wp_le16(d + 32 + 30) == 0x40C, "1st part");
	EXPECT(!wp_le16(d + 26) && !wp_le16(d + 32 + 26), "cluster 0");
	return h_bad;
}

/* Upper case beyond ASCII; everything else unchanged. */
static int t_fatname_upcase(void)
{
	static const uint16_t v[][2] = {
		{ 'a', 'A' }, { 'z', 'Z' }, { 'A', 'A' }, { '1', '1' }, { '~', '~' },
		{ 0xE9, 0xC9 }, { 0xF7, 0xF7 }, { 0xFF, 0x178 }, { 0x101, 0x100 },
		{ 0x3B1, 0x391 }, { 0x3C9, 0x3A9 }, { 0x436, 0x416 }, { 0x451, 0x401 },
		{ 0x65E5, 0x65E5 },
	};
	int h_bad = 0;
	unsigned i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		EXPECT(fatname_upcase(v[i][0]) == v[i][1], "%04x -> %04x, want %04x", v[i][0],
		       fatname_upcase(v[i][0]), v[i][1]);
	return h_bad;
}

int main(void)
{
	RUN(t_fatname_basis);
	RUN(t_fatname_tail);
	RUN(t_fatname_utf8);
	RUN(t_fatname_lfn);
	RUN(t_fatname_upcase);
	return H_DONE();
}
