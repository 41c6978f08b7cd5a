/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dscratch.c - the decoders' reusable scratch memory (struct wp_dscratch in
 * decomp.h): one block per reader instead of a malloc per chunk.
 */
#include "decomp.h"

/* Scratch of at least size bytes: ws's block (grown if needed), or a fresh
 * malloc when ws is NULL.  NULL when out of memory. */
void *wp_dscratch_get(struct wp_dscratch *ws, size_t size)
{
	if (!ws)
		return malloc(size);
	if (ws->p && ws->size >= size)
		return ws->p;
	free(ws->p);
	ws->p = malloc(size);
	ws->size = ws->p ? size : 0;
	return ws->p;
}

/* Done with p from wp_dscratch_get: freed only if it was not ws's block. */
void wp_dscratch_put(struct wp_dscratch *ws, void *p)
{
	if (!ws)
		free(p);
}

/* Release ws's block (ws stays usable). */
void wp_dscratch_free(struct wp_dscratch *ws)
{
	free(ws->p);
	ws->p = NULL;
	ws->size = 0;
}
