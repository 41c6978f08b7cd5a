/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * decomp.h - the decompressors of the core, one file each.
 *
 * Every decoder bounds every read and write: it never writes past out_len /
 * out_cap, never reads past in_len, and returns WP_EFORMAT on malformed input.
 */
#ifndef WP_DECOMP_H
#define WP_DECOMP_H
#include "wp.h"

/*
 * Scratch memory a WIM chunk decoder keeps between calls, one per reader
 * (zeroed before first use; wp_dscratch_free releases it).  It grows to the
 * largest state asked for: LZMS about 400 KiB, LZX and XPRESS under 40 KiB.
 * The *_ws decoders take one; with ws == NULL, like the plain functions,
 * they malloc and free their state per call.
 */
struct wp_dscratch {
	void *p;
	size_t size;
};
void *wp_dscratch_get(struct wp_dscratch *ws, size_t size);
void wp_dscratch_put(struct wp_dscratch *ws, void *p);
void wp_dscratch_free(struct wp_dscratch *ws);

/* WIM chunk formats: decode exactly out_len bytes (one independent chunk). */
int xpress_decompress(const void *in, size_t in_len, void *out, size_t out_len);
/* window: the WIM chunk size (32 KiB .. 2 MiB, power of two) */
int lzx_decompress(const void *in, size_t in_len, void *out, size_t out_len,
		   uint32_t window);
int lzms_decompress(const void *in, size_t in_len, void *out, size_t out_len);
int xpress_decompress_ws(const void *in, size_t in_len, void *out, size_t out_len,
			 struct wp_dscratch *ws);
int lzx_decompress_ws(const void *in, size_t in_len, void *out, size_t out_len,
		      uint32_t window, struct wp_dscratch *ws);
int lzms_decompress_ws(const void *in, size_t in_len, void *out, size_t out_len,
		       struct wp_dscratch *ws);

/*
 * bootmgr payload formats: the output length is not known in advance.  With
 * out == NULL they only measure.  *out_len receives the decoded length.
 */
int lznt1_decompress(const void *in, size_t in_len, void *out, size_t out_cap,
		     size_t *out_len);
/* [MS-XCA] LZ77+Huffman stream: a new 256-byte table every 64 KiB of output. */
int xca_decompress(const void *in, size_t in_len, void *out, size_t out_cap,
		   size_t *out_len);

#endif
