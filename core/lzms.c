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
 * 512/1024 symbols (lzms_huff.c).  Finally an x86 filter (lzms_x86.c) turns
 * absolute call/jump/rip targets back into relative ones.
 *
 * Everything big lives in one state block (the caller's scratch, or malloc'd
 * per call); reads and writes are bounded;
 * any inconsistency returns WP_EFORMAT.
 */
#include "lzms_int.h"

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

/* Slot tables: base value and number of extra bits of each slot. */
struct lzms_slots {
	uint32_t off_base[LZMS_MAX_OFF_SYMS + 1];
	uint8_t off_extra[LZMS_MAX_OFF_SYMS];
	uint32_t len_base[LZMS_NUM_LEN_SYMS + 1];
	uint8_t len_extra[LZMS_NUM_LEN_SYMS];
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
/* ---- adaptive Huffman codes (built by lzms_huff.c) -------------------------- */

/* Rebuild h from its counts, then halve the counts (keeping them >= 1). */
static __attribute__((noinline)) void huff_rebuild(struct lzms_huff *h, struct lzms_build *bd)
{
	unsigned i;

	lzms_huff_lengths(h->freq, h->nsyms, bd);
	lzms_huff_table(h, bd);
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

/* ---- setup ------------------------------------------------------------------ */

/* Table entries for a complete code of n symbols with tb first bits (+ 3 spare
 * entries for lzms_huff_table's writes of 4). */
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
	lzms_huff_lengths(h->freq, h->nsyms, bd);
	lzms_huff_table(h, bd);
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
		lzms_x86_undo(out, (int32_t)out_len, s->x86_last);
	wp_dscratch_put(ws, s);
	return rc;
}

/* Decompress one LZMS chunk of exactly out_len bytes. */
int lzms_decompress(const void *in, size_t in_len, void *out, size_t out_len)
{
	return lzms_decompress_ws(in, in_len, out, out_len, NULL);
}
