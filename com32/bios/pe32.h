/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pe32.h - minimal PE32 loader for the boot manager (BIOS): validate and
 * build the in-memory image (+ a verbatim copy of the file) in a buffer that
 * the shuffle later moves to ImageBase.  No relocations are applied.
 */
#ifndef WP_BIOS_PE32_H
#define WP_BIOS_PE32_H
#include "wp.h"

struct pe32_image {
	uint32_t base;      /* ImageBase */
	uint32_t entry;     /* absolute entry address */
	uint32_t img_len;   /* image length, SectionAlignment-rounded */
	uint32_t total_len; /* img_len + raw file length (BOOT APP pe_len) */
	uint8_t *buf;       /* malloc'd, total_len bytes */
};

/* Validate `data` as a PE32 (i386) image named `name` and load it. */
int pe32_load(const char *name, const uint8_t *data, uint64_t size,
	      struct pe32_image *img, struct wp_err *err);

#endif
