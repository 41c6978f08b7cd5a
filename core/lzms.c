/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lzms.c - LZMS chunk decompressor (WIM header flag 0x80000, solid format 3).
 *
 * An LZMS chunk holds two streams sharing one buffer of 16-bit little-endian
 * words: a range-coded stream of binary decisions read forwards from the
 * start, and a bit stream of adaptive-Huffman symbols and raw extra bits read
 * backwards from the end (bits MSB first inside each word).  Items are
 * literals, LZ matches (copy from offset back) and delta matches
 * (out[i] = out[i-off] + out[i-span] - out[i-off-span]); each match kind
 * keeps a small move-to-front queue of recent offsets whose newest entry is
 * hidden for one item.  Huffman codes are rebuilt from symbol counts every
 * 512/1024 symbols.  Finally an x86 filter turns absolute call/jump/rip
 * targets back into relative ones.
 *
 * Everything big lives in one state block (the caller's scratch, or malloc'd
 * per call); reads and writes are bounded;
 * any inconsistency returns WP_EFORMAT.
 */
#include "decomp.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* ---- format constants ------------------------------------------------------- */

#define LZMS_MAX_OUT        (1u << 30)   /* largest chunk we accept */
#define LZMS_MAX_CODE_LEN   15
#define LZMS_NUM_LIT_SYMS   256
#define LZMS_NUM_LEN_SYMS   54
#define LZMS_NUM_POW_SYMS   8
#define LZMS_MAX_OFF_SYMS   799
#define LZMS_PROB_BITS      6            /* probabilities are k/64 */
#define LZMS_X86_WINDOW     65535        /* target re-use window of the filter */
#define LZMS_X86_MAX_TRANS  1023         /* translate this far after x86 evidence */

/* Table bits of the first decode level of each Huffman code. */
#define LIT_TBITS 10
#define OFF_TBITS 10
#define LEN_TBITS 9
#define POW_TBITS 7

/*
 * Slot bases grow by powers of two; these are the run lengths of each
 * power (2^0, 2^1, ...).  The value after the last slot closes the table.
 */
static const uint8_t off_runs[] = { 9,  0,  9,  7,  10, 15, 15, 20, 20, 30, 33,
				    40, 42, 45, 60, 73, 80, 85, 95, 105, 6 };
static const uint8_t len_runs[] = { 27, 4, 6, 4, 5, 2, 1, 1, 1,
				    1,  1, 0, 0, 0, 0, 0, 1 };
#define OFF_END 0x7fffffffu
#define LEN_END 0x400108abu

/* ---- state ------------------------------------------------------------------ */

/* One adaptive probability: zeros among the last 64 decisions, and them. */
struct lzms_prob {
	uint32_t zeros;
	uint64_t hist; /* bit 63 = oldest */
};

#define HUFF_SUB 0x80000000u /* table entry points to a second-level table */

/* One adaptive Huffman code and its two-level decode table. */
struct lzms_huff {
	uint32_t *table;    /* entry: sym << 8 | len, or HUFF_SUB | start << 8 | (15 - tbits) */
	uint32_t *freq;
	unsigned nsyms;     /* alphabet size (>= 1) */
	unsigned tbits;     /* first-level bits */
	unsigned rebuild;   /* symbols between rebuilds */
	unsigned countdown; /* symbols until the next rebuild */
	size_t table_cap;   /* entries allocated in table */
};

/* Slot tables: base value and number of extra bits of each slot. */
struct lzms_slots {
	uint32_t off_base[LZMS_MAX_OFF_SYMS + 1];
	uint8_t off_extra[LZMS_MAX_OFF_SYMS];
	uint32_t len_base[LZMS_NUM_LEN_SYMS + 1];
	uint8_t len_extra[LZMS_NUM_LEN_SYMS];
};

