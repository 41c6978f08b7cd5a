/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wimsrc.h - what prep-tftproot needs from boot.wim (wimlib): image list,
 * boot files extracted from \Windows\Boot, offline injection, boot index.
 */
#ifndef PT_WIMSRC_H
#define PT_WIMSRC_H
#include <stddef.h>
#include <stdint.h>

struct wimsrc {
	void *wim;            /* WIMStruct */
	int images;
	int boot_index;       /* from the header, 0 if none */
	int writable;
};

/* Facts about one image. */
struct wimimage {
	char name[128];       /* NAME property, "" if none */
	char arch[16];        /* "x86", "x64", "arm64", "" if unknown */
	unsigned major, build;/* WINDOWS/VERSION, 0 if unknown */
};

/* Initialise wimlib once (case-insensitive paths). */
void wimsrc_global_init(void);
/* Open a WIM file; writable opens it for in-place update. 0 or -1 + err. */
int wimsrc_open(struct wimsrc *w, const char *path, int writable, char *err, size_t cap);
/* Describe image idx (1-based). */
void wimsrc_image(const struct wimsrc *w, int idx, struct wimimage *out);
/* Is PATH a regular file in image idx? Returns 1 and its size, 0 if absent, -1 error. */
int wimsrc_stat(const struct wimsrc *w, int idx, const char *path, uint64_t *size);
/* Extract file PATH of image idx to the host file OUT (via scratch dir TMPDIR). */
int wimsrc_extract(const struct wimsrc *w, int idx, const char *path, const char *tmpdir,
		   const char *out, char *err, size_t cap);
/* Add host file SRC as WIM path DST (e.g. "\\Windows\\System32\\x") to image idx. */
int wimsrc_inject(struct wimsrc *w, int idx, const char *src, const char *dst, char *err,
		  size_t cap);
/* Make idx the boot image. */
int wimsrc_set_boot(struct wimsrc *w, int idx, char *err, size_t cap);
/* Write pending changes back into the file (wimlib overwrite). */
int wimsrc_commit(struct wimsrc *w, char *err, size_t cap);
/* Close. */
void wimsrc_close(struct wimsrc *w);

#endif
