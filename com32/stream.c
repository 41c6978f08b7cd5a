/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stream.c - the BIOS build's memory for files of unannounced size
 * (winpe_stream_grab/trim in module/winpe.h).  syslinux's BIOS heap spans
 * the free memory of its memory map, so the largest block malloc can give is
 * found by bisection; it is reserved less WINPE_STREAM_HEADROOM (left for
 * the network stack and later allocations), and after the transfer
 * syslinux's realloc cuts it down in place (a smaller size never moves a
 * block: the rest becomes a free block behind it).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include "winpe.h"

#define GRAIN 65536u /* bisection resolution */

/* Reserve the largest malloc block less the headroom; NULL if too small. */
void *winpe_stream_grab(uint64_t *cap)
{
	size_t lo = 0, hi = 0xFFFFF000u, mid;
	void *p;

	while (hi - lo > GRAIN) {
		mid = lo + (hi - lo) / 2;
		p = malloc(mid);
		if (p) {
			free(p);
			lo = mid;
		} else {
			hi = mid;
		}
	}
	if (lo < WINPE_STREAM_HEADROOM + GRAIN)
		return NULL;
	*cap = lo - WINPE_STREAM_HEADROOM;
	return malloc((size_t)*cap);
}

/* Cut the block to used bytes; syslinux's realloc does that in place. */
void *winpe_stream_trim(void *p, uint64_t used)
{
	void *q = realloc(p, used ? (size_t)used : 1);

	return q ? q : p;
}

/* The BIOS block is already the largest there is: it cannot grow. */
void *winpe_stream_grow(void *p, uint64_t *cap)
{
	return NULL;
}

/* The BIOS build's blocks are plain malloc'd memory: free() them. */
bool winpe_stream_free(void *p)
{
	return false;
}