/* Scratch space for building a Huffman code (largest alphabet). */
struct lzms_build {
	uint16_t order[LZMS_MAX_OFF_SYMS];  /* symbols by (freq, symbol) */
	uint16_t tmp[LZMS_MAX_OFF_SYMS];
	uint32_t sorted_w[LZMS_MAX_OFF_SYMS + 3]; /* counts in order[] order + sentinels */
	uint32_t node_w[LZMS_MAX_OFF_SYMS + 2]; /* internal node weights + sentinels */
	uint16_t parent[LZMS_MAX_OFF_SYMS]; /* internal node -> parent node */
	uint8_t depth[LZMS_MAX_OFF_SYMS];   /* internal node depth */
	uint8_t lens[LZMS_MAX_OFF_SYMS];    /* symbol -> codeword length */
	uint16_t canon[LZMS_MAX_OFF_SYMS];  /* symbols by (length, symbol) */
	uint16_t nlen[LZMS_MAX_CODE_LEN + 1]; /* symbols of each length */
	unsigned cnt[64 + 1024];            /* radix digit counters */
};

/* The whole decoder state, one block (see lzms_decompress_ws). */
struct lzms_state {
	struct lzms_prob main_p[16], match_p[32], lz_p[64], lzrep_p[2][64];
	struct lzms_prob delta_p[64], deltarep_p[2][64];
	struct lzms_huff lit, len, lzoff, doff, pow;
	struct lzms_slots slots;
	struct lzms_build build;
	int32_t x86_last[65536]; /* x86 filter: last position using a target */
	/* table and freq storage follows */
};

/* ---- slot tables ------------------------------------------------------------ */

/* Expand run lengths of power-of-two steps into slot bases and extra bits. */
static void slots_expand(uint32_t *base, uint8_t *extra, const uint8_t *runs,
			 unsigned nruns, uint32_t end)
{
	uint32_t b = 0;
	unsigned s = 0, k;

	for (k = 0; k < nruns; k++) {
		unsigned r;
		for (r = 0; r < runs[k]; r++) {
			b += (uint32_t)1 << k;
			base[s++] = b;
		}
	}
	base[s] = end;
	for (k = 0; k < s; k++) {
		uint32_t d = base[k + 1] - base[k];
		unsigned e = 0;
		while (d >> (e + 1))
			e++;
		extra[k] = (uint8_t)e;
	}
}

/* Number of offset slots a chunk of out_len bytes uses (both offset codes). */
static unsigned num_offset_slots(size_t out_len)
{
	uint32_t b = 0;
	unsigned s = 0, k, r;

	if (out_len < 2)
		return 0;
	/* count the slots whose base is <= out_len - 1 */
	for (k = 0; k < sizeof(off_runs); k++) {
		for (r = 0; r < off_runs[k]; r++) {
			b += (uint32_t)1 << k;
			if (b > out_len - 1)
				return s;
			s++;
		}
	}
	return s;
}

/* ---- adaptive Huffman codes ------------------------------------------------- */

/*
 * Codeword lengths from the symbol counts, exactly as the encoder builds them:
 * symbols sorted by (count, symbol); Huffman merge preferring a leaf over an
 * internal node of equal weight; lengths over 15 folded back by splitting the
 * deepest available shorter slot; longest lengths go to the rarest symbols.
 */
static void huff_lengths(const uint32_t *freq, unsigned n, struct lzms_build *bd)
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
static void huff_table(struct lzms_huff *h, struct lzms_build *bd)
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


/* Rebuild h from its counts, then halve the counts (keeping them >= 1). */
static __attribute__((noinline)) void huff_rebuild(struct lzms_huff *h, struct lzms_build *bd)
{
	unsigned i;

	huff_lengths(h->freq, h->nsyms, bd);
	huff_table(h, bd);
	for (i = 0; i < h->nsyms; i++)
		h->freq[i] = (h->freq[i] >> 1) + 1;
	h->countdown = h->rebuild;
}

/* ---- the two input streams -------------------------------------------------- */

