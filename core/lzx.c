/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lzx.c - LZX decompression, WIM variant: one independent chunk per call,
 * window = chunk size (32 KiB .. 2 MiB), no stream header, E8 call
 * translation always undone with the magic size 12000000.
 */
#include "decomp.h"
#include "huffman.h"
#include "lzcopy.h"

#define LZX_MAX_SLOTS	50
#define LZX_MAIN_MAX	(256 + 8 * LZX_MAX_SLOTS)
#define LZX_LEN_SYMS	249
#define LZX_PRE_SYMS	20
#define LZX_ALN_SYMS	8
#define LZX_MAX_LEN	16

#define MAIN_ROOT	11
#define LEN_ROOT	10
#define PRE_ROOT	6
#define ALN_ROOT	7
/* Complete codes need at most root + nsyms * 2^d / (d + 1) entries, d = max - root. */
#define MAIN_CAP	((1u << MAIN_ROOT) + LZX_MAIN_MAX * 32u / 6u + 1u)
#define LEN_CAP		((1u << LEN_ROOT) + LZX_LEN_SYMS * 64u / 7u + 1u)
#define PRE_CAP		((1u << PRE_ROOT) + LZX_PRE_SYMS * 512u / 10u + 1u)
#define ALN_CAP		(1u << ALN_ROOT)

#define LZX_E8_MAGIC	12000000

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "lzx_find_e8 assumes little-endian word loads"
#endif

/* Per-call decoder state (scratch memory: keeps stack frames small). */
struct lzx_state {
	uint32_t main_t[MAIN_CAP];
	uint32_t len_t[LEN_CAP];
	uint32_t pre_t[PRE_CAP];
	uint32_t aln_t[ALN_CAP];
	uint8_t main_lens[LZX_MAIN_MAX];
	uint8_t len_lens[LZX_LEN_SYMS];
	uint8_t pre_lens[LZX_PRE_SYMS];
	uint8_t aln_lens[LZX_ALN_SYMS];
	uint16_t work[LZX_MAIN_MAX];
};

/* Offset slot tables: base of the formatted offset and its extra bits. */
static const uint32_t lzx_base[LZX_MAX_SLOTS + 1] = {
	0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384,
	512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384,
	24576, 32768, 49152, 65536, 98304, 131072, 196608, 262144, 393216,
	524288, 655360, 786432, 917504, 1048576, 1179648, 1310720, 1441792,
	1572864, 1703936, 1835008, 1966080, 2097152
};
static const uint8_t lzx_extra[LZX_MAX_SLOTS] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9,
	10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, 17, 17, 17,
	17, 17, 17, 17, 17, 17, 17, 17, 17, 17, 17
};

/* ---- bit input: 16-bit little-endian words, most significant bit first ---- */

typedef unsigned long lzx_bb;	/* 32 bits on i386, 64 on x86_64 */
#define BB_BITS ((unsigned)(8 * sizeof(lzx_bb)))

struct lzx_bits {
	lzx_bb buf;		/* unread bits, left-justified */
	unsigned n;		/* number of valid bits in buf */
	const uint8_t *p, *end;	/* next input word, end of input */
	size_t over;		/* zero bytes supplied past the end */
};

/* Top up the buffer to more than BB_BITS - 16 bits (zeros past the end). */
static inline void br_fill(struct lzx_bits *b)
{
	while (b->n <= BB_BITS - 16) {
		lzx_bb w;

		if (__builtin_expect(b->end - b->p >= 2, 1)) {
			w = (lzx_bb)(b->p[0] | b->p[1] << 8);
			b->p += 2;
		} else {
			w = 0;
			b->over += 2;
		}
		b->buf |= w << (BB_BITS - 16 - b->n);
		b->n += 16;
	}
}

/*
 * Make at least k (<= 16) bits available.  With a 64-bit buffer three words
 * go in at once, so only about every third symbol refills.
 */
static inline void br_need16(struct lzx_bits *b)
{
	if (b->n >= 16)
		return;
	if (BB_BITS == 64 && __builtin_expect(b->end - b->p >= 6, 1)) {
		b->buf |= (lzx_bb)(b->p[0] | b->p[1] << 8) << (BB_BITS - 16 - b->n);
		b->buf |= (lzx_bb)(b->p[2] | b->p[3] << 8) << (BB_BITS - 32 - b->n);
		b->buf |= (lzx_bb)(b->p[4] | b->p[5] << 8) << (BB_BITS - 48 - b->n);
		b->p += 6;
		b->n += 48;
		return;
	}
	br_fill(b);
}

