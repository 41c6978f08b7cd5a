/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * enc_lznt1.c - test-only LZNT1 encoder: 4096-byte chunks, greedy LZ77
 * inside each chunk (brute-force longest match over a bounded window),
 * stored raw when compression does not help; ends with a zero header.
 */
#include <stdint.h>
#include <string.h>

/* Encode in[0..n) into out (>= n + n/4096*3 + 16 bytes); returns the size. */
static size_t enc_lznt1(const uint8_t *in, size_t n, uint8_t *out)
{
	size_t pos = 0, o = 0;

	while (pos < n) {
		size_t clen = n - pos < 4096 ? n - pos : 4096, p = 0, w = o + 2, flagpos = 0;
		const uint8_t *c = in + pos;
		unsigned ntok = 0;

		while (p < clen && w - o - 2 < clen) {
			size_t best = 0, boff = 0, off, maxoff, maxlen;
			unsigned ob = 4, lb;

			while ((1u << ob) < p)
				ob++;
			lb = 16 - ob;
			maxoff = p < (1u << ob) ? p : (1u << ob);
			maxlen = ((size_t)1 << lb) - 1 + 3;
			if (maxlen > clen - p)
				maxlen = clen - p;
			for (off = 1; off <= maxoff && off <= 600; off++) {
				size_t l = 0;
				while (l < maxlen && c[p + l - off] == c[p + l])
					l++;
				if (l > best) {
					best = l;
					boff = off;
				}
			}
			if (ntok % 8 == 0) {
				flagpos = w++;
				out[flagpos] = 0;
			}
			if (best >= 3) {
				unsigned tok = (unsigned)((boff - 1) << lb | (best - 3));
				out[flagpos] |= (uint8_t)(1u << (ntok % 8));
				out[w++] = (uint8_t)tok;
				out[w++] = (uint8_t)(tok >> 8);
				p += best;
			} else {
				out[w++] = c[p++];
			}
			ntok++;
		}
		if (p < clen || w - o - 2 >= clen) {
			/* no gain: store raw */
			out[o] = (uint8_t)(clen - 1);
			out[o + 1] = (uint8_t)(0x30 | (clen - 1) >> 8);
			memcpy(out + o + 2, c, clen);
			o += 2 + clen;
		} else {
			size_t sz = w - o - 2;
			out[o] = (uint8_t)(sz - 1);
			out[o + 1] = (uint8_t)(0xB0 | (sz - 1) >> 8);
			o = w;
		}
		pos += clen;
	}
	out[o++] = 0;
	out[o++] = 0;
	return o;
}
