/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * diskfiles.h - FILE[@NAME] arguments of winpe-disk turned into the file
 * table of a virtual disk, backed by host memory (mmap).
 */
#ifndef WP_DISKFILES_H
#define WP_DISKFILES_H
#include "vdisk.h"

struct diskfiles {
	struct vdisk_file *files;
	struct vdisk_extent *ext;
	void **maps;
	unsigned n;
};

/* Map every FILE[@NAME] argument; prints the error and returns -1 on failure. */
int diskfiles_load(struct diskfiles *df, int argc, char **argv);
void diskfiles_free(struct diskfiles *df);
/* Build the disk from the loaded files; prints the error on failure. */
int diskfiles_build(const struct diskfiles *df, struct vdisk **vd);

#endif
