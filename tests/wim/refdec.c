/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * refdec.c - reference decoders for cross-checking the WIM reader: the
 * decomp.h chunk decoders implemented with libwim's decompressors.  Linked
 * (as weak definitions, ahead of libcore.a) only into the *-refdec test
 * binaries, whose results are labelled "refdec"; never into the product.
 */
#include <wimlib.h>
#include "decomp.h"

/* A libwim decompressor for (type, at least size) kept between calls. */
static struct wimlib_decompressor *get(int type, size_t size)
{
	static struct wimlib_decompressor *d[4];
	static size_t cap[4];
	size_t want = 1;

	while (want < size)
		want <<= 1;
	if (type == WIMLIB_COMPRESSION_TYPE_XPRESS && want < 65536)
		want = 65536;
	if (d[type] && cap[type] != want) {
		wimlib_free_decompressor(d[type]);
		d[type] = NULL;
	}
	if (!d[type] && wimlib_create_decompressor((enum wimlib_compression_type)type,
						   want, &d[type]))
		return NULL;
	cap[type] = want;
	return d[type];
}

/* XPRESS chunk via libwim. */
__attribute__((weak)) int xpress_decompress(const void *in, size_t in_len,
					    void *out, size_t out_len)
{
	struct wimlib_decompressor *d = get(WIMLIB_COMPRESSION_TYPE_XPRESS, out_len);

	return d && !wimlib_decompress(in, in_len, out, out_len, d) ? 0 : WP_EFORMAT;
}

/* LZX chunk via libwim (window = the chunk size). */
__attribute__((weak)) int lzx_decompress(const void *in, size_t in_len,
					 void *out, size_t out_len,
					 uint32_t window)
{
	struct wimlib_decompressor *d = get(WIMLIB_COMPRESSION_TYPE_LZX, window);

	return d && !wimlib_decompress(in, in_len, out, out_len, d) ? 0 : WP_EFORMAT;
}

/* LZMS chunk via libwim. */
__attribute__((weak)) int lzms_decompress(const void *in, size_t in_len,
					  void *out, size_t out_len)
{
	struct wimlib_decompressor *d = get(WIMLIB_COMPRESSION_TYPE_LZMS, out_len);

	return d && !wimlib_decompress(in, in_len, out, out_len, d) ? 0 : WP_EFORMAT;
}
