/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lzcopy.h - the LZ77 match copy shared by the decompressors. */
#ifndef WP_LZCOPY_H
#define WP_LZCOPY_H
#include "wp.h"

/*
 * Copy a match of len bytes starting offset bytes back (the caller checked
 * 1 <= offset <= bytes produced and o + len <= end).  Overlapping matches
 * repeat their pattern.  Uses 8-byte steps when 8 bytes of slack remain.
 */
static inline void lz_copy(uint8_t *o, size_t offset, size_t len, const uint8_t *end)
{
	const uint8_t *src = o - offset;

	if (offset >= 8 && (size_t)(end - o) >= len + 8) {
		uint8_t *stop = o + len;
		do {
			memcpy(o, src, 8);
			o += 8;
			src += 8;
		} while (o < stop);
	} else if (offset == 1) {
		memset(o, *src, len);
	} else {
		while (len--)
			*o++ = *src++;
	}
}

#endif
