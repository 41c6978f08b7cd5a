/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wimpatch_int.h - internals of the WIM patcher shared by wimpatch.c
 * (header, lookup table, extents), wimpatch_meta.c (the new image's
 * directory tree) and wimpatch_xml.c (the new XML data).
 */
#ifndef WP_WIMPATCH_INT_H
#define WP_WIMPATCH_INT_H
#include "wimpatch.h"
#include "wim_int.h"

/* What the new image has more than the one it was copied from. */
struct wimpatch_counts {
	uint64_t new_files;    /* injected dentries written */
	uint64_t replaced_files; /* original files they replace */
	uint64_t new_dirs;     /* directories created */
	uint64_t added_bytes;  /* sizes of the injected files */
	uint64_t removed_bytes;/* sizes of the files they replace */
};

/* Round v up to a multiple of 8. */
static inline uint64_t wimpatch_align8(uint64_t v)
{
	return (v + 7) & ~(uint64_t)7;
}

/*
 * Build the new metadata resource: a copy of the selected image's metadata
 * (w->md) with the target directories' child lists rewritten.  hashes holds
 * the SHA-1 of every file (zero for empty ones).
 */
int wimpatch_meta(struct wim *w, const struct wimpatch_file *files,
		  unsigned n, const uint8_t (*hashes)[20], uint8_t **md,
		  size_t *md_len, struct wimpatch_counts *c, struct wp_err *err);

/*
 * Build the new XML data: all IMAGE elements of xml plus a copy of image
 * `index` as image n_images + 1 with its counts updated, and the WIM-level
 * TOTALBYTES set to total_bytes.
 */
int wimpatch_xml(const uint8_t *xml, size_t len, unsigned index,
		 unsigned n_images, const struct wimpatch_counts *c,
		 uint64_t total_bytes, uint8_t **out, size_t *out_len,
		 const char *name, struct wp_err *err);

#endif