/* Range decoder over the words at the start of the input. */
struct lzms_rc {
	uint32_t range, code;
	const uint8_t *in;
	size_t pos, len;
};

/* Backwards bit reader over the words at the end of the input. */
struct lzms_bits {
	uint64_t buf;   /* next bit in bit 63 */
	unsigned avail; /* bits in buf, including zero padding */
	unsigned pad;   /* zero bits appended past the start of the input */
	unsigned bad;   /* set once padding bits were consumed (sticky) */
	const uint8_t *in;
	size_t pos;     /* bytes not yet read: in[0 .. pos) */
};

/* Next word for the range decoder (zeros past the end). */
static inline uint32_t rc_word(struct lzms_rc *rc)
{
	uint32_t w = 0;

	if (rc->pos + 2 <= rc->len) {
		w = wp_le16(rc->in + rc->pos);
		rc->pos += 2;
	}
	return w;
}

/*
 * Decode one binary decision with adaptive probability p and shift it into
 * *state (masked to the table size); returns the bit.
 */
static inline unsigned rc_decide(struct lzms_rc *rc, struct lzms_prob *tab,
				 unsigned *state, unsigned mask)
{
	struct lzms_prob *p = &tab[*state];
	uint32_t prob = p->zeros, bound;

	if (unlikely(rc->range < 0x10000)) {
		rc->range <<= 16;
		rc->code = (rc->code << 16) | rc_word(rc);
	}
	prob += (prob == 0);
	prob -= (prob == (1u << LZMS_PROB_BITS));
	bound = (rc->range >> LZMS_PROB_BITS) * prob;
	/*
	 * Everything that depends on the bit is written out in each branch,
	 * so the next decision's state and probability are control-dependent
	 * (predicted) rather than data-dependent on this comparison.
	 */
	if (rc->code < bound) {
		rc->range = bound;
		p->zeros += (uint32_t)(p->hist >> 63);
		p->hist <<= 1;
		*state = (*state << 1) & mask;
		return 0;
	}
	rc->range -= bound;
	rc->code -= bound;
	p->zeros = p->zeros + (uint32_t)(p->hist >> 63) - 1;
	p->hist = (p->hist << 1) | 1;
	*state = ((*state << 1) | 1) & mask;
	return 1;
}

/*
 * Make at least 49 bits available word by word, zero words past the start of
 * the input (the slow path near the start of the input, and the first fill).
 */
static void bits_refill_slow(struct lzms_bits *b)
{
	if (b->pad > b->avail)
		b->bad = 1; /* consumed padding: pad may not grow unchecked */
	while (b->avail <= 48) {
		uint64_t w = 0;
		if (b->pos >= 2) {
			b->pos -= 2;
			w = wp_le16(b->in + b->pos);
		} else {
			b->pad += 16;
		}
		b->buf |= w << (48 - b->avail);
		b->avail += 16;
	}
}

/*
 * Make at least 49 bits available.  Fast path, taken whatever avail is (no
 * branch on it; avail is 4..64 here, at most 45 bits are taken between
 * refills): one 64-bit load of the next four words; whole words are
 * accounted for, the bits of a partial word below them are the same bits the
 * next refill ORs in again.
 */
static inline void bits_refill(struct lzms_bits *b)
{
	if (likely(b->pos >= 8)) {
		unsigned words = (64 - b->avail) >> 4;
		b->buf |= (wp_le64(b->in + b->pos - 8) >> 1) >> (b->avail - 1);
		b->avail += words * 16;
		b->pos -= words * 2;
		return;
	}
	if (b->avail <= 48)
		bits_refill_slow(b);
}

/* Take n (0..32) raw bits, refilled beforehand. */
static inline uint32_t bits_take(struct lzms_bits *b, unsigned n)
{
	uint32_t v = (uint32_t)((b->buf >> (63 - n)) >> 1);

	b->buf <<= n;
	b->avail -= n;
	return v;
}

