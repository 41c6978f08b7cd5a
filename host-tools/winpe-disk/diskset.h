/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * diskset.h - the words of `winpe-disk ls|render` turned into the virtual
 * disk winpe.c32 would present: the APPEND words (DIR, file=, initrdfile=,
 * inject=, index=, rawbcd, rawwim, ...; core/cmdline.c) over local files,
 * plus --firmware bios|efi, then the module's own policy (core/dirplan.c,
 * core/fileset.c).  Older arguments still work: FILE[@NAME] (shown on the
 * disk, not injected, like a file of a DIR), --index N, --inject SRC[@\PATH],
 * --efi, --rawwim, --rawbcd.
 */
#ifndef WP_DISKSET_H
#define WP_DISKSET_H
#include "fileset.h"

struct diskset {
	struct fileset_file *files;
	unsigned n_files;
	enum layout_fw fw;
	void **maps;      /* the file mappings, unmapped by diskset_free */
	size_t *map_len;
	unsigned n_maps;
};

#define DISKSET_USAGE "[--firmware bios|efi] [DIR] [file=SRC[@NAME]]... " \
	"[initrdfile=SRC[@NAME],...] [inject=SRC[@\\PATH]]... [index=N] [rawbcd] [rawwim]"

/*
 * Parse the words, read the files (mmap), complete and patch the set and
 * build its disk.  Prints every message (prefixed "winpe-disk: ") and
 * returns 0, 1 (an error) or 2 (bad usage).
 */
int diskset_make(struct diskset *ds, int argc, char **argv, struct vdisk **vd);
void diskset_free(struct diskset *ds);

#endif
