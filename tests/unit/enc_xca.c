/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * enc_xca.c - test-only [MS-XCA] LZ77+Huffman encoder (greedy LZ77 with
 * hash chains) producing the multi-block stream xca_decompress reads: a new
 * 256-byte table whenever 64 KiB of output were coded since the block
 * start (checked before each token, so matches may cross the boundary),
 * 16-bit words with two reserved word slots, extra length bytes
 * interleaved, and symbol 256 at the very end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "enc_huff.c"

struct exca_tok { uint32_t len, val; };	/* len 0: literal val; else match offset val */

/* Bit writer with the two reserved 16-bit slots of the [MS-XCA] layout. */
struct exca_bw { uint8_t *out; size_t s1, s2, next; uint32_t acc; int cnt; };

/* Append k <= 16 bits v, flushing a full word only when more arrive. */
static void exca_put(struct exca_bw *w, uint32_t v, int k)
{
	w->acc = (w->acc << k) | v;
	w->cnt += k;
	if (w->cnt > 16) {
		w->cnt -= 16;
		w->out[w->s1] = (uint8_t)(w->acc >> w->cnt);
		w->out[w->s1 + 1] = (uint8_t)(w->acc >> (w->cnt + 8));
		w->s1 = w->s2;
		w->s2 = w->next;
		w->next += 2;
		w->acc &= (1u << w->cnt) - 1;
	}
}

/* Greedy LZ77 tokens of in[0..n) (offsets <= 65535, lengths <= maxlen). */
static struct exca_tok *exca_tokens(const uint8_t *in, size_t n, size_t *ntok, size_t maxlen)
{
	struct exca_tok *t = malloc((n + 1) * sizeof(*t));
	int32_t *head = malloc(65536 * sizeof(*head)), *prev = malloc((n + 1) * sizeof(*prev));
	size_t i = 0, k = 0;

	memset(head, 0xff, 65536 * sizeof(*head));
	while (i < n) {
		size_t best = 0, boff = 0;
		if (i + 3 <= n) {
			unsigned h = (in[i] * 506832829u ^ in[i + 1] * 2654435761u ^ in[i + 2]) & 0xffff;
			int32_t c = head[h];
			int chain = 48;
			while (c >= 0 && chain-- && i - (size_t)c <= 65535) {
				size_t l = 0, lim = n - i < maxlen ? n - i : maxlen;
				while (l < lim && in[(size_t)c + l] == in[i + l])
					l++;
				if (l > best) {
					best = l;
					boff = i - (size_t)c;
				}
				c = prev[c];
			}
			prev[i] = head[h];
			head[h] = (int32_t)i;
		}
		if (best >= 3) {
			size_t j;
			t[k].len = (uint32_t)best;
			t[k++].val = (uint32_t)boff;
			for (j = i + 1; j < i + best && j + 3 <= n; j++) {
				unsigned h = (in[j] * 506832829u ^ in[j + 1] * 2654435761u ^ in[j + 2]) & 0xffff;
				prev[j] = head[h];
				head[h] = (int32_t)j;
			}
			i += best;
		} else {
			t[k].len = 0;
			t[k++].val = in[i++];
		}
	}
	free(head);
	free(prev);
	*ntok = k;
	return t;
}

/* Symbol of a token. */
static unsigned exca_sym(const struct exca_tok *t)
{
	unsigned nb = 0, l;

	if (!t->len)
		return t->val;
	while ((2u << nb) <= t->val)
		nb++;
	l = t->len - 3 < 15 ? t->len - 3 : 15;
	return 256 + nb * 16 + l;
}

/* Encode in[0..n) into out (cap bytes, >= n + n/8 + 1024); returns the size. */
static size_t enc_xca(const uint8_t *in, size_t n, uint8_t *out, size_t cap, size_t maxlen)
{
	size_t ntok, ti = 0, pos = 0, outpos = 0;
	int last;
	struct exca_tok *tok = exca_tokens(in, n, &ntok, maxlen ? maxlen : 65538);
	(void)cap;

	do {
		size_t start = ti, produced = 0, j;
		uint32_t freq[512] = { 0 };
		uint8_t lens[512];
		uint16_t codes[512];
		struct exca_bw w;
		unsigned used = 0, i;

		while (ti < ntok && produced < 65536) {
			produced += tok[ti].len ? tok[ti].len : 1;
			freq[exca_sym(&tok[ti])]++;
			ti++;
		}
		last = ti == ntok && produced < 65536;
		if (last)
			freq[256]++;
		for (i = 0; i < 512; i++)
			used += freq[i] != 0;
		if (used < 2)
			freq[freq[0] ? 1 : 0] = 1;
		enc_huff_lengths(freq, 512, 15, lens);
		enc_huff_codes(lens, 512, codes);
		for (i = 0; i < 256; i++)
			out[outpos + i] = (uint8_t)(lens[2 * i] | lens[2 * i + 1] << 4);
		w.out = out;
		w.s1 = outpos + 256;
		w.s2 = outpos + 258;
		w.next = outpos + 260;
		w.acc = 0;
		w.cnt = 0;
		for (j = start; j < ti; j++) {
			unsigned s = exca_sym(&tok[j]);
			exca_put(&w, codes[s], lens[s]);
			if (tok[j].len) {
				uint32_t L = tok[j].len - 3;
				unsigned nb = (s - 256) >> 4;
				if (L >= 15) {
					if (L - 15 < 255) {
						out[w.next++] = (uint8_t)(L - 15);
					} else {
						out[w.next++] = 255;
						out[w.next++] = (uint8_t)L;
						out[w.next++] = (uint8_t)(L >> 8);
					}
				}
				if (nb)
					exca_put(&w, tok[j].val - (1u << nb), (int)nb);
			}
			pos += tok[j].len ? tok[j].len : 1;
		}
		if (last)
			exca_put(&w, codes[256], lens[256]);
		/* flush the partial word and the reserved slot */
		w.acc <<= 16 - w.cnt;
		out[w.s1] = (uint8_t)w.acc;
		out[w.s1 + 1] = (uint8_t)(w.acc >> 8);
		out[w.s2] = out[w.s2 + 1] = 0;
		outpos = w.next;
	} while (!last);
	free(tok);
	return outpos;
}