/*
 * Decode one symbol of h (bits refilled beforehand) and adapt the code.
 * tb is h->tbits, passed as a constant so the shifts are immediates; *cd is
 * the caller's copy of h->countdown (a local of the item loop).
 */
static inline unsigned huff_decode(struct lzms_huff *h, struct lzms_bits *b,
				   struct lzms_build *bd, const unsigned tb, unsigned *cd)
{
	uint32_t e = h->table[b->buf >> (64 - tb)];
	unsigned len, sym;

	if (unlikely(e & HUFF_SUB))
		e = h->table[((e & ~HUFF_SUB) >> 8) +
			     (uint32_t)((b->buf << tb) >> (64 - (LZMS_MAX_CODE_LEN - tb)))];
	len = e & 0xff;
	sym = e >> 8;
	b->buf <<= len;
	b->avail -= len;
	h->freq[sym]++;
	if (unlikely(--*cd == 0)) {
		huff_rebuild(h, bd);
		*cd = h->countdown;
	}
	return sym;
}

/* ---- x86 filter ------------------------------------------------------------- */

/* Bytes that may start an instruction the filter translates (or skips). */
static const uint8_t x86_op[256] = {
	[0x48] = 1, [0x4C] = 1, [0xE8] = 1, [0xE9] = 1, [0xF0] = 1, [0xFF] = 1,
};

/*
 * Candidates of the 32-byte window at base found by the last vector scan
 * (bit k: d[base + k]); the filter only modifies bytes it then skips, so a
 * window's mask stays right for the positions still ahead.
 */
struct x86_scan {
	int32_t base;
	uint32_t m;
};

/*
 * First position >= i below tail whose byte may start a candidate, or a
 * position >= tail.  With SSE2 (x86_64 host, efi64) 32 bytes are tested at
 * a time with GCC vector extensions and the pmovmskb builtin (no intrinsics
 * header): 48/4C as (b & FB) == 48, E8/E9 as (b | 1) == E9, F0, FF; the
 * window's mask is kept in *sc for the following calls.  Otherwise 4 bytes
 * a time through x86_op.
 */
#if defined(__SSE2__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
typedef uint8_t x86_v16 __attribute__((vector_size(16)));
typedef char x86_c16 __attribute__((vector_size(16)));

/* Bit k set when p[k] (k < 16) may start a candidate. */
static inline unsigned x86_mask16(const uint8_t *p)
{
	x86_v16 v, m;

	memcpy(&v, p, 16);
	m = (x86_v16)(((v & 0xFB) == 0x48) | ((v | 1) == 0xE9) | (v == 0xF0) | (v == 0xFF));
	return (unsigned)__builtin_ia32_pmovmskb128((x86_c16)m);
}

static inline int32_t x86_next(const uint8_t *d, int32_t i, int32_t tail, struct x86_scan *sc)
{
	uint32_t off = (uint32_t)(i - sc->base);

	if (off < 32) {
		uint32_t m = sc->m & (0xffffffffu << off);
		if (m)
			return sc->base + (int32_t)__builtin_ctz(m);
		i = sc->base + 32;
	}
	while (i + 32 <= tail) {
		uint32_t m = x86_mask16(d + i) | x86_mask16(d + i + 16) << 16;
		if (m) {
			sc->base = i;
			sc->m = m;
			return i + (int32_t)__builtin_ctz(m);
		}
		i += 32;
	}
	while (i < tail && !x86_op[d[i]])
		i++;
	return i;
}
#else
static inline int32_t x86_next(const uint8_t *d, int32_t i, int32_t tail, struct x86_scan *sc)
{
	(void)sc;
	while (i + 3 < tail && !(x86_op[d[i]] | x86_op[d[i + 1]] |
				 x86_op[d[i + 2]] | x86_op[d[i + 3]]))
		i += 4;
	while (i < tail && !x86_op[d[i]])
		i++;
	return i;
}
#endif