/* Remove k (0..BB_BITS-1) bits from the buffer and return them. */
static inline uint32_t br_bits(struct lzx_bits *b, unsigned k)
{
	uint32_t v = (uint32_t)((b->buf >> 1) >> (BB_BITS - 1 - k));

	b->buf <<= k;
	b->n -= k;
	return v;
}

/* Fill, then read k <= 16 bits. */
static inline uint32_t br_read(struct lzx_bits *b, unsigned k)
{
	br_fill(b);
	return br_bits(b, k);
}

/* Decode one symbol with table t (root bits rb); -1 for an unused code. */
static inline int br_sym(struct lzx_bits *b, const uint32_t *t, unsigned rb)
{
	uint32_t e = t[b->buf >> (BB_BITS - rb)];

	if (__builtin_expect(e & HUFF_SUB, 0)) {
		if (e & HUFF_BAD)
			return -1;
		b->buf <<= rb;
		b->n -= rb;
		e = t[(e >> 16) + (uint32_t)(b->buf >> (BB_BITS - (e & HUFF_LEN)))];
		if (e & HUFF_SUB)
			return -1;
	}
	b->buf <<= e & HUFF_LEN;
	b->n -= e & HUFF_LEN;
	return (int)(e >> 16);
}

/* Bits consumed so far, compared with the real input length. */
static bool br_overrun(const struct lzx_bits *b, const uint8_t *start, size_t in_len)
{
	uint64_t used = ((uint64_t)(b->p - start) + b->over) * 8 - b->n;

	return used > (uint64_t)in_len * 8;
}

/* ---- code length tables ---- */

/*
 * Read code lengths lens[0..n) delta-coded against their previous values
 * through a freshly transmitted 20-symbol pretree.
 */
static int lzx_read_lens(struct lzx_state *s, struct lzx_bits *b, uint8_t *lens, unsigned n)
{
	unsigned i, run;
	int sym, v;

	for (i = 0; i < LZX_PRE_SYMS; i++)
		s->pre_lens[i] = (uint8_t)br_read(b, 4);
	if (huff_build(s->pre_t, PRE_CAP, PRE_ROOT, s->pre_lens, LZX_PRE_SYMS, 15,
		       HUFF_COMPLETE, s->work))
		return WP_EFORMAT;
	for (i = 0; i < n;) {
		br_need16(b);
		sym = br_sym(b, s->pre_t, PRE_ROOT);
		if (sym < 0)
			return WP_EFORMAT;
		if (sym < 17) {
			v = lens[i] - sym;
			lens[i++] = (uint8_t)(v < 0 ? v + 17 : v);
			continue;
		}
		if (sym == 17) {
			run = 4 + br_read(b, 4);
			v = 0;
		} else if (sym == 18) {
			run = 20 + br_read(b, 5);
			v = 0;
		} else {
			run = 4 + br_read(b, 1);
			br_need16(b);
			sym = br_sym(b, s->pre_t, PRE_ROOT);
			if (sym < 0 || sym > 16)
				return WP_EFORMAT;
			v = lens[i] - sym;
			if (v < 0)
				v += 17;
		}
		/* A run past the end is tolerated; the excess is dropped. */
		while (run-- && i < n)
			lens[i++] = (uint8_t)v;
	}
	return WP_OK;
}

/*
 * First 0xE8 byte in [p, stop), or stop.  With SSE2 (x86_64 host, efi64)
 * 16 bytes at a time, then (and otherwise) a machine word at a time:
 * the lowest flagged byte of the zero-byte test is exact (a borrow can only
 * flag bytes above a true match).
 */
static inline uint8_t *lzx_find_e8(uint8_t *p, uint8_t *stop)
{
	const unsigned long ones = (unsigned long)-1 / 255, e8 = ones * 0xE8;

#if defined(__SSE2__)
	/* 16 bytes a time with GCC vector extensions (no intrinsics header) */
	typedef uint8_t v16 __attribute__((vector_size(16)));
	while ((size_t)(stop - p) >= 16) {
		v16 v, m;
		uint64_t lo, hi;

		memcpy(&v, p, 16);
		m = (v16)(v == 0xE8);
		memcpy(&lo, &m, 8);
		memcpy(&hi, (const uint8_t *)&m + 8, 8);
		if (lo)
			return p + (__builtin_ctzll(lo) >> 3);
		if (hi)
			return p + 8 + (__builtin_ctzll(hi) >> 3);
		p += 16;
	}
#endif

	while ((size_t)(stop - p) >= sizeof(unsigned long)) {
		unsigned long w, m;

		memcpy(&w, p, sizeof(w));
		w ^= e8;
		m = (w - ones) & ~w & (ones << 7);
		if (m)
			return p + (__builtin_ctzl(m) >> 3);
		p += sizeof(w);
	}
	while (p < stop && *p != 0xE8)
		p++;
	return p;
}

