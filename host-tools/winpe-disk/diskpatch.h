/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * diskpatch.h - `winpe-disk render` patching: the WIM of the file table
 * becomes the patched WIM (core/wimpatch: --index, --inject) and the BCD
 * the patched store (core/bcdpatch: BIOS or --efi), unless --rawwim /
 * --rawbcd.
 */
#ifndef WP_DISKPATCH_H
#define WP_DISKPATCH_H
#include "diskfiles.h"
#include "wimpatch.h"

struct diskpatch_opts {
	unsigned index;
	char **inject;      /* SRC[@TARGET] */
	unsigned n_inject;
	bool rawwim, rawbcd, efi;
};

struct diskpatch {
	struct diskfiles inj;
	struct wimpatch wp;
	struct vdisk_extent bcd_ext;
	uint8_t *bcd;
	/* the patched entries of the caller's table, restored by diskpatch_free
	 * (diskfiles_free unmaps by the original sizes) */
	struct diskfiles *df;
	int wim, bcd_idx;
	struct vdisk_file wim_orig, bcd_orig;
};

/* Patch the tables of df in place; prints the error and returns -1 on failure. */
int diskpatch_apply(struct diskpatch *dp, struct diskfiles *df,
		    const struct diskpatch_opts *o);
/* Restore the caller's table and free the patches (before diskfiles_free). */
void diskpatch_free(struct diskpatch *dp);

#endif