/*
 * Undo the encoder's x86 translation in place.  From position 1 up to 16
 * bytes before the end, recognise call rel32 (E8), rip-relative loads/lea
 * (48 8B 05/0D, 48 8D x5, 4C 8D x5), lock add (F0 83 05) and call [rip]
 * (FF 15); jmp rel32 (E9) only skips its operand.  An operand is translated
 * (absolute -> relative) only within 1023 bytes (511 for E8) of the last
 * position where two instructions referenced the same 16-bit target within
 * 65535 bytes.  x86_op marks the bytes that may start a candidate.
 */
static void x86_undo(uint8_t *d, int32_t n, int32_t *last)
{
	int32_t tail, i, last_x86 = -LZMS_X86_MAX_TRANS - 1;
	struct x86_scan sc = { -64, 0 }; /* no window yet */
	unsigned k;

	if (n <= 17)
		return;
	for (k = 0; k < 65536; k++)
		last[k] = -LZMS_X86_WINDOW - 1;
	tail = n - 16;

	for (i = 1;; i++) {
		int32_t limit = LZMS_X86_MAX_TRANS;
		unsigned oplen;
		uint16_t target;

		i = x86_next(d, i, tail, &sc);
		if (i >= tail)
			break;

		switch (d[i]) {
		case 0x48:
			if (d[i + 1] == 0x8B && (d[i + 2] == 0x05 || d[i + 2] == 0x0D))
				oplen = 3;
			else if (d[i + 1] == 0x8D && (d[i + 2] & 7) == 5)
				oplen = 3;
			else
				continue;
			break;
		case 0x4C:
			if (d[i + 1] == 0x8D && (d[i + 2] & 7) == 5)
				oplen = 3;
			else
				continue;
			break;
		case 0xE8:
			oplen = 1;
			limit /= 2;
			break;
		case 0xE9:
			i += 4;
			continue;
		case 0xF0:
			if (d[i + 1] == 0x83 && d[i + 2] == 0x05)
				oplen = 3;
			else
				continue;
			break;
		default: /* 0xFF */
			if (d[i + 1] == 0x15)
				oplen = 2;
			else
				continue;
			break;
		}
		if (i - last_x86 <= limit)
			wp_put32(d + i + oplen, wp_le32(d + i + oplen) - (uint32_t)i);
		target = (uint16_t)(i + wp_le16(d + i + oplen));
		i += (int32_t)oplen + 3;
		if (i - last[target] <= LZMS_X86_WINDOW)
			last_x86 = i;
		last[target] = i;
	}
}

/* ---- setup ------------------------------------------------------------------ */

/* Table entries for a complete code of n symbols with tb first bits (+ 3 spare
 * entries for huff_table's writes of 4). */
static size_t huff_cap(unsigned n, unsigned tb)
{
	return ((size_t)1 << tb) + (size_t)(n / 2 + 1) * ((size_t)1 << (LZMS_MAX_CODE_LEN - tb)) + 3;
}

/* Lay out one code's storage at *mem and build its initial (all-ones) code. */
static void huff_init(struct lzms_huff *h, unsigned n, unsigned tb, unsigned rebuild,
		      uint8_t **mem, struct lzms_build *bd)
{
	unsigned i;

	h->nsyms = n ? n : 1;
	h->tbits = tb;
	h->rebuild = rebuild;
	h->table_cap = huff_cap(h->nsyms, tb);
	h->table = (uint32_t *)*mem;
	*mem += h->table_cap * sizeof(uint32_t);
	h->freq = (uint32_t *)*mem;
	*mem += h->nsyms * sizeof(uint32_t);
	for (i = 0; i < h->nsyms; i++)
		h->freq[i] = 1;
	huff_lengths(h->freq, h->nsyms, bd);
	huff_table(h, bd);
	h->countdown = rebuild;
}

