/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * xpress.c - [MS-XCA] LZ77+Huffman ("XPRESS-Huffman") decompression: the
 * single-table WIM chunk (xpress_decompress) and the multi-block stream of
 * the bootmgr payload with a new table every 64 KiB of output
 * (xca_decompress).
 *
 * Input model (exactly as [MS-XCA]): a 256-byte table of 512 4-bit code
 * lengths, then 16-bit little-endian words read most significant bit first
 * into a 32-bit accumulator that always holds at least 16 valid bits; a new
 * word is loaded as soon as fewer remain.  Extra match-length bytes are read
 * from the input position just after the words loaded so far.
 */
#include "decomp.h"
#include "huffman.h"
#include "lzcopy.h"

#define XP_SYMS		512
#define XP_MAX_LEN	15
#define XP_ROOT		11
#define XP_CAP		HUFF_TABLE_SIZE(XP_SYMS, XP_ROOT, XP_MAX_LEN)
#define XP_TABLE	256
#define XP_BLOCK	65536u
#define XP_SLACK	4	/* zero bytes tolerated past the input end */

/* Decoder state (malloc'd). */
struct xp_state {
	uint32_t t[XP_CAP];
	uint8_t lens[XP_SYMS];
	uint16_t work[XP_SYMS];
};

/* Input cursor. */
struct xp_in {
	const uint8_t *in;
	size_t len, pos;	/* pos may run up to len + XP_SLACK (zeros) */
	size_t zero_from;	/* in[zero_from..len) are all zero */
	uint32_t acc;		/* left-justified bits */
	int n;			/* valid bits in acc, 16..32 between symbols */
};

/* Next 16-bit word of the bit stream (zeros past the end). */
static inline uint32_t xp_word(struct xp_in *r)
{
	uint32_t w = 0;

	if (__builtin_expect(r->pos + 2 <= r->len, 1))
		w = wp_le16(r->in + r->pos);
	else if (r->pos < r->len)
		w = r->in[r->pos];
	r->pos += 2;
	return w;
}

/*
 * Drop k (<= 16) bits and reload a word when fewer than 16 remain.  fast:
 * the caller knows the next word is inside the input (no bounds check).
 */
static inline __attribute__((always_inline)) void xp_skip(struct xp_in *r, unsigned k,
							  const int fast)
{
	r->acc <<= k;
	r->n -= (int)k;
	if (r->n < 16) {
		uint32_t w;

		if (fast) {
			w = wp_le16(r->in + r->pos);
			r->pos += 2;
		} else {
			w = xp_word(r);
		}
		r->acc |= w << (16 - r->n);
		r->n += 16;
	}
}

/* Read a table at r->pos, build the decode table, start the bit stream. */
static int xp_start_block(struct xp_state *s, struct xp_in *r)
{
	unsigned i;

	if (r->pos > r->len || r->len - r->pos < XP_TABLE)
		return WP_EFORMAT;
	for (i = 0; i < XP_TABLE; i++) {
		s->lens[2 * i] = r->in[r->pos + i] & 0x0f;
		s->lens[2 * i + 1] = r->in[r->pos + i] >> 4;
	}
	if (huff_build(s->t, XP_CAP, XP_ROOT, s->lens, XP_SYMS, XP_MAX_LEN,
		       HUFF_ANY, s->work))
		return WP_EFORMAT;
	r->pos += XP_TABLE;
	r->acc = xp_word(r) << 16;
	r->acc |= xp_word(r);
	r->n = 32;
	return WP_OK;
}

/* True when an end-of-stream symbol 256 here ends the stream. */
static bool xp_at_end(const struct xp_in *r)
{
	/* at most one byte left, or only zero padding (bootmgr containers) */
	return r->pos + 1 >= r->len || r->pos >= r->zero_from;
}

#define XP_DONE 1	/* xp_run: end-of-stream symbol seen */

/* Margin of input bytes that one item can read at most (words and length bytes). */
#define XP_ITEM_MAX_IN	16

/*
 * Decode one item (literal or match) into out at *op; matches never run
 * past limit.  xca: symbol 256 at the input end finishes the stream and
 * literals are checked against limit; measure: nothing is written (out may
 * be NULL); fast: at least XP_ITEM_MAX_IN input bytes remain at r->pos, so
 * word loads need no bounds checks.  Returns 0 to go on, XP_DONE or a
 * negative WP_E*.
 */
