/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wim.h - read-only WIM reader: header, lookup table, image metadata,
 * case-insensitive path lookup and streamed reads of any blob, for
 * uncompressed, XPRESS, LZX, LZMS and solid resources.
 */
#ifndef WP_WIM_H
#define WP_WIM_H
#include "wp.h"

struct wim;

/* A located file (its unnamed data stream). */
struct wim_file {
	uint64_t size;
	uint8_t sha1[20];
	uint32_t attributes;
	int blob;        /* index of the blob in the reader's table, -1 if empty */
};

/* Open a WIM on a byte source; the source must outlive the reader. */
int wim_open(struct wim **w, const struct wp_src *src, const char *name,
	     struct wp_err *err);
void wim_close(struct wim *w);
unsigned wim_image_count(const struct wim *w);
unsigned wim_boot_index(const struct wim *w); /* 1-based, 0 = none */
/* The XML data (UTF-16LE, as stored; at most 64 MiB) into malloc'd *xml. */
int wim_read_xml(struct wim *w, uint8_t **xml, size_t *len, struct wp_err *err);
/* Load image `index` (1-based; 0 = boot index, else 1) for lookups. */
int wim_select_image(struct wim *w, unsigned index, struct wp_err *err);
/* Find "\Windows\Boot\PXE\bootmgr.exe" ('\' or '/', any case) in the image. */
int wim_lookup(struct wim *w, const char *path, struct wim_file *f,
	       struct wp_err *err);
/* Read len bytes at off of a file's data (decompressing only what is needed). */
int wim_read(struct wim *w, const struct wim_file *f, uint64_t off, void *buf,
	     size_t len, struct wp_err *err);
/*
 * Call fn for every file and directory of the selected image (full path,
 * UTF-8, "\dir\name", parents before children; the root is not reported).
 * A non-zero return of fn stops the walk and is returned.  A file whose blob
 * is missing from the lookup table has blob -1, size 0 and a non-zero sha1.
 */
int wim_walk(struct wim *w,
	     int (*fn)(void *ctx, const char *path, const struct wim_file *f),
	     void *ctx, struct wp_err *err);

#endif
