/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * runtime.c - staged install of the syslinux runtime (see runtime.h).
 */
#define _GNU_SOURCE
#include "runtime.h"
#include "tree.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The runtime files (see runtime.h). */
int runtime_list(const char *module_dir, struct rtfile *f)
{
	static const char *const sl[][2] = {
		{"/usr/lib/PXELINUX/pxelinux.0", "pxelinux.0"},
		{"/usr/lib/PXELINUX/lpxelinux.0", "lpxelinux.0"},
		{"/usr/lib/syslinux/modules/bios/ldlinux.c32", "ldlinux.c32"},
		{"/usr/lib/syslinux/modules/bios/libcom32.c32", "libcom32.c32"},
		{"/usr/lib/syslinux/modules/bios/libutil.c32", "libutil.c32"},
		{"/usr/lib/syslinux/modules/bios/menu.c32", "menu.c32"},
		{"/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi", "efi64/syslinux.efi"},
		{"/usr/lib/syslinux/modules/efi64/ldlinux.e64", "efi64/ldlinux.e64"},
		{"/usr/lib/syslinux/modules/efi64/libcom32.c32", "efi64/libcom32.c32"},
		{"/usr/lib/syslinux/modules/efi64/libutil.c32", "efi64/libutil.c32"},
		{"/usr/lib/syslinux/modules/efi64/menu.c32", "efi64/menu.c32"},
	};
	int n = 0;
	for (size_t i = 0; i < sizeof sl / sizeof sl[0]; i++, n++) {
		snprintf(f[n].src, sizeof f[n].src, "%s", sl[i][0]);
		f[n].dst = sl[i][1];
	}
	snprintf(f[n].src, sizeof f[n].src, "%s/bios/winpe.c32", module_dir);
	f[n++].dst = "winpe.c32";
	snprintf(f[n].src, sizeof f[n].src, "%s/efi64/winpe.c32", module_dir);
	f[n++].dst = "efi64/winpe.c32";
	return n;
}

/* Sources readable, no user file overwritten (see runtime.h). */
int runtime_check(const char *root, const struct rtfile *f, int n, int force, uint64_t *bytes,
		  struct wp_err *e)
{
	*bytes = 0;
	for (int i = 0; i < n; i++) {
		char dst[PATH_MAX + 32];
		struct stat st;
		if (access(f[i].src, R_OK) != 0 || stat(f[i].src, &st) != 0)
			return wp_fail(e, WP_ENOENT, "%s not found (%s)%s", f[i].src, strerror(errno),
				       strstr(f[i].dst, "winpe.c32")
					       ? "; run `make all`, or pass --module-dir DIR or --no-syslinux"
					       : "; install pxelinux, syslinux-common, syslinux-efi (or pass --no-syslinux)");
		snprintf(dst, sizeof dst, "%s/%s", root, f[i].dst);
		uint64_t blk = ((uint64_t)st.st_size + 4095) / 4096 * 4096;
		if (access(dst, F_OK) != 0) {
			*bytes += blk;
		} else if (tree_same_file(f[i].src, dst) != 1) {
			if (!force)
				return wp_fail(e, WP_EINVAL, "%s exists and differs from %s (use --force to replace it)",
					       dst, f[i].src);
			*bytes += blk;
		}
	}
	return WP_OK;
}

/* Create the staging directory (see runtime.h). */
int runtime_stage_begin(struct rtstage *s, const char *root, struct wp_err *e)
{
	char d[PATH_MAX];
	s->n = 0;
	snprintf(d, sizeof d, "%s/%s", root, RT_STAGE_NAME);
	if (mkdir(d, 0755) != 0)
		return wp_fail(e, WP_EIO, "%s: %s (free space or inodes in %s?)", d, strerror(errno), root);
	snprintf(s->dir, sizeof s->dir, "%s", d);
	return WP_OK;
}

/* Stage one file's bytes (see runtime.h). */
int runtime_stage_data(struct rtstage *s, const char *dst, const void *data, size_t len, struct wp_err *e)
{
	if (s->n == RT_MAX) return wp_fail(e, WP_ERANGE, "internal: more than %d runtime files", RT_MAX);
	char staged[sizeof s->item[0].staged];
	snprintf(staged, sizeof staged, "%s/%d", s->dir, s->n);
	int fd = open(staged, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) return wp_fail(e, WP_EIO, "%s: %s (staging %s; free space or inodes?)", staged, strerror(errno), dst);
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR) continue;
		if (w <= 0) {
			int err = w < 0 ? errno : ENOSPC;
			close(fd);
			return wp_fail(e, WP_EIO, "%s: %s (staging %s; free space?)", staged, strerror(err), dst);
		}
		p += w;
		left -= (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0)
		return wp_fail(e, WP_EIO, "%s: %s (staging %s)", staged, strerror(errno), dst);
	memcpy(s->item[s->n].staged, staged, sizeof staged);
	snprintf(s->item[s->n].dst, sizeof s->item[0].dst, "%s", dst);
	s->n++;
	return WP_OK;
}

/* Stage the runtime files that differ (see runtime.h). */
int runtime_stage_files(struct rtstage *s, const char *root, const struct rtfile *f, int n, struct wp_err *e)
{
	for (int i = 0; i < n; i++) {
		char dst[PATH_MAX + 32];
		snprintf(dst, sizeof dst, "%s/%s", root, f[i].dst);
		if (access(dst, F_OK) == 0 && tree_same_file(f[i].src, dst) == 1) continue;
		size_t len;
		char *b = tree_slurp(f[i].src, &len);
		if (!b) return wp_fail(e, WP_EIO, "%s: %s (reinstall the package that provides it)", f[i].src, strerror(errno));
		int rc = runtime_stage_data(s, dst, b, len, e);
		free(b);
		if (rc) return rc;
	}
	if (tree_sync(s->dir)) return wp_fail(e, WP_EIO, "syncing %s: %s", s->dir, strerror(errno));
	return WP_OK;
}


/* Rename the staged files into place (see runtime.h). */
int runtime_commit(struct rtstage *s, int *changed, struct wp_err *e)
{
	*changed = 0;
	for (int i = 0; i < s->n; i++) {
		if (rename(s->item[i].staged, s->item[i].dst) != 0)
			return wp_fail(e, WP_EIO, "moving %s into place: %s (fix that and run again)", s->item[i].dst,
				       strerror(errno));
		tree_sync_dir_of(s->item[i].dst);
		(*changed)++;
	}
	if (s->dir[0]) rmdir(s->dir);
	s->dir[0] = 0;
	s->n = 0;
	return WP_OK;
}