static inline __attribute__((always_inline)) int
xp_item(const uint32_t *t, struct xp_in *r, uint8_t *out, size_t *op, size_t limit,
	const int xca, const int measure, const int fast)
{
	uint32_t e = t[r->acc >> (32 - XP_ROOT)], sym, len, nb, offset;
	size_t o = *op;

	if (__builtin_expect(e & HUFF_SUB, 0)) {
		if (e & HUFF_BAD)
			return WP_EFORMAT;
		e = t[(e >> 16) + ((r->acc << XP_ROOT) >> (32 - (e & HUFF_LEN)))];
		if (e & HUFF_SUB)
			return WP_EFORMAT;
		e += XP_ROOT;	/* consume root + subtable bits at once */
	}
	xp_skip(r, e & HUFF_LEN, fast);
	sym = e >> 16;
	if (!fast && __builtin_expect(r->pos > r->len + XP_SLACK, 0))
		return WP_EFORMAT;	/* ran off the input */
	if (sym < 256) {
		if (xca && o >= limit)
			return WP_ERANGE;
		if (!measure)
			out[o] = (uint8_t)sym;
		*op = o + 1;
		return 0;
	}
	if (xca && sym == 256 && xp_at_end(r))
		return XP_DONE;
	sym -= 256;
	len = sym & 15;
	nb = sym >> 4;
	if (len == 15) {
		if (r->pos >= r->len)
			return WP_EFORMAT;
		len = r->in[r->pos++];
		if (len == 255) {
			if (r->len - r->pos < 2)
				return WP_EFORMAT;
			len = wp_le16(r->in + r->pos);
			r->pos += 2;
			if (len == 0) {
				if (r->len - r->pos < 4)
					return WP_EFORMAT;
				len = wp_le32(r->in + r->pos);
				r->pos += 4;
			}
			if (len < 15)
				return WP_EFORMAT;
		} else {
			len += 15;
		}
	}
	offset = 1;
	if (nb) {
		offset = (r->acc >> (32 - nb)) | 1u << nb;
		/* fast: 2 + 7 length bytes + 2 read so far at most */
		xp_skip(r, nb, fast);
	}
	len += 3;
	if (offset > o)
		return WP_EFORMAT;
	if (len < 3 || len > limit - o)	/* len < 3: u32 wrapped */
		return xca ? WP_ERANGE : WP_EFORMAT;
	if (!measure)
		lz_copy(out + o, offset, len, out + limit);
	*op = o + len;
	return 0;
}

/*
 * Decode symbols into out from *op until *op >= stop.  Matches may run past
 * stop but never past limit.  Items far from the input end take the fast
 * path.  Returns 0, XP_DONE or a negative WP_E* (see xp_item).
 */
static inline __attribute__((always_inline)) int
xp_run(const struct xp_state *s, struct xp_in *rp, uint8_t *out, size_t *op,
       size_t stop, size_t limit, const int xca, const int measure)
{
	const uint32_t *t = s->t;
	size_t o = *op;
	int rc = 0;
	/* a local copy: output stores cannot alias it, so it stays in registers */
	struct xp_in in = *rp, *r = &in;

	while (o < stop && r->pos <= r->len && r->len - r->pos >= XP_ITEM_MAX_IN) {
		rc = xp_item(t, r, out, &o, limit, xca, measure, 1);
		if (rc)
			goto done;
	}
	while (o < stop) {
		rc = xp_item(t, r, out, &o, limit, xca, measure, 0);
		if (rc)
			break;
	}
done:
	*op = o;
	*rp = in;
	return rc;
}

/* Decompress one WIM XPRESS chunk of exactly out_len bytes, state in ws. */
int xpress_decompress_ws(const void *in, size_t in_len, void *out, size_t out_len,
			 struct wp_dscratch *ws)
{
	struct xp_state *s;
	struct xp_in r = { in, in_len, 0, in_len, 0, 0 };
	size_t o = 0;
	int rc;

	if (!out_len)
		return WP_OK;
	s = wp_dscratch_get(ws, sizeof(*s));
	if (!s)
		return WP_ENOMEM;
	rc = xp_start_block(s, &r);
	if (!rc)
		rc = xp_run(s, &r, out, &o, out_len, out_len, 0, 0);
	wp_dscratch_put(ws, s);
	return rc < 0 ? rc : WP_OK;
}

/* Decompress one WIM XPRESS chunk of exactly out_len bytes. */
int xpress_decompress(const void *in, size_t in_len, void *out, size_t out_len)
{
	return xpress_decompress_ws(in, in_len, out, out_len, NULL);
}

/* Body of xca_decompress, instantiated for measuring and for writing. */
static inline __attribute__((always_inline)) int
xca_stream(struct xp_state *s, struct xp_in *r, uint8_t *out, size_t limit,
	   size_t *out_len, const int measure)
{
	size_t o = 0;
	int rc;

	for (;;) {
		if (r->pos >= r->len)
			return WP_EFORMAT;	/* input ended without end symbol */
		rc = xp_start_block(s, r);
		if (rc)
			return rc;
		rc = xp_run(s, r, out, &o, o > SIZE_MAX - XP_BLOCK ? SIZE_MAX : o + XP_BLOCK,
			    limit, 1, measure);
		if (rc < 0)
			return rc;
		if (rc == XP_DONE)
			break;
	}
	*out_len = o;
	return WP_OK;
}

/* Decompress an [MS-XCA] LZ77+Huffman stream of unknown output length. */
int xca_decompress(const void *in, size_t in_len, void *out, size_t out_cap,
		   size_t *out_len)
{
	struct xp_state *s;
	struct xp_in r = { in, in_len, 0, in_len, 0, 0 };
	size_t n = 0;
	int rc;

	while (r.zero_from && !r.in[r.zero_from - 1])
		r.zero_from--;
	s = malloc(sizeof(*s));
	if (!s)
		return WP_ENOMEM;
	if (out)
		rc = xca_stream(s, &r, out, out_cap, &n, 0);
	else
		rc = xca_stream(s, &r, NULL, SIZE_MAX, &n, 1);
	free(s);
	if (out_len)
		*out_len = rc ? 0 : n;
	return rc;
}
