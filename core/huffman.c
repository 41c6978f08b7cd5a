/* SPDX-License-Identifier: GPL-2.0-or-later */
/* huffman.c - build canonical Huffman decode tables (format in huffman.h). */
#include "huffman.h"

/* Fill n (a power of two) table entries starting at t with the value v. */
static inline void huff_fill(uint32_t *t, unsigned n, uint32_t v)
{
	if (n >= 4) {
		uint32_t *e = t + n;
		do {
			t[0] = v;
			t[1] = v;
			t[2] = v;
			t[3] = v;
			t += 4;
		} while (t < e);
		return;
	}
	while (n--)
		*t++ = v;
}

/* Build a root table plus subtables from canonical code lengths. */
int huff_build(uint32_t *table, unsigned cap, unsigned root_bits,
	       const uint8_t *lens, unsigned nsyms, unsigned max_len,
	       int mode, uint16_t *work)
{
	uint16_t count[17], offs[18];
	uint16_t c4[4][32];
	unsigned len, i, n, used, root = 1u << root_bits, big = 0;
	int32_t left = 1;
	uint32_t code;

	if (max_len < 1 || max_len > 16 || root_bits > max_len || root_bits > 15 || cap < root)
		return WP_EINVAL;
	/*
	 * Four interleaved histograms (equal neighbouring lengths do not wait
	 * on each other); lengths >= 32 are caught by big before indexing,
	 * lengths in (max_len, 32) by their counts below.
	 */
	memset(c4, 0, sizeof(c4));
	for (i = 0; i + 4 <= nsyms; i += 4) {
		unsigned a = lens[i], b = lens[i + 1], c = lens[i + 2], d = lens[i + 3];
		if ((a | b | c | d) >= 32) {
			big = 1;
			break;
		}
		c4[0][a]++;
		c4[1][b]++;
		c4[2][c]++;
		c4[3][d]++;
	}
	for (; i < nsyms && !big; i++) {
		if (lens[i] >= 32)
			big = 1;
		else
			c4[0][lens[i]]++;
	}
	if (big)
		return WP_EFORMAT;
	for (len = max_len + 1; len < 32; len++)
		if (c4[0][len] | c4[1][len] | c4[2][len] | c4[3][len])
			return WP_EFORMAT;
	for (len = 0; len <= max_len; len++)
		count[len] = (uint16_t)(c4[0][len] + c4[1][len] + c4[2][len] + c4[3][len]);
	for (; len <= 16; len++)
		count[len] = 0;
	/* Kraft inequality: over-subscribed codes are always invalid. */
	for (len = 1; len <= max_len; len++) {
		left = (left << 1) - count[len];
		if (left < 0)
			return WP_EFORMAT;
	}
	if (left > 0 && mode != HUFF_ANY && left != (1 << max_len))
		return WP_EFORMAT;
	/* Sort the used symbols by (length, symbol): canonical code order. */
	offs[1] = 0;
	for (len = 1; len < max_len; len++)
		offs[len + 1] = offs[len] + count[len];
	for (i = 0; i < nsyms; i++)
		if (lens[i])
			work[offs[lens[i]]++] = (uint16_t)i;
	n = offs[max_len];	/* after the loop: number of used symbols */
	if (left > 0)
		huff_fill(table, root, HUFF_SUB | HUFF_BAD);
	used = root;
	/* Assign codes in sorted order; codes of equal root prefix are adjacent. */
	code = 0;
	len = n ? lens[work[0]] : 0;
	for (i = 0; i < n;) {
		unsigned sym = work[i], l = lens[sym];

		if (l != len) {
			code <<= l - len;
			len = l;
		}
		if (l <= root_bits) {
			huff_fill(table + (code << (root_bits - l)),
				  1u << (root_bits - l), (uint32_t)sym << 16 | l);
			code++;
			i++;
			continue;
		}
		/* A run of codes sharing the root prefix: one subtable. */
		{
			uint32_t prefix = code >> (l - root_bits), c = code;
			unsigned j = i, sub_len = l, sub_bits, k;

			while (j < n) {
				unsigned lj = lens[work[j]];
				c <<= lj - sub_len;
				sub_len = lj;
				if ((c >> (lj - root_bits)) != prefix)
					break;
				c++;
				j++;
			}
			sub_len = lens[work[j - 1]];	/* longest in the run */
			sub_bits = sub_len - root_bits;
			if (used + (1u << sub_bits) > cap || used > 0xffff)
				return WP_EFORMAT;
			table[prefix] = (uint32_t)used << 16 | HUFF_SUB | sub_bits;
			if (left > 0)
				huff_fill(table + used, 1u << sub_bits, HUFF_SUB | HUFF_BAD);
			for (k = i; k < j; k++) {
				unsigned s = work[k], ls = lens[s];
				uint32_t low;

				if (ls != len) {
					code <<= ls - len;
					len = ls;
				}
				low = code & ((1u << (ls - root_bits)) - 1);
				huff_fill(table + used + (low << (sub_len - ls)),
					  1u << (sub_len - ls),
					  (uint32_t)s << 16 | (ls - root_bits));
				code++;
			}
			used += 1u << sub_bits;
			i = j;
		}
	}
	return WP_OK;
}
