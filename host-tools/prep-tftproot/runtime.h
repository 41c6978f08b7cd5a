/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runtime.h - the syslinux runtime (BIOS and efi64, with menu.c32) and both
 * winpe.c32 builds in ROOT, installed like the image tree: every file that
 * changes, and the changed pxelinux configs, are first written complete into
 * ROOT/.prep-tftproot.runtime.new, then renamed into place (renames inside
 * one file system need no space or inodes).
 */
#ifndef PT_RUNTIME_H
#define PT_RUNTIME_H
#include "wp.h"
#include <limits.h>
#include <stdint.h>

#define RT_MAX 24
#define RT_STAGE_NAME ".prep-tftproot.runtime.new"

/* One runtime file: source on the host, destination relative to ROOT. */
struct rtfile {
	char src[PATH_MAX];
	const char *dst;
};

/* One run's staged install. */
struct rtstage {
	char dir[PATH_MAX];          /* ROOT/RT_STAGE_NAME while it exists, else "" */
	struct {
		char staged[PATH_MAX + 32];
		char dst[PATH_MAX + 32];
	} item[RT_MAX];
	int n;
};

/* The runtime files, with both winpe.c32 builds from module_dir. Returns the count. */
int runtime_list(const char *module_dir, struct rtfile *f);
/* Every source is readable and no file in root differs from its source
 * (unless force); *bytes = the 4 KiB blocks the changed files take. */
int runtime_check(const char *root, const struct rtfile *f, int n, int force, uint64_t *bytes,
		  struct wp_err *e);
/* Create the staging directory ROOT/RT_STAGE_NAME (a stale one must be gone). */
int runtime_stage_begin(struct rtstage *s, const char *root, struct wp_err *e);
/* Stage the runtime files that differ from what root holds. */
int runtime_stage_files(struct rtstage *s, const char *root, const struct rtfile *f, int n,
			struct wp_err *e);
/* Stage data (written complete and synced) to be renamed to dst on commit. */
int runtime_stage_data(struct rtstage *s, const char *dst, const void *data, size_t len,
		       struct wp_err *e);
/* Rename every staged file into place, drop the staging directory; *changed
 * = the number of files renamed. */
int runtime_commit(struct rtstage *s, int *changed, struct wp_err *e);

#endif
