/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lzms_huff.c - the adaptive Huffman codes of LZMS: codeword lengths from
 * symbol counts (the encoder's exact rules, 15-bit limit) and the two-level
 * decode table; the decoder (lzms.c) rebuilds its codes with them.
 */
#include "lzms_int.h"

/*
 * Codeword lengths from the symbol counts, exactly as the encoder builds them:
 * symbols sorted by (count, symbol); Huffman merge preferring a leaf over an
 * internal node of equal weight; lengths over 15 folded back by splitting the
 * deepest available shorter slot; longest lengths go to the rarest symbols.
 */
void lzms_huff_lengths(const uint32_t *freq, unsigned n, struct lzms_build *bd)
{
	unsigned i, len_cnt[LZMS_MAX_CODE_LEN + 2];
	uint32_t maxf = 0, *sf = bd->sorted_w;
	unsigned *c0 = bd->cnt, *c1 = bd->cnt + 64;
	uint16_t *rest = bd->canon; /* free until huff_table */
	unsigned k1 = 0, kr = 0;

	/*
	 * Symbols with count 1 (every unused one: halving keeps it at 1) come
	 * first, in symbol order; a branchless split sends the others to rest[].
	 */
	for (i = 0; i < n; i++) {
		uint32_t f = freq[i];
		bd->order[k1] = (uint16_t)i;
		rest[kr] = (uint16_t)i;
		k1 += f == 1;
		kr += f != 1;
		maxf = f > maxf ? f : maxf;
	}
	for (i = 0; i < k1; i++)
		sf[i] = 1;
	if (maxf > 0xffff)
		maxf = 0xffff; /* cannot happen; keeps the buckets in range */

	/*
	 * Stable counting sort of the rest by count: one pass over count
	 * buckets when the counts are below 512, else 6 low bits, then the
	 * rest.  Counts stay below 2 * (1024 + 1): each rebuild halves them and
	 * at most 1024 symbols are counted between rebuilds.
	 */
	if (maxf < 512) {
		unsigned nb = maxf + 1, sum = k1;
		memset(c0, 0, nb * sizeof(c0[0]));
		for (i = 0; i < kr; i++)
			c0[freq[rest[i]]]++;
		for (i = 0; i < nb; i++) {
			unsigned c = c0[i];
			c0[i] = sum;
			sum += c;
		}
		for (i = 0; i < kr; i++) {
			unsigned sym = rest[i], k = c0[freq[sym]]++;
			bd->order[k] = (uint16_t)sym;
			sf[k] = freq[sym];
		}
	} else {
		unsigned nb = (maxf >> 6) + 1, sum = 0;
		c1 = bd->cnt + 64;
		memset(c0, 0, 64 * sizeof(c0[0]));
		memset(c1, 0, nb * sizeof(c1[0]));
		for (i = 0; i < kr; i++) {
			uint32_t f = freq[rest[i]];
			c0[f & 63]++;
			c1[(f >> 6) & 0x3ff]++;
		}
		for (i = 0; i < 64; i++) {
			unsigned c = c0[i];
			c0[i] = sum;
			sum += c;
		}
		for (i = 0; i < kr; i++)
			bd->tmp[c0[freq[rest[i]] & 63]++] = rest[i];
		sum = k1;
		for (i = 0; i < nb; i++) {
			unsigned c = c1[i];
			c1[i] = sum;
			sum += c;
		}
		for (i = 0; i < kr; i++) {
			unsigned sym = bd->tmp[i], k;
			uint32_t f = freq[sym];
			k = c1[(f >> 6) & 0x3ff]++;
			bd->order[k] = (uint16_t)sym;
			sf[k] = f;
		}
	}

	if (n < 2) {
		if (n == 1)
			bd->lens[0] = 1;
		return; /* huff_table does not look at nlen[] for n < 2 */
	}

	/*
	 * Huffman merge with two queues: sorted leaves sf[], internal nodes
	 * node_w[].  Sentinels replace the bounds tests: sf[n .. n + 2] lose
	 * to every real node, node_w[e .. e + 2] (not yet built) lose to every
	 * leaf; parent[node] is written every time and stays right once the
	 * node is taken.  a, a1 and b, b1 are the first two entries of each
	 * queue, kept in registers; the third is loaded one step before it can
	 * be needed, so no load sits on the loop's dependency chain (compare,
	 * select).  Register copies of a sentinel are refreshed when its node
	 * gets built.
	 */
	sf[n] = 0xffffffffu;
	sf[n + 1] = 0xffffffffu;
	sf[n + 2] = 0xffffffffu;
	bd->node_w[0] = 0xffffffffu;
	bd->node_w[1] = 0xffffffffu;
	bd->node_w[2] = 0xffffffffu;
	{
		unsigned leaf = 0, node = 0, e;
		uint32_t a = sf[0], a1 = sf[1], b = 0xffffffffu, b1 = 0xffffffffu;
		for (e = 0; e < n - 1; e++) {
			uint32_t w = 0;
			int k;
			for (k = 0; k < 2; k++) {
				uint32_t a2 = sf[leaf + 2], b2 = bd->node_w[node + 2];
				unsigned take_leaf = a <= b;
				w += take_leaf ? a : b;
				bd->parent[node] = (uint16_t)e;
				leaf += take_leaf;
				node += !take_leaf;
				if (take_leaf) {
					a = a1;
					a1 = a2;
				} else {
					b = b1;
					b1 = b2;
				}
			}
			bd->node_w[e] = w;
			bd->node_w[e + 3] = 0xffffffffu;
			b = node == e ? w : b;
			b1 = node + 1 == e ? w : b1;
		}
	}

	/*
	 * Per-length counts.  parent[] never decreases (nodes are taken in the
	 * order they were built), so the internal nodes of each depth form one
	 * index range just below the range of the depth above: walking down
	 * from the root, the depth grows by one where a node's parent is no
	 * longer in the previous depth's range; icnt[d] are the range sizes.
	 * Every internal node but the root takes a slot of its depth and opens
	 * two one level deeper; when no internal node is as deep as the length
	 * limit that gives the lengths directly (leaves at depth l = 2 * nodes
	 * at l - 1 - nodes at l).  Otherwise the limit is applied node by node:
	 * a node that would be too deep goes to the deepest available shorter
	 * slot.
	 */
	{
		unsigned icnt[LZMS_MAX_CODE_LEN + 1], d = 1, l;
		unsigned plo = n - 2, top = n - 2; /* parents' range start, depth d's end */

		memset(icnt, 0, sizeof(icnt));
		icnt[0] = 1;
		for (i = n - 2; i-- > 0;) {
			if (unlikely(bd->parent[i] < plo)) {
				/* nodes i + 1 .. top - 1 were depth d */
				if (d < LZMS_MAX_CODE_LEN)
					icnt[d] = top - (i + 1);
				plo = top = i + 1;
				d++;
			}
		}
		if (d < LZMS_MAX_CODE_LEN)
			icnt[d] = top;
		memset(len_cnt, 0, sizeof(len_cnt));
		if (d < LZMS_MAX_CODE_LEN) {
			for (l = 1; l <= LZMS_MAX_CODE_LEN; l++)
				len_cnt[l] = 2 * icnt[l - 1] - icnt[l];
		} else {
			bd->depth[n - 2] = 0;
			len_cnt[1] = 2;
			for (i = n - 2; i-- > 0;) {
				d = bd->depth[bd->parent[i]] + 1u;
				d = d > 255 ? 255 : d;
				bd->depth[i] = (uint8_t)d;
				l = d;
				if (l >= LZMS_MAX_CODE_LEN) {
					l = LZMS_MAX_CODE_LEN - 1;
					while (l > 1 && len_cnt[l] == 0)
						l--;
				}
				len_cnt[l]--;
				len_cnt[l + 1] += 2;
			}
		}
	}

	/* longest codewords to the rarest symbols; nlen[] counts them */
	{
		unsigned l, k = 0;
		bd->nlen[0] = 0;
		for (l = LZMS_MAX_CODE_LEN; l >= 1; l--) {
			unsigned c = len_cnt[l], k0 = k;
			while (c-- && k < n)
				bd->lens[bd->order[k++]] = (uint8_t)l;
			bd->nlen[l] = (uint16_t)(k - k0);
		}
	}
}

/*
 * Write e to p[0 .. max(m, 4)) in steps of 4 (m is a power of two; the
 * caller leaves room for the 3 extra entries when m < 4).
 */
static inline void fill_entries(uint32_t *p, uint32_t e, uint32_t m)
{
	uint32_t k = 0;

	do {
		p[k] = e;
		p[k + 1] = e;
		p[k + 2] = e;
		p[k + 3] = e;
		k += 4;
	} while (k < m);
}

/*
 * Fill the two-level decode table of h from bd->lens (a complete code).
 * Taken in canonical order, the codewords are consecutive intervals of the
 * 15-bit code space: a codeword of length l at position c covers
 * [c, c + 2^(15 - l)).  Codes of up to tb bits fill their first-level
 * entries; each first-level prefix of longer codes gets a second-level table
 * of 2^(15 - tb) entries (at most n / 2 of them: such a prefix holds at least
 * two codewords).
 */
void lzms_huff_table(struct lzms_huff *h, struct lzms_build *bd)
{
	unsigned n = h->nsyms, tb = h->tbits, sb = LZMS_MAX_CODE_LEN - tb, i, l;
	unsigned first[LZMS_MAX_CODE_LEN + 2], last[LZMS_MAX_CODE_LEN + 2];
	uint32_t *t = h->table;

	if (n < 2) {
		/* one symbol: every bit pattern decodes to it with length 1 */
		for (i = 0; i < (1u << tb); i++)
			t[i] = 0u << 8 | 1;
		return;
	}

	/*
	 * Canonical order: by length, then symbol (counting sort; huff_lengths
	 * counted the lengths in nlen[]).  The symbols are placed from both
	 * ends at once, the low half forwards from each length's start, the
	 * high half backwards from its end: two independent store-to-load
	 * chains on the counters instead of one (runs of equal lengths are
	 * common).  Every symbol has a length (1..15) here.
	 */
	{
		unsigned sum = 0, lo, hi;
		for (l = 1; l <= LZMS_MAX_CODE_LEN; l++) {
			first[l] = sum;
			sum += bd->nlen[l];
			last[l] = sum;
		}
		for (lo = 0, hi = n; lo + 1 < hi; lo++, hi--) {
			bd->canon[first[bd->lens[lo]]++] = (uint16_t)lo;
			bd->canon[--last[bd->lens[hi - 1]]] = (uint16_t)(hi - 1);
		}
		if (lo < hi)
			bd->canon[first[bd->lens[lo]]] = (uint16_t)lo;
	}

	/*
	 * Codes of up to tb bits come first and end at c_long; the longer ones
	 * fill [c_long, 2^15), whose first-level prefixes are consecutive, so
	 * their second-level tables (2^(15 - tb) entries each, in prefix order
	 * from entry 2^tb on) are that part of the code space moved by
	 * 2^tb - c_long.  Each fill writes at least 4 entries: the extra ones
	 * belong to the codewords written next, to the first-level pointers
	 * written last, or to the 3 spare entries of table_cap.
	 */
	{
		uint32_t c_long = 0, total, k, m, c;
		unsigned nshort = 0;

		for (l = 1; l <= tb; l++) {
			c_long += (uint32_t)bd->nlen[l] << (LZMS_MAX_CODE_LEN - l);
			nshort += bd->nlen[l];
		}
		total = c_long;
		for (l = tb + 1; l <= LZMS_MAX_CODE_LEN; l++)
			total += (uint32_t)bd->nlen[l] << (LZMS_MAX_CODE_LEN - l);
		if (total != (1u << LZMS_MAX_CODE_LEN) ||
		    ((size_t)1 << tb) + (1u << LZMS_MAX_CODE_LEN) - c_long + 3 > h->table_cap) {
			/* not a complete code (cannot happen): stay memory-safe */
			for (i = 0; i < (1u << tb); i++)
				t[i] = 0u << 8 | 1;
			return;
		}
		c = 0;
		for (i = 0; i < nshort; i++) {
			unsigned sym = bd->canon[i], len = bd->lens[sym];
			fill_entries(t + (c >> sb), (uint32_t)sym << 8 | len, 1u << (tb - len));
			c += 1u << (LZMS_MAX_CODE_LEN - len);
		}
		for (; i < n; i++) {
			unsigned sym = bd->canon[i], len = bd->lens[sym];
			m = 1u << (LZMS_MAX_CODE_LEN - len);
			/* c >= c_long */
			fill_entries(t + ((size_t)1 << tb) + (c - c_long), (uint32_t)sym << 8 | len, m);
			c += m;
		}
		for (k = c_long >> sb; k < (1u << tb); k++)
			t[k] = HUFF_SUB | (uint32_t)((1u << tb) + (k << sb) - c_long) << 8 | sb;
	}
}
