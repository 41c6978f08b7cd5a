/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fatwalk.h - a small independent FAT32 reader over vdisk_read(): walks the
 * tree and reads files by following the FAT, the way a boot manager does.
 * Used by `winpe-disk ls` and by the vdisk tests as a second opinion.
 */
#ifndef WP_FATWALK_H
#define WP_FATWALK_H
#include "vdisk.h"

struct fatwalk {
	const struct vdisk *vd;
	const struct vdisk_io *io;
	uint32_t part, spc, fat_start, data_start, root, n_clusters;
	uint32_t fat_cached;         /* FAT sector in fatbuf, or UINT32_MAX */
	uint8_t fatbuf[512];
};

/* One directory entry as a FAT driver sees it. */
struct fatwalk_ent {
	char name[1024];             /* UTF-8 long name, else the 8.3 name */
	char sfn[13];                /* "NAME.EXT" */
	bool has_lfn;
	uint8_t attr;
	uint32_t cluster, size;
};

/* Parse the MBR and the VBR; -1 with a message on stderr when malformed. */
int fatwalk_open(struct fatwalk *w, const struct vdisk *vd, const struct vdisk_io *io);
/* FAT entry of cluster c (0 on error). */
uint32_t fatwalk_next(struct fatwalk *w, uint32_t c);
/* Read a file of size bytes starting at cluster first into buf (chain checked). */
int fatwalk_read(struct fatwalk *w, uint32_t first, uint32_t size, uint8_t *buf);
/* Entries of the directory at cluster first (without '.'/'..'); malloc'd array. */
int fatwalk_readdir(struct fatwalk *w, uint32_t first, struct fatwalk_ent **ents,
		    unsigned *n);
/* Call cb for every entry of the tree, depth first; path uses '\'. */
int fatwalk_tree(struct fatwalk *w,
		 int (*cb)(void *ctx, const char *path, const struct fatwalk_ent *e),
		 void *ctx);

#endif