/* Reset every adaptive probability to 48/64 with its 64-decision history. */
static void probs_init(struct lzms_prob *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		p[i].zeros = 48;
		p[i].hist = 0x0000000055555555ull;
	}
}

/* ---- main loop ---------------------------------------------------------------- */

/*
 * Copy an LZ match of len bytes from off bytes back (may overlap); room is
 * the writable space from dst (>= len): with 16 (8) spare bytes and
 * off >= 16 (8) the copy goes in 16 (8)-byte steps that may write up to 15 (7)
 * bytes past len.
 */
static inline void lz_copy(uint8_t *dst, uint32_t off, uint32_t len, size_t room)
{
	const uint8_t *src = dst - off;

	if (off >= 16 && room >= (size_t)len + 32) {
		/*
		 * 16-byte steps (source block ends before the destination); the
		 * first two unconditionally, so the common short match costs
		 * no loop branch.
		 */
		uint8_t *end = dst + len;
		do {
			uint64_t w0, w1, w2, w3;
			memcpy(&w0, src, 8);
			memcpy(&w1, src + 8, 8);
			memcpy(dst, &w0, 8);
			memcpy(dst + 8, &w1, 8);
			memcpy(&w2, src + 16, 8);
			memcpy(&w3, src + 24, 8);
			memcpy(dst + 16, &w2, 8);
			memcpy(dst + 24, &w3, 8);
			src += 32;
			dst += 32;
		} while (dst < end);
	} else if (off >= 16 && room >= (size_t)len + 16) {
		uint8_t *end = dst + len;
		do {
			uint64_t w0, w1;
			memcpy(&w0, src, 8);
			memcpy(&w1, src + 8, 8);
			memcpy(dst, &w0, 8);
			memcpy(dst + 8, &w1, 8);
			src += 16;
			dst += 16;
		} while (dst < end);
	} else if (off >= 8 && room >= (size_t)len + 8) {
		uint8_t *end = dst + len;
		do {
			uint64_t w;
			memcpy(&w, src, 8);
			memcpy(dst, &w, 8);
			src += 8;
			dst += 8;
		} while (dst < end);
	} else if (off == 1) {
		memset(dst, src[0], len);
	} else {
		uint32_t k;
		for (k = 0; k < len; k++)
			dst[k] = src[k];
	}
}

