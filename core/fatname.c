/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fatname.c - FAT names: UTF-8 long names to UTF-16, LFN entries and their
 * checksum, Windows-style 8.3 aliases (basis name + numeric tail).
 *
 * The alias scheme follows the documented VFAT rules: upper-case, drop
 * spaces and leading/embedded dots, replace characters that are invalid in
 * short names (and anything non-ASCII) by '_', keep up to 8 + 3 characters
 * split at the last dot.  If nothing was lost but case the alias is the basis
 * itself; otherwise a tail ~N is appended (the caller picks the first N that
 * is unique in the directory).
 */
#include "fatname.h"

/* Decode one UTF-8 sequence at s[*i] (len bytes total); -1 if invalid. */
static int32_t utf8_next(const uint8_t *s, size_t len, size_t *i)
{
	uint32_t c = s[*i], min;
	unsigned extra, k;

	if (c < 0x80) {
		(*i)++;
		return (int32_t)c;
	}
	if ((c & 0xE0) == 0xC0) {
		extra = 1; c &= 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		extra = 2; c &= 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		extra = 3; c &= 0x07; min = 0x10000;
	} else {
		return -1;
	}
	if (len - *i <= extra)
		return -1;
	for (k = 1; k <= extra; k++) {
		uint8_t b = s[*i + k];
		if ((b & 0xC0) != 0x80)
			return -1;
		c = c << 6 | (b & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*i += extra + 1;
	return (int32_t)c;
}

/* Validate one UTF-8 name component and convert it to UTF-16. */
int fatname_from_utf8(const char *s, size_t len, uint16_t *out,
		      struct wp_err *err)
{
	const uint8_t *u = (const uint8_t *)s;
	size_t i = 0;
	unsigned n = 0;

	if (!len)
		return wp_fail(err, WP_EINVAL, "empty name component");
	if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
		return wp_fail(err, WP_EINVAL, "'%.*s': reserved name", (int)len, s);
	if (s[len - 1] == '.' || s[len - 1] == ' ')
		return wp_fail(err, WP_EINVAL,
			       "'%.*s': name ends with a dot or space", (int)len, s);
	while (i < len) {
		int32_t c = utf8_next(u, len, &i);

		if (c < 0)
			return wp_fail(err, WP_EINVAL, "'%.*s': invalid UTF-8",
				       (int)len, s);
		if (c < 0x20 || c == 0x7F || (c < 0x80 && strchr("\\/:*?\"<>|", c)))
			return wp_fail(err, WP_EINVAL,
				       "'%.*s': character 0x%02x not allowed in FAT names",
				       (int)len, s, (unsigned)c);
		if (n + (c > 0xFFFF ? 2 : 1) > FATNAME_MAX)
			return wp_fail(err, WP_ERANGE,
				       "'%.*s': name longer than %u UTF-16 units",
				       (int)len, s, FATNAME_MAX);
		if (c > 0xFFFF) {
			c -= 0x10000;
			out[n++] = (uint16_t)(0xD800 | (c >> 10));
			out[n++] = (uint16_t)(0xDC00 | (c & 0x3FF));
		} else {
			out[n++] = (uint16_t)c;
		}
	}
	return (int)n;
}

/* Upper-case one UTF-16 unit for case-insensitive comparisons. */
uint16_t fatname_upcase(uint16_t c)
{
	if (c >= 'a' && c <= 'z')
		return (uint16_t)(c - 0x20);
	if (c < 0x80)
		return c;
	if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
		return (uint16_t)(c - 0x20);
	if (c == 0xFF)
		return 0x178;
	if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return (uint16_t)(c & ~1u);
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return (uint16_t)(c & 1 ? c : c - 1);
	if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2)
		return (uint16_t)(c - 0x20);
	if (c >= 0x430 && c <= 0x44F)
		return (uint16_t)(c - 0x20);
	if (c >= 0x450 && c <= 0x45F)
		return (uint16_t)(c - 0x50);
	return c;
}

/* Map one upper-cased unit to a short-name byte; 0 means "not valid". */
static uint8_t sfn_char(uint16_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return (uint8_t)c;
	if (c < 0x80 && c > 0x20 && strchr("!#$%&'()-@^_`{}~", c))
		return (uint8_t)c;
	return 0;
}

/* Compute the 8.3 basis name of a long name and how lossy it is. */
int fatname_basis(const uint16_t *name, unsigned n, uint8_t sfn[11])
{
	unsigned i, start = 0, dot = n, nb = 0, ne = 0;
	bool lossy = false, lower = false;

	memset(sfn, ' ', 11);
	while (start < n && name[start] == '.') {
		start++;
		lossy = true;
	}
	for (i = start; i < n; i++)
		if (name[i] == '.')
			dot = i;
	for (i = start; i < n; i++) {
		uint16_t up, c;
		uint8_t b;

		if (i == dot)
			continue;
		c = name[i];
		if (c == ' ' || c == '.') {
			lossy = true;
			continue;
		}
		up = fatname_upcase(c);
		if (up != c)
			lower = true;
		b = sfn_char(up);
		if (!b) {
			b = '_';
			lossy = true;
		}
		if (i < dot) {
			if (nb < 8)
				sfn[nb++] = b;
			else
				lossy = true;
		} else {
			if (ne < 3)
				sfn[8 + ne++] = b;
			else
				lossy = true;
		}
	}
	if (!nb) {
		sfn[nb++] = '_';
		lossy = true;
	}
	if (lossy)
		return FATNAME_LOSSY;
	return lower ? FATNAME_CASE : FATNAME_EXACT;
}

/* Append the numeric tail ~k to a basis name. */
void fatname_tail(uint8_t sfn[11], const uint8_t basis[11], unsigned k)
{
	char digits[12];
	unsigned nd = 0, nb = 0, i;

	do {
		digits[nd++] = (char)('0' + k % 10);
		k /= 10;
	} while (k && nd < 7);
	while (nb < 8 && basis[nb] != ' ')
		nb++;
	if (nb > 8 - 1 - nd)
		nb = 8 - 1 - nd;
	memcpy(sfn, basis, 11);
	memset(sfn + nb, ' ', 8 - nb);
	sfn[nb++] = '~';
	for (i = 0; i < nd; i++)
		sfn[nb++] = (uint8_t)digits[nd - 1 - i];
}

/* The LFN checksum of an 8.3 name. */
uint8_t fatname_checksum(const uint8_t sfn[11])
{
	uint8_t sum = 0;
	unsigned i;

	for (i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) << 7) + (sum >> 1) + sfn[i]);
	return sum;
}

/* Write the LFN entries of a long name, last part first. */
void fatname_lfn_write(uint8_t *dst, const uint16_t *name, unsigned n,
		       uint8_t checksum)
{
	static const uint8_t pos[FATNAME_LFN_CHARS] = {
		1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30 };
	unsigned count = fatname_lfn_count(n), e, k;

	for (e = 0; e < count; e++) {
		unsigned ord = count - e;          /* 1-based part number */
		uint8_t *d = dst + 32 * e;

		memset(d, 0, 32);
		d[0] = (uint8_t)(ord | (e == 0 ? 0x40 : 0));
		d[11] = 0x0F;
		d[13] = checksum;
		for (k = 0; k < FATNAME_LFN_CHARS; k++) {
			unsigned idx = (ord - 1) * FATNAME_LFN_CHARS + k;
			uint16_t c = idx < n ? name[idx] : idx == n ? 0 : 0xFFFF;
			wp_put16(d + pos[k], c);
		}
	}
}
