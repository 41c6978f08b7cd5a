/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_ls.c - `winpe-disk ls WORDS...`: the tree of the virtual disk winpe.c32
 * presents for the same APPEND words (diskset.c), as the boot manager sees it
 * (read back through the FAT): path, size, 8.3 alias.
 */
#include "diskset.h"
#include "fatwalk.h"

/* Print one entry of the tree. */
static int print_ent(void *ctx, const char *path, const struct fatwalk_ent *e)
{
	if (e->attr & 0x10)
		printf("%-60s %12s  %s\n", path, "<DIR>", e->sfn);
	else
		printf("%-60s %12u  %s\n", path, e->size, e->sfn);
	return 0;
}

/* Entry point of `winpe-disk ls`. */
int cmd_ls(int argc, char **argv)
{
	struct diskset ds;
	struct vdisk *vd = NULL;
	struct fatwalk w;
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: winpe-disk ls " DISKSET_USAGE "\n");
		return 2;
	}
	rc = diskset_make(&ds, argc - 1, argv + 1, &vd);
	if (!rc && (rc = fatwalk_open(&w, vd, NULL) ? 1 : 0))
		fprintf(stderr, "winpe-disk: cannot read back the disk it built\n");
	if (!rc) {
		printf("disk: %llu sectors, partition at LBA %u (%u sectors), "
		       "signature %08x\n", (unsigned long long)vdisk_sectors(vd),
		       vdisk_part_start(vd), vdisk_part_sectors(vd),
		       vdisk_mbr_signature(vd));
		rc = fatwalk_tree(&w, print_ent, NULL) ? 1 : 0;
	}
	free(vd);
	diskset_free(&ds);
	return rc;
}