/* Decode all items of one chunk into out; 0 or WP_EFORMAT. */
static int lzms_items(struct lzms_state *s, const uint8_t *in, size_t in_len,
		      uint8_t *out, size_t out_len)
{
	struct lzms_rc rc;
	struct lzms_bits bits;
	struct lzms_build *bd = &s->build;
	const struct lzms_slots *sl = &s->slots;
	unsigned st_main = 0, st_match = 0, st_lz = 0, st_delta = 0;
	unsigned st_lzrep[2] = { 0, 0 }, st_deltarep[2] = { 0, 0 };
	uint32_t lzq0 = 1, lzq1 = 2, lzq2 = 3, lzq3 = 4; /* LZ offset queue */
	uint32_t dq_off[4] = { 1, 2, 3, 4 };
	uint8_t dq_pow[4] = { 0, 0, 0, 0 };
	unsigned lz_hide = 0, delta_hide = 0; /* previous item was LZ / delta */
	size_t pos = 0;
	/* symbols until each code's next rebuild, kept in locals */
	unsigned cd_lit = s->lit.countdown, cd_lzoff = s->lzoff.countdown;
	unsigned cd_len = s->len.countdown, cd_pow = s->pow.countdown;
	unsigned cd_doff = s->doff.countdown;

	rc.in = in;
	rc.len = in_len;
	rc.pos = 4;
	rc.range = 0xffffffffu;
	rc.code = (uint32_t)wp_le16(in) << 16 | wp_le16(in + 2);

	bits.in = in;
	bits.pos = in_len;
	bits.buf = 0;
	bits.avail = 0;
	bits.pad = 0;
	bits.bad = 0;
	bits_refill_slow(&bits); /* avail >= 1 from here on (see bits_refill) */

	while (pos < out_len) {
		uint32_t len;

		/*
		 * Reading past the start of the bit stream only yields zero
		 * padding; once pad > avail it stays so, and the check after
		 * the loop rejects the chunk.
		 */
		bits_refill(&bits);

		if (!rc_decide(&rc, s->main_p, &st_main, 15)) {
			/* literal */
			out[pos++] = (uint8_t)huff_decode(&s->lit, &bits, bd, LIT_TBITS, &cd_lit);
			lz_hide = delta_hide = 0;
			continue;
		}

		if (!rc_decide(&rc, s->match_p, &st_match, 31)) {
			/* LZ match */
			uint32_t off;
			if (!rc_decide(&rc, s->lz_p, &st_lz, 63)) {
				unsigned slot = huff_decode(&s->lzoff, &bits, bd, OFF_TBITS, &cd_lzoff);
				off = sl->off_base[slot] + bits_take(&bits, sl->off_extra[slot]);
				lzq3 = lzq2;
				lzq2 = lzq1;
				lzq1 = lzq0;
			} else {
				/* repeat offset j (+1 when the newest is hidden); the
				 * queue is kept in locals, one branch per case */
				unsigned j;
				if (!rc_decide(&rc, s->lzrep_p[0], &st_lzrep[0], 63))
					j = 0;
				else if (!rc_decide(&rc, s->lzrep_p[1], &st_lzrep[1], 63))
					j = 1;
				else
					j = 2;
				j += lz_hide;
				if (j == 0) {
					off = lzq0;
				} else if (j == 1) {
					off = lzq1;
					lzq1 = lzq0;
				} else if (j == 2) {
					off = lzq2;
					lzq2 = lzq1;
					lzq1 = lzq0;
				} else {
					off = lzq3;
					lzq3 = lzq2;
					lzq2 = lzq1;
					lzq1 = lzq0;
				}
			}
			lzq0 = off;
			bits_refill(&bits);
			{
				unsigned ls = huff_decode(&s->len, &bits, bd, LEN_TBITS, &cd_len);
				len = sl->len_base[ls] + bits_take(&bits, sl->len_extra[ls]);
			}
			if (off > pos || len > out_len - pos)
				return WP_EFORMAT;
			lz_copy(out + pos, off, len, out_len - pos);
			pos += len;
			lz_hide = 1;
			delta_hide = 0;
		} else {
			/* delta match */
			uint32_t raw;
			unsigned power;
			uint64_t off, span;
			if (!rc_decide(&rc, s->delta_p, &st_delta, 63)) {
				unsigned slot;
				power = huff_decode(&s->pow, &bits, bd, POW_TBITS, &cd_pow);
				bits_refill(&bits);
				slot = huff_decode(&s->doff, &bits, bd, OFF_TBITS, &cd_doff);
				raw = sl->off_base[slot] + bits_take(&bits, sl->off_extra[slot]);
				dq_off[3] = dq_off[2];
				dq_off[2] = dq_off[1];
				dq_off[1] = dq_off[0];
				dq_pow[3] = dq_pow[2];
				dq_pow[2] = dq_pow[1];
				dq_pow[1] = dq_pow[0];
			} else {
				unsigned j;
				if (!rc_decide(&rc, s->deltarep_p[0], &st_deltarep[0], 63))
					j = 0;
				else if (!rc_decide(&rc, s->deltarep_p[1], &st_deltarep[1], 63))
					j = 1;
				else
					j = 2;
				j += delta_hide;
				raw = dq_off[j];
				power = dq_pow[j];
				for (; j > 0; j--) {
					dq_off[j] = dq_off[j - 1];
					dq_pow[j] = dq_pow[j - 1];
				}
			}
			dq_off[0] = raw;
			dq_pow[0] = (uint8_t)power;
			bits_refill(&bits);
			{
				unsigned ls = huff_decode(&s->len, &bits, bd, LEN_TBITS, &cd_len);
				len = sl->len_base[ls] + bits_take(&bits, sl->len_extra[ls]);
			}
			span = (uint64_t)1 << power;
			off = (uint64_t)raw << power;
			if (off + span > pos || len > out_len - pos)
				return WP_EFORMAT;
			{
				uint8_t *o = out + pos;
				const uint8_t *m = o - off;
				const uint8_t *os = o - (size_t)span, *ms = m - (size_t)span;
				uint32_t k;
				for (k = 0; k < len; k++)
					o[k] = (uint8_t)(m[k] + os[k] - ms[k]);
			}
			pos += len;
			delta_hide = 1;
			lz_hide = 0;
		}
	}
	if (bits.bad || bits.pad > bits.avail)
		return WP_EFORMAT;
	return WP_OK;
}