/* Undo the E8 call translation on a decompressed chunk. */
static void lzx_undo_e8(uint8_t *data, size_t size)
{
	uint8_t *p = data, *stop;

	if (size <= 10)
		return;
	stop = data + size - 10;
	while (p < stop) {
		/* no memchr(): libcom32's only ever looks at the first byte */
		uint8_t *q = lzx_find_e8(p, stop);
		int32_t v, pos;

		if (q == stop)
			break;
		pos = (int32_t)(q - data);
		v = (int32_t)wp_le32(q + 1);
		/* branch-free: the operand is always stored, changed or not */
		if (v >= -pos && v < LZX_E8_MAGIC)
			v = v >= 0 ? v - pos : v + LZX_E8_MAGIC;
		wp_put32(q + 1, (uint32_t)v);
		p = q + 5;
	}
}

/* Number of offset slots for a window, 0 if the window is not allowed. */
static unsigned lzx_slots(uint32_t window)
{
	unsigned s;

	if (window < 32768 || window > 2097152 || (window & (window - 1)))
		return 0;
	for (s = 0; lzx_base[s] < window; s++)
		;
	return s;
}

/*
 * Decode the symbols of a verbatim or aligned block from *op up to bend (the
 * last match may run past bend, never past end); *op receives the new end.
 */
static int lzx_block(struct lzx_state *s, struct lzx_bits *bp, uint8_t *out, uint8_t **op,
		     uint8_t *bend, uint8_t *end, bool aligned, uint32_t *rep)
{
	uint32_t r0 = rep[0], r1 = rep[1], r2 = rep[2];
	uint8_t *o = *op;
	/* a local copy: output stores cannot alias it, so it stays in registers */
	struct lzx_bits bits = *bp, *b = &bits;

	while (o < bend) {
		uint32_t len, slot, offset;
		int sym;

		br_need16(b);
		sym = br_sym(b, s->main_t, MAIN_ROOT);
		if (sym < 256) {
			if (sym < 0)
				return WP_EFORMAT;
			*o++ = (uint8_t)sym;
			continue;
		}
		sym -= 256;
		len = (uint32_t)sym & 7;
		slot = (uint32_t)sym >> 3;
		if (len == 7) {
			int l;
			br_need16(b);
			l = br_sym(b, s->len_t, LEN_ROOT);
			if (l < 0)
				return WP_EFORMAT;
			len += (uint32_t)l;
		}
		len += 2;
		if (slot < 3) {
			if (slot == 0) {
				offset = r0;
			} else if (slot == 1) {
				offset = r1;
				r1 = r0;
				r0 = offset;
			} else {
				offset = r2;
				r2 = r0;
				r0 = offset;
			}
		} else {
			unsigned nb = lzx_extra[slot];
			uint32_t v;

			br_fill(b);
			if (aligned && nb >= 3) {
				int a;
				v = br_bits(b, nb - 3) << 3;
				if (BB_BITS < 64)
					br_fill(b);
				a = br_sym(b, s->aln_t, ALN_ROOT);
				if (a < 0)
					return WP_EFORMAT;
				v += (uint32_t)a;
			} else {
				v = br_bits(b, nb);
			}
			offset = lzx_base[slot] + v - 2;
			r2 = r1;
			r1 = r0;
			r0 = offset;
		}
		if (offset > (size_t)(o - out) || len > (size_t)(end - o))
			return WP_EFORMAT;
		lz_copy(o, offset, len, end);
		o += len;
	}
	rep[0] = r0;
	rep[1] = r1;
	rep[2] = r2;
	*op = o;
	*bp = bits;
	return WP_OK;
}

