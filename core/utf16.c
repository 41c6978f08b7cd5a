/* SPDX-License-Identifier: GPL-2.0-or-later */
/* utf16.c - UTF-16LE/UTF-8 conversion and case-insensitive name compare. */
#include "utf16.h"

/* Upper-case one UTF-16 code unit the way Windows' simple mapping does. */
uint16_t utf16_upcase(uint16_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') ? (uint16_t)(c - 0x20) : c;
	if (c < 0x100) {
		if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
			return (uint16_t)(c - 0x20);
		if (c == 0xFF)
			return 0x178;
		if (c == 0xB5)
			return 0x39C;
		return c;
	}
	if (c < 0x180) { /* Latin Extended-A: case pairs */
		if ((c >= 0x100 && c <= 0x12F) || (c >= 0x132 && c <= 0x137) ||
		    (c >= 0x14A && c <= 0x177))
			return (uint16_t)(c & ~1u);
		if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
			return (c & 1) ? c : (uint16_t)(c - 1);
		return c;
	}
	if (c >= 0x1CD && c <= 0x1DC) /* Latin Extended-B pinyin block */
		return (c & 1) ? c : (uint16_t)(c - 1);
	if ((c >= 0x1DE && c <= 0x1EF) || (c >= 0x1F8 && c <= 0x21F) ||
	    (c >= 0x222 && c <= 0x233))
		return (uint16_t)(c & ~1u);
	if (c >= 0x3B1 && c <= 0x3CB && c != 0x3C2) /* Greek */
		return (uint16_t)(c - 0x20);
	if (c == 0x3C2)
		return 0x3A3;
	if (c == 0x3AC)
		return 0x386;
	if (c >= 0x3AD && c <= 0x3AF)
		return (uint16_t)(c - 0x25);
	if (c == 0x3CC)
		return 0x38C;
	if (c == 0x3CD || c == 0x3CE)
		return (uint16_t)(c - 0x3F);
	if (c >= 0x430 && c <= 0x44F) /* Cyrillic */
		return (uint16_t)(c - 0x20);
	if (c >= 0x450 && c <= 0x45F)
		return (uint16_t)(c - 0x50);
	if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) ||
	    (c >= 0x4D0 && c <= 0x52F))
		return (uint16_t)(c & ~1u);
	if (c >= 0x4C1 && c <= 0x4CE)
		return (c & 1) ? c : (uint16_t)(c - 1);
	if (c == 0x4CF)
		return 0x4C0;
	if (c >= 0x561 && c <= 0x586) /* Armenian */
		return (uint16_t)(c - 0x30);
	if ((c >= 0x1E00 && c <= 0x1E95) || (c >= 0x1EA0 && c <= 0x1EFF))
		return (uint16_t)(c & ~1u);
	if (c >= 0x2170 && c <= 0x217F) /* Roman numerals */
		return (uint16_t)(c - 0x10);
	if (c >= 0x24D0 && c <= 0x24E9) /* circled letters */
		return (uint16_t)(c - 26);
	if (c >= 0xFF41 && c <= 0xFF5A) /* fullwidth */
		return (uint16_t)(c - 0x20);
	return c;
}

/* Append the UTF-8 form of cp (<= 0x10FFFF) at out[pos], bounded by cap. */
static size_t put_utf8(char *out, size_t cap, size_t pos, uint32_t cp)
{
	uint8_t b[4];
	size_t n, i;

	if (cp < 0x80) {
		b[0] = (uint8_t)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (uint8_t)(0xC0 | cp >> 6);
		b[1] = (uint8_t)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (uint8_t)(0xE0 | cp >> 12);
		b[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (uint8_t)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (uint8_t)(0xF0 | cp >> 18);
		b[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (uint8_t)(0x80 | (cp & 0x3F));
		n = 4;
	}
	for (i = 0; i < n; i++)
		if (pos + i < cap)
			out[pos + i] = (char)b[i];
	return n;
}

/* Convert UTF-16LE code units to UTF-8; returns the full output length. */
size_t utf16le_to_utf8(const uint8_t *in, size_t n, char *out, size_t cap)
{
	size_t i, pos = 0;

	for (i = 0; i < n; i++) {
		uint32_t cp = wp_le16(in + 2 * i);

		if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < n) {
			uint32_t lo = wp_le16(in + 2 * i + 2);
			if (lo >= 0xDC00 && lo < 0xE000) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i++;
			}
		}
		pos += put_utf8(out, cap, pos, cp);
	}
	return pos;
}

/*
 * Decode the next UTF-8 sequence at s[*i] (len bytes total) into cp.
 * Accepts encoded surrogates (WTF-8); rejects overlong and truncated forms.
 */
static bool get_utf8(const char *s, size_t len, size_t *i, uint32_t *cp)
{
	const uint8_t *p = (const uint8_t *)s + *i;
	size_t left = len - *i, n, k;
	uint32_t v, min;

	if (p[0] < 0x80) {
		*cp = p[0];
		*i += 1;
		return true;
	}
	if ((p[0] & 0xE0) == 0xC0) {
		n = 2; v = p[0] & 0x1F; min = 0x80;
	} else if ((p[0] & 0xF0) == 0xE0) {
		n = 3; v = p[0] & 0x0F; min = 0x800;
	} else if ((p[0] & 0xF8) == 0xF0) {
		n = 4; v = p[0] & 0x07; min = 0x10000;
	} else {
		return false;
	}
	if (left < n)
		return false;
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xC0) != 0x80)
			return false;
		v = v << 6 | (p[k] & 0x3F);
	}
	if (v < min || v > 0x10FFFF)
		return false;
	*cp = v;
	*i += n;
	return true;
}

/* Compare a UTF-16LE name with a UTF-8 name, ignoring case. */
bool utf16le_eq_utf8_ci(const uint8_t *in, size_t n, const char *s, size_t len)
{
	size_t i = 0, u = 0;

	while (i < len) {
		uint32_t cp;
		uint16_t unit[2];
		unsigned nu, k;

		if (!get_utf8(s, len, &i, &cp))
			return false;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			unit[0] = (uint16_t)(0xD800 + (cp >> 10));
			unit[1] = (uint16_t)(0xDC00 + (cp & 0x3FF));
			nu = 2;
		} else {
			unit[0] = (uint16_t)cp;
			nu = 1;
		}
		for (k = 0; k < nu; k++, u++) {
			if (u >= n || utf16_upcase(wp_le16(in + 2 * u)) !=
				      utf16_upcase(unit[k]))
				return false;
		}
	}
	return u == n;
}

/*
 * Convert len bytes of UTF-8 to UTF-16LE for names written into WIM
 * metadata.  Writes at most cap code units (out may be NULL when cap is 0);
 * returns the number of code units needed, or -1 for invalid UTF-8.
 */
long utf8_to_utf16le(const char *s, size_t len, uint8_t *out, size_t cap)
{
	size_t i = 0, u = 0;

	while (i < len) {
		uint32_t cp;

		if (!get_utf8(s, len, &i, &cp))
			return -1;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			if (u + 2 <= cap) {
				wp_put16(out + 2 * u, (uint16_t)(0xD800 + (cp >> 10)));
				wp_put16(out + 2 * u + 2, (uint16_t)(0xDC00 + (cp & 0x3FF)));
			}
			u += 2;
		} else {
			if (u < cap)
				wp_put16(out + 2 * u, (uint16_t)cp);
			u++;
		}
	}
	return (long)u;
}