/* Decompress one LZMS chunk of exactly out_len bytes, state in ws. */
int lzms_decompress_ws(const void *in, size_t in_len, void *out, size_t out_len,
		       struct wp_dscratch *ws)
{
	struct lzms_state *s;
	unsigned noff;
	size_t need;
	uint8_t *mem;
	int rc;

	if (out_len == 0)
		return WP_OK;
	if (!in || !out)
		return WP_EINVAL;
	if (out_len > LZMS_MAX_OUT)
		return WP_EUNSUPP;
	if (in_len < 4 || (in_len & 1))
		return WP_EFORMAT;

	noff = num_offset_slots(out_len);
	{
		unsigned no = noff ? noff : 1;
		need = sizeof(*s) +
		       (huff_cap(LZMS_NUM_LIT_SYMS, LIT_TBITS) + LZMS_NUM_LIT_SYMS +
			huff_cap(LZMS_NUM_LEN_SYMS, LEN_TBITS) + LZMS_NUM_LEN_SYMS +
			2 * (huff_cap(no, OFF_TBITS) + no) +
			huff_cap(LZMS_NUM_POW_SYMS, POW_TBITS) + LZMS_NUM_POW_SYMS) *
			       sizeof(uint32_t);
	}
	s = wp_dscratch_get(ws, need);
	if (!s)
		return WP_ENOMEM;
	slots_expand(s->slots.off_base, s->slots.off_extra, off_runs, sizeof(off_runs),
		     OFF_END);
	slots_expand(s->slots.len_base, s->slots.len_extra, len_runs, sizeof(len_runs),
		     LEN_END);

	probs_init(s->main_p, 16);
	probs_init(s->match_p, 32);
	probs_init(s->lz_p, 64);
	probs_init(&s->lzrep_p[0][0], 128);
	probs_init(s->delta_p, 64);
	probs_init(&s->deltarep_p[0][0], 128);

	mem = (uint8_t *)(s + 1);
	huff_init(&s->lit, LZMS_NUM_LIT_SYMS, LIT_TBITS, 1024, &mem, &s->build);
	huff_init(&s->lzoff, noff, OFF_TBITS, 1024, &mem, &s->build);
	huff_init(&s->len, LZMS_NUM_LEN_SYMS, LEN_TBITS, 512, &mem, &s->build);
	huff_init(&s->doff, noff, OFF_TBITS, 1024, &mem, &s->build);
	huff_init(&s->pow, LZMS_NUM_POW_SYMS, POW_TBITS, 512, &mem, &s->build);

	rc = lzms_items(s, in, in_len, out, out_len);
	if (rc == WP_OK)
		x86_undo(out, (int32_t)out_len, s->x86_last);
	wp_dscratch_put(ws, s);
	return rc;
}

/* Decompress one LZMS chunk of exactly out_len bytes. */
int lzms_decompress(const void *in, size_t in_len, void *out, size_t out_len)
{
	return lzms_decompress_ws(in, in_len, out, out_len, NULL);
}
