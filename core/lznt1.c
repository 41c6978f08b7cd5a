/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lznt1.c - LZNT1 decompression (the Vista/7 bootmgr payload): chunks of at
 * most 4096 output bytes, each behind a 16-bit header (bits 0-11: data size
 * - 1, bits 12-14: signature 3, bit 15: compressed); header 0 ends the
 * stream.  Compressed chunks hold flag bytes (LSB first, 1 = back-reference)
 * and 16-bit references whose offset/length split depends on the position
 * inside the chunk.
 */
#include "decomp.h"
#include "lzcopy.h"

#define LZNT1_CHUNK 4096u

/* Decode one compressed chunk of size bytes at c; measure: write nothing. */
static inline __attribute__((always_inline)) int
lznt1_chunk(const uint8_t *c, size_t size, uint8_t *out, size_t *op, size_t limit,
	    const int measure)
{
	size_t o = *op, start = o, ip = 0;

	while (ip < size) {
		unsigned flags = c[ip++], bit;

		for (bit = 0; bit < 8 && ip < size; bit++, flags >>= 1) {
			size_t p = o - start;

			if (!(flags & 1)) {
				if (p >= LZNT1_CHUNK || o >= limit)
					return p >= LZNT1_CHUNK ? WP_EFORMAT : WP_ERANGE;
				if (!measure)
					out[o] = c[ip];
				ip++;
				o++;
			} else {
				unsigned tok, ob = 4, lb;
				size_t off, len;

				if (size - ip < 2 || p == 0)
					return WP_EFORMAT;
				tok = wp_le16(c + ip);
				ip += 2;
				while ((1u << ob) < p)
					ob++;
				lb = 16 - ob;
				off = (tok >> lb) + 1;
				len = (tok & ((1u << lb) - 1)) + 3;
				if (off > p || len > LZNT1_CHUNK - p)
					return WP_EFORMAT;
				if (len > limit - o)
					return WP_ERANGE;
				if (!measure)
					lz_copy(out + o, off, len, out + limit);
				o += len;
			}
		}
	}
	*op = o;
	return WP_OK;
}

/* The chunk loop, instantiated for measuring and for writing. */
static inline __attribute__((always_inline)) int
lznt1_stream(const uint8_t *in, size_t in_len, uint8_t *out, size_t limit,
	     size_t *out_len, const int measure)
{
	size_t pos = 0, o = 0;

	while (in_len - pos >= 2) {
		unsigned hdr = wp_le16(in + pos);
		size_t size = (hdr & 0xfff) + 1;
		int rc;

		pos += 2;
		if (!hdr)
			break;
		if (((hdr >> 12) & 7) != 3 || size > in_len - pos)
			return WP_EFORMAT;
		if (hdr & 0x8000) {
			rc = lznt1_chunk(in + pos, size, out, &o, limit, measure);
			if (rc)
				return rc;
		} else {
			if (size > LZNT1_CHUNK)
				return WP_EFORMAT;
			if (size > limit - o)
				return WP_ERANGE;
			if (!measure)
				memcpy(out + o, in + pos, size);
			o += size;
		}
		pos += size;
	}
	*out_len = o;
	return WP_OK;
}

/* Decompress an LZNT1 stream of unknown output length (out NULL: measure). */
int lznt1_decompress(const void *in, size_t in_len, void *out, size_t out_cap,
		     size_t *out_len)
{
	size_t n = 0;
	int rc;

	if (out)
		rc = lznt1_stream(in, in_len, out, out_cap, &n, 0);
	else
		rc = lznt1_stream(in, in_len, NULL, SIZE_MAX, &n, 1);
	if (out_len)
		*out_len = rc ? 0 : n;
	return rc;
}
