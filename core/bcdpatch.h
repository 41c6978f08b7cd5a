/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bcdpatch.h - adapt a BCD store (a private copy) to how it is booted:
 * the loader and resume application paths (element 0x12000002) to .exe
 * (BIOS) or .efi (UEFI), the RAM-disk path inside the device elements
 * (0x11000001 device, 0x21000001 osdevice) to the WIM name actually
 * served, and the boot manager's timeout to 0 with a display order of the
 * default entry only.  Structured edits through core/hive.c, never a
 * string replace over the file; the regf checksum is kept valid.
 */
#ifndef WP_BCDPATCH_H
#define WP_BCDPATCH_H
#include "wp.h"

/* What was changed. */
struct bcdpatch_stats {
	unsigned paths;     /* application paths switched .exe/.efi */
	unsigned devices;   /* RAM-disk device elements pointed at the WIM */
	unsigned timeouts;  /* timeouts set to 0 */
	unsigned orders;    /* display orders reduced to the default */
};

/*
 * Patch the store in *data (malloc'd, *len bytes; it may be realloc'd when
 * a value grows).  efi selects .efi paths; wim_name is the WIM's name on the
 * virtual disk ("boot.wim" = \sources\boot.wim, or a path).  Unchanged
 * bytes when nothing needs changing.
 */
int bcdpatch(uint8_t **data, size_t *len, bool efi, const char *wim_name,
	     struct bcdpatch_stats *st, struct wp_err *err);

#endif
