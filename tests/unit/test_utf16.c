/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_utf16.c - UTF-16LE -> UTF-8 conversion and case-insensitive compare. */
#include "harness.h"
#include "utf16.h"

static int h_bad;

/* Build UTF-16LE bytes from code units. */
static size_t units(uint8_t *out, const uint16_t *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		wp_put16(out + 2 * i, u[i]);
	return n;
}

/* Conversion of BMP, supplementary and unpaired-surrogate text. */
static int test_to_utf8(void)
{
	static const uint16_t u[] = { 'a', 0xE9, 0x41F, 0x20AC, 0xD83D, 0xDE00, 0xDC00 };
	static const char want[] = "a\xc3\xa9\xd0\x9f\xe2\x82\xac\xf0\x9f\x98\x80\xed\xb0\x80";
	uint8_t b[64];
	char out[64];
	size_t n = units(b, u, 7), len;

	len = utf16le_to_utf8(b, n, out, sizeof(out));
	EXPECT(len == sizeof(want) - 1 && !memcmp(out, want, len), "len %zu", len);
	EXPECT(utf16le_to_utf8(b, n, NULL, 0) == len, "measure");
	EXPECT(utf16le_to_utf8(b, n, out, 3) == len, "bounded");
	/* the round trip through the case-insensitive compare */
	EXPECT(utf16le_eq_utf8_ci(b, n, want, len), "round trip");
	return h_bad;
}

/* Windows-style case folding: ASCII, Latin-1, Extended-A, Greek, Cyrillic. */
static int test_case(void)
{
	static const struct { uint16_t lo, up; } p[] = {
		{ 'a', 'A' }, { 'z', 'Z' }, { 0xE9, 0xC9 }, { 0xFE, 0xDE },
		{ 0xFF, 0x178 }, { 0x101, 0x100 }, { 0x17E, 0x17D }, { 0x3B1, 0x391 },
		{ 0x3C2, 0x3A3 }, { 0x430, 0x410 }, { 0x451, 0x401 }, { 0x561, 0x531 },
		{ 0xFF41, 0xFF21 }, { 0x1E01, 0x1E00 },
	};
	static const uint16_t same[] = { 0xF7, 0xDF, 0x131, '1', '_', 0xD7 };
	unsigned i;

	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
		EXPECT(utf16_upcase(p[i].lo) == p[i].up, "U+%04X", p[i].lo);
		EXPECT(utf16_upcase(p[i].up) == p[i].up, "U+%04X upper", p[i].up);
	}
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		EXPECT(utf16_upcase(same[i]) == same[i], "U+%04X kept", same[i]);
	return h_bad;
}

/* Name comparison: equal ignoring case, different lengths, invalid UTF-8. */
static int test_compare(void)
{
	static const uint16_t u[] = { 'S', 'y', 's', 't', 0xE8, 'm', 0x416 };
	uint8_t b[32];
	size_t n = units(b, u, 7);

	EXPECT(utf16le_eq_utf8_ci(b, n, "SYST\xc3\x88M\xd0\xb6", strlen("SYST\xc3\x88M\xd0\xb6")), "upper");
	EXPECT(utf16le_eq_utf8_ci(b, n, "syst\xc3\xa8m\xd0\x96", strlen("syst\xc3\xa8m\xd0\x96")), "lower");
	EXPECT(!utf16le_eq_utf8_ci(b, n, "syst\xc3\xa8m", strlen("syst\xc3\xa8m")), "prefix");
	EXPECT(!utf16le_eq_utf8_ci(b, n - 1, "syst\xc3\xa8m\xd0\x96", strlen("syst\xc3\xa8m\xd0\x96")), "longer");
	EXPECT(!utf16le_eq_utf8_ci(b, n, "syst\xc3m\xd0\x96", strlen("syst\xc3m\xd0\x96")), "invalid UTF-8");
	EXPECT(!utf16le_eq_utf8_ci(b, n, "syst\xc0\xa8m\xd0\x96", strlen("syst\xc0\xa8m\xd0\x96")), "overlong");
	EXPECT(utf16le_eq_utf8_ci(b, 0, "", 0), "empty");
	return h_bad;
}

/* Run the tests. */
int main(void)
{
	RUN(test_to_utf8);
	h_bad = 0;
	RUN(test_case);
	h_bad = 0;
	RUN(test_compare);
	return H_DONE();
}
