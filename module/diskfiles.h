/* SPDX-License-Identifier: GPL-2.0-or-later */
/* diskfiles.h - the vdisk file table of a fetched set (both firmwares). */
#ifndef WINPE_DISKFILES_H
#define WINPE_DISKFILES_H
#include "winpe.h"

/*
 * Build the virtual disk over the set's visible files.  dst (may be NULL)
 * gives each file's final address when the hand-off moves file data:
 * every extent address inside a file's data is relocated with it.
 */
int diskfiles_build(const struct winpe_set *set, const uint64_t *dst,
		    struct vdisk **vd, struct wp_err *err);

#endif
