/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_lzms_huff.c - the adaptive-Huffman code builder of core/lzms_huff.c
 * (lzms_huff_lengths, lzms_huff_table).
 *
 * huff_lengths must give exactly the lengths of the plain algorithm it was
 * optimised from (ref_lengths below: sort by (count, symbol), two-queue
 * merge, the length limit applied node by node), for random, skewed and
 * Fibonacci counts; the Fibonacci ones go past the 15-bit limit, which the
 * round-trip tests of test_lzms.c never reach.  huff_table must decode every
 * canonical codeword of those lengths to its symbol.
 */
#include "harness.h"
#include "testdata.h"
#include "lzms_int.h"

static int h_bad;

/* Deterministic random numbers (testdata.h's xorshift32). */
static uint32_t rs = 0x12345678u;
static uint32_t rnd(void)
{
	return td_rand(&rs);
}

/* The reference: insertion sort, two-queue merge, node-by-node limit. */
static void ref_lengths(const uint32_t *freq, unsigned n, uint8_t *lens)
{
	static uint16_t order[LZMS_MAX_OFF_SYMS], parent[LZMS_MAX_OFF_SYMS];
	static uint32_t node_w[LZMS_MAX_OFF_SYMS];
	static unsigned depth[LZMS_MAX_OFF_SYMS];
	unsigned i, j, len_cnt[LZMS_MAX_CODE_LEN + 2], leaf = 0, node = 0, e, l, k = 0;

	for (i = 0; i < n; i++) {
		for (j = i; j > 0 && freq[order[j - 1]] > freq[i]; j--)
			order[j] = order[j - 1];
		order[j] = (uint16_t)i;
	}
	if (n < 2) {
		if (n == 1)
			lens[0] = 1;
		return;
	}
	for (e = 0; e < n - 1; e++) {
		uint32_t w = 0;
		int t;
		for (t = 0; t < 2; t++) {
			if (leaf < n && (node == e || freq[order[leaf]] <= node_w[node])) {
				w += freq[order[leaf++]];
			} else {
				w += node_w[node];
				parent[node++] = (uint16_t)e;
			}
		}
		node_w[e] = w;
	}
	memset(len_cnt, 0, sizeof(len_cnt));
	len_cnt[1] = 2;
	depth[n - 2] = 0;
	for (i = n - 2; i-- > 0;) {
		depth[i] = depth[parent[i]] + 1;
		l = depth[i];
		if (l >= LZMS_MAX_CODE_LEN) {
			l = LZMS_MAX_CODE_LEN - 1;
			while (l > 1 && len_cnt[l] == 0)
				l--;
		}
		len_cnt[l]--;
		len_cnt[l + 1] += 2;
	}
	for (l = LZMS_MAX_CODE_LEN; l >= 1; l--) {
		unsigned c = len_cnt[l];
		while (c-- && k < n)
			lens[order[k++]] = (uint8_t)l;
	}
}

/* Check huff_table: every codeword of every symbol decodes to it. */
static void check_table(struct lzms_huff *h, const uint8_t *lens, const char *what)
{
	unsigned n = h->nsyms, sym, l, bad = 0;
	uint32_t code = 0, next[LZMS_MAX_CODE_LEN + 2] = { 0 };
	unsigned cnt[LZMS_MAX_CODE_LEN + 2] = { 0 };

	if (n < 2)
		return;
	for (sym = 0; sym < n; sym++)
		cnt[lens[sym]]++;
	for (l = 1; l <= LZMS_MAX_CODE_LEN; l++) {
		code = (code + cnt[l - 1]) << 1;
		next[l] = code;
	}
	for (sym = 0; sym < n && !bad; sym++) {
		unsigned len = lens[sym];
		uint64_t buf = (uint64_t)next[len] << (64 - len);
		uint32_t e = h->table[buf >> (64 - h->tbits)];

		next[len]++;
		if (e & HUFF_SUB)
			e = h->table[((e & ~HUFF_SUB) >> 8) +
				     (uint32_t)((buf << h->tbits) >> (64 - (e & 0xff)))];
		if ((e >> 8) != sym || (e & 0xff) != len)
			bad = 1;
	}
	EXPECT(!bad, "%s: codeword of symbol %u decodes wrongly", what, sym - 1);
}

/* Compare huff_lengths with ref_lengths for one count vector; 1 if deep. */
static int compare(const uint32_t *freq, unsigned n, const char *what)
{
	static struct lzms_build bd;
	static uint8_t ref[LZMS_MAX_OFF_SYMS];
	static uint32_t table[1u << 15], fr[LZMS_MAX_OFF_SYMS];
	struct lzms_huff h;
	unsigned i, maxlen = 0, diff = 0;

	ref_lengths(freq, n, ref);
	lzms_huff_lengths(freq, n, &bd);
	for (i = 0; i < n; i++) {
		diff += bd.lens[i] != ref[i];
		maxlen = ref[i] > maxlen ? ref[i] : maxlen;
	}
	EXPECT(!diff, "%s (n=%u): %u lengths differ from the reference", what, n, diff);
	memcpy(fr, freq, n * sizeof(*fr));
	h.table = table;
	h.freq = fr;
	h.nsyms = n;
	h.tbits = n > 256 ? OFF_TBITS : LIT_TBITS;
	h.table_cap = sizeof(table) / sizeof(table[0]);
	lzms_huff_table(&h, &bd);
	check_table(&h, bd.lens, what);
	return maxlen == LZMS_MAX_CODE_LEN;
}

/* Random, skewed, equal and Fibonacci counts against the reference. */
static int test_lengths_vs_reference(void)
{
	static uint32_t f[LZMS_MAX_OFF_SYMS];
	static const unsigned sizes[] = { 1, 2, 3, 8, 54, 256, 500, 799 };
	unsigned si, rep, i, deep = 0, cases = 0;

	for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		unsigned n = sizes[si];
		for (rep = 0; rep < 60; rep++) {
			for (i = 0; i < n; i++) {
				switch (rep % 4) {
				case 0: f[i] = 1 + rnd() % 2050; break;           /* uniform */
				case 1: f[i] = 1 + (rnd() % 2050 >> (rnd() % 12)); break; /* skewed */
				case 2: f[i] = 1 + rnd() % 40; break;             /* one digit */
				default: f[i] = 1 + (rep & 1); break;             /* equal */
				}
			}
			deep += compare(f, n, "random counts");
			cases++;
		}
		/* Fibonacci weights on a few symbols, the rest small: deep trees */
		for (rep = 0; rep < 20 && n >= 20; rep++) {
			uint32_t a = 1, b = 1;
			for (i = 0; i < n; i++)
				f[i] = 1 + rnd() % (1 + rep % 3);
			for (i = 0; i < 17 + rep % 4 && i < n; i++) {
				uint32_t c = a + b;
				f[(i * 7 + rep) % n] = a;
				a = b;
				b = c;
			}
			deep += compare(f, n, "fibonacci counts");
			cases++;
		}
	}
	printf("  %u count vectors, %u reach the 15-bit limit\n", cases, deep);
	EXPECT(deep > 0, "no case exercised the length limit");
	return h_bad;
}

/* Entry point. */
int main(void)
{
	RUN(test_lengths_vs_reference);
	return H_DONE();
}
