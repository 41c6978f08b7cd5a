/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wimsrc.c - boot.wim access for prep-tftproot through wimlib (libwim-dev).
 */
#define _GNU_SOURCE
#include "wimsrc.h"
#include "errfmt.h"
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wimlib.h>


/* Initialise wimlib with case-insensitive path lookup (Windows semantics). */
void wimsrc_global_init(void)
{
	wimlib_global_init(WIMLIB_INIT_FLAG_DEFAULT_CASE_INSENSITIVE);
	wimlib_set_print_errors(false);
}

/* Open a WIM (see wimsrc.h). */
int wimsrc_open(struct wimsrc *w, const char *path, int writable, char *err, size_t cap)
{
	WIMStruct *wim = NULL;
	memset(w, 0, sizeof *w);
	int r = wimlib_open_wim(path, writable ? WIMLIB_OPEN_FLAG_WRITE_ACCESS : 0, &wim);
	if (r) return fail(err, cap, "boot.wim: %s", wimlib_get_error_string(r));
	struct wimlib_wim_info info;
	wimlib_get_wim_info(wim, &info);
	w->wim = wim;
	w->images = (int)info.image_count;
	w->boot_index = (int)info.boot_index;
	w->writable = writable;
	return 0;
}

/* Describe one image from its XML properties. */
void wimsrc_image(const struct wimsrc *w, int idx, struct wimimage *out)
{
	const char *s;
	memset(out, 0, sizeof *out);
	if ((s = wimlib_get_image_property(w->wim, idx, "NAME")))
		snprintf(out->name, sizeof out->name, "%s", s);
	if ((s = wimlib_get_image_property(w->wim, idx, "WINDOWS/ARCH"))) {
		long a = strtol(s, NULL, 10);
		snprintf(out->arch, sizeof out->arch, "%s",
			 a == 0 ? "x86" : a == 9 ? "x64" : a == 12 ? "arm64" : a == 5 ? "arm" : "");
	}
	if ((s = wimlib_get_image_property(w->wim, idx, "WINDOWS/VERSION/MAJOR")))
		out->major = (unsigned)strtoul(s, NULL, 10);
	if ((s = wimlib_get_image_property(w->wim, idx, "WINDOWS/VERSION/BUILD")))
		out->build = (unsigned)strtoul(s, NULL, 10);
}

struct stat_ctx {
	int found;
	uint64_t size;
};

/* wimlib_iterate_dir_tree callback: record the entry itself. */
static int stat_cb(const struct wimlib_dir_entry *d, void *ctx)
{
	struct stat_ctx *c = ctx;
	if (d->attributes & WIMLIB_FILE_ATTRIBUTE_DIRECTORY) return 0;
	c->found = 1;
	c->size = d->streams[0].resource.uncompressed_size;
	return 0;
}

/* Look up a file in an image (see wimsrc.h). */
int wimsrc_stat(const struct wimsrc *w, int idx, const char *path, uint64_t *size)
{
	struct stat_ctx c = {0, 0};
	int r = wimlib_iterate_dir_tree(w->wim, idx, path, 0, stat_cb, &c);
	if (r == WIMLIB_ERR_PATH_DOES_NOT_EXIST) return 0;
	if (r) return -1;
	if (size) *size = c.size;
	return c.found;
}

/* Extract one file to OUT: extract into an empty scratch dir, then rename. */
int wimsrc_extract(const struct wimsrc *w, int idx, const char *path, const char *tmpdir,
		   const char *out, char *err, size_t cap)
{
	if (mkdir(tmpdir, 0755) != 0 && errno != EEXIST)
		return fail(err, cap, "%s: %s", tmpdir, strerror(errno));
	const char *paths[1] = {path};
	int r = wimlib_extract_paths(w->wim, idx, tmpdir, paths, 1,
				     WIMLIB_EXTRACT_FLAG_NO_PRESERVE_DIR_STRUCTURE |
					     WIMLIB_EXTRACT_FLAG_NO_ACLS);
	if (r) return fail(err, cap, "boot.wim: extracting %s: %s", path, wimlib_get_error_string(r));
	DIR *d = opendir(tmpdir);
	struct dirent *de;
	int done = -1;
	while (d && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && (!de->d_name[1] || !strcmp(de->d_name, ".."))) continue;
		char p[4096];
		snprintf(p, sizeof p, "%s/%s", tmpdir, de->d_name);
		if (done < 0 && rename(p, out) == 0) done = 0;
		else unlink(p);
	}
	if (d) closedir(d);
	rmdir(tmpdir);
	return done ? fail(err, cap, "boot.wim: %s: extracted file not found", path) : 0;
}

/* Queue one added file (see wimsrc.h). */
int wimsrc_inject(struct wimsrc *w, int idx, const char *src, const char *dst, char *err,
		  size_t cap)
{
	struct wimlib_update_command cmd;
	memset(&cmd, 0, sizeof cmd);
	cmd.op = WIMLIB_UPDATE_OP_ADD;
	cmd.add.fs_source_path = (char *)src;
	cmd.add.wim_target_path = (char *)dst;
	cmd.add.add_flags = WIMLIB_ADD_FLAG_NO_ACLS;
	int r = wimlib_update_image(w->wim, idx, &cmd, 1, 0);
	if (r) return fail(err, cap, "boot.wim: injecting %s as %s: %s", src, dst,
			   wimlib_get_error_string(r));
	return 0;
}

/* Change the header's boot index. */
int wimsrc_set_boot(struct wimsrc *w, int idx, char *err, size_t cap)
{
	struct wimlib_wim_info info;
	memset(&info, 0, sizeof info);
	info.boot_index = (uint32_t)idx;
	int r = wimlib_set_wim_info(w->wim, &info, WIMLIB_CHANGE_BOOT_INDEX);
	if (r) return fail(err, cap, "boot.wim: setting boot index: %s", wimlib_get_error_string(r));
	w->boot_index = idx;
	return 0;
}

/* Append the changes to the file in place. */
int wimsrc_commit(struct wimsrc *w, char *err, size_t cap)
{
	int r = wimlib_overwrite(w->wim, 0, 0);
	if (r) return fail(err, cap, "boot.wim: writing changes: %s", wimlib_get_error_string(r));
	return 0;
}

/* Free the WIMStruct. */
void wimsrc_close(struct wimsrc *w)
{
	if (w->wim) wimlib_free(w->wim);
	w->wim = NULL;
}