/* Decode one uncompressed block of size bytes at o; realigns the bit input. */
static int lzx_raw_block(struct lzx_bits *b, const uint8_t *in, size_t in_len,
			 uint8_t *o, size_t size, uint32_t *rep)
{
	uint64_t used = ((uint64_t)(b->p - in) + b->over) * 8 - b->n;
	size_t pos;
	unsigned i;

	/* Skip to the next 16-bit boundary, or a whole word if already aligned. */
	if (used % 16)
		used += 16 - used % 16;
	else
		used += 16;
	if (used / 8 > in_len)
		return WP_EFORMAT;
	pos = (size_t)(used / 8);
	if (pos > in_len || in_len - pos < 12 || in_len - pos - 12 < size)
		return WP_EFORMAT;
	for (i = 0; i < 3; i++) {
		rep[i] = wp_le32(in + pos + 4 * i);
		if (!rep[i])
			return WP_EFORMAT;
	}
	pos += 12;
	memcpy(o, in + pos, size);
	pos += size + (size & 1);
	if (pos > in_len)
		pos = in_len;	/* a missing pad byte at the very end is harmless */
	b->p = in + pos;
	b->buf = 0;
	b->n = 0;
	b->over = 0;
	return WP_OK;
}

/* Decompress one WIM LZX chunk of exactly out_len bytes, state in ws. */
int lzx_decompress_ws(const void *in, size_t in_len, void *out, size_t out_len,
		      uint32_t window, struct wp_dscratch *ws)
{
	const uint8_t *ip = in;
	uint8_t *o = out, *end = o + out_len;
	unsigned slots = lzx_slots(window), nmain = 256 + 8 * slots;
	uint32_t rep[3] = { 1, 1, 1 };
	struct lzx_bits b;
	struct lzx_state *s;
	int rc = WP_OK;

	if (!slots || out_len > window)
		return WP_EINVAL;
	if (!out_len)
		return WP_OK;
	s = wp_dscratch_get(ws, sizeof(*s));
	if (!s)
		return WP_ENOMEM;
	memset(s->main_lens, 0, sizeof(s->main_lens));
	memset(s->len_lens, 0, sizeof(s->len_lens));
	b.buf = 0;
	b.n = 0;
	b.p = ip;
	b.end = ip + in_len;
	b.over = 0;

	while (o < end) {
		unsigned type = br_read(&b, 3);
		size_t size;

		if (br_read(&b, 1)) {
			size = 32768;
		} else {
			size = br_read(&b, 16);
			if (window >= 65536)
				size = size << 8 | br_read(&b, 8);
		}
		if (!size || br_overrun(&b, ip, in_len)) {
			rc = WP_EFORMAT;
			break;
		}
		if (size > (size_t)(end - o))
			size = (size_t)(end - o);	/* never write past the chunk */
		if (type == 3) {
			rc = lzx_raw_block(&b, ip, in_len, o, size, rep);
			if (rc)
				break;
			o += size;
			continue;
		}
		if (type != 1 && type != 2) {
			rc = WP_EFORMAT;
			break;
		}
		if (type == 2) {
			unsigned i;
			for (i = 0; i < LZX_ALN_SYMS; i++)
				s->aln_lens[i] = (uint8_t)br_read(&b, 3);
			rc = huff_build(s->aln_t, ALN_CAP, ALN_ROOT, s->aln_lens,
					LZX_ALN_SYMS, 7, HUFF_COMPLETE, s->work);
			if (rc)
				break;
		}
		if ((rc = lzx_read_lens(s, &b, s->main_lens, 256)) ||
		    (rc = lzx_read_lens(s, &b, s->main_lens + 256, nmain - 256)) ||
		    (rc = huff_build(s->main_t, MAIN_CAP, MAIN_ROOT, s->main_lens,
				     nmain, LZX_MAX_LEN, HUFF_COMPLETE, s->work)) ||
		    (rc = lzx_read_lens(s, &b, s->len_lens, LZX_LEN_SYMS)) ||
		    (rc = huff_build(s->len_t, LEN_CAP, LEN_ROOT, s->len_lens,
				     LZX_LEN_SYMS, LZX_MAX_LEN, HUFF_COMPLETE, s->work))) {
			rc = WP_EFORMAT;
			break;
		}
		rc = lzx_block(s, &b, out, &o, o + size, end, type == 2, rep);
		if (rc)
			break;
		if (br_overrun(&b, ip, in_len)) {
			rc = WP_EFORMAT;
			break;
		}
	}
	wp_dscratch_put(ws, s);
	if (rc)
		return rc;
	lzx_undo_e8(out, out_len);
	return WP_OK;
}

/* Decompress one WIM LZX chunk of exactly out_len bytes. */
int lzx_decompress(const void *in, size_t in_len, void *out, size_t out_len,
		   uint32_t window)
{
	return lzx_decompress_ws(in, in_len, out, out_len, window, NULL);
}
