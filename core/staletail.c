/* SPDX-License-Identifier: GPL-2.0-or-later */
/* staletail.c - syslinux.efi's stale HTTP receive buffer; see staletail.h. */
#include "staletail.h"

/* Does s[0..n) start with the lower-case ASCII word w, ignoring case? */
static bool starts_ci(const uint8_t *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; w[i]; i++) {
		uint8_t c = s[i];
		if (i >= n)
			return false;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != (uint8_t)w[i])
			return false;
	}
	return true;
}

/* Is there a CR LF CR LF in s[0..n)? */
static bool has_header_end(const uint8_t *s, size_t n)
{
	size_t i;

	for (i = 0; i + 4 <= n; i++)
		if (s[i] == '\r' && !memcmp(s + i, "\r\n\r\n", 4))
			return true;
	return false;
}

/*
 * If s[0..n) (just after "\r\ncontent-length:") holds spaces/tabs, the
 * decimal value want and CR LF, the offset after that CR LF; else 0.
 */
static size_t length_line(const uint8_t *s, size_t n, uint64_t want)
{
	uint64_t v = 0;
	size_t i = 0, digits = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
		if (v > (UINT64_MAX - 9) / 10)
			return 0;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (!digits || v != want || i + 2 > n || s[i] != '\r' || s[i + 1] != '\n')
		return 0;
	return i + 2;
}

/* See staletail.h. */
uint64_t stale_tail_strip(const uint8_t *buf, uint64_t got)
{
	static const char key[] = "\r\ncontent-length:";
	const uint8_t *t;
	uint64_t n;
	size_t i, k = sizeof(key) - 1, end;

	if (got <= STALE_TAIL_BYTES)
		return got;
	n = got - STALE_TAIL_BYTES;
	t = buf + n;
	for (i = 0; i + k <= STALE_TAIL_BYTES; i++) {
		if (t[i] != '\r' || !starts_ci(t + i, STALE_TAIL_BYTES - i, key))
			continue;
		end = length_line(t + i + k, STALE_TAIL_BYTES - i - k, n);
		/* the header's own CR LF before the blank line counts: search from it */
		if (end && has_header_end(t + i + k + end - 2, STALE_TAIL_BYTES - i - k - end + 2))
			return n;
	}
	return got;
}
