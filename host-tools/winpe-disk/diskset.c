/* SPDX-License-Identifier: GPL-2.0-or-later */
/* diskset.c - winpe-disk's words -> the module's file set -> its virtual disk. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cmdline.h"
#include "diskset.h"
#include "dirplan.h"
#include "hostfile.h"

/* Is w an APPEND word (a keyword, not a path)? */
static bool is_word(const char *w)
{
	static const char *const keys[] = { "file=", "initrdfile=", "initrd=", "inject=",
		"index=", "bootmgr=", "bcd=", "sdi=", "wim=", "pause=", "systab=" };
	static const char *const flags[] = { "rawbcd", "rawwim", "pause", "gui", "quiet",
		"check", "verify", "noverify", "linear", "highmem" };
	unsigned i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strncmp(w, keys[i], strlen(keys[i])))
			return true;
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (!strcmp(w, flags[i]))
			return true;
	return false;
}

/* Map path and append it to the set under name; prints the error. */
static int load(struct diskset *ds, const char *path, const char *name, bool inject, bool user)
{
	struct fileset_file *f;
	struct stat st;
	void *m = NULL;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) < 0) {
		fprintf(stderr, "winpe-disk: %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return 1;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "winpe-disk: %s: not a regular file\n", path);
		close(fd);
		return 1;
	}
	if (st.st_size > 0) {
		m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m == MAP_FAILED) {
			fprintf(stderr, "winpe-disk: %s: mmap: %s\n", path, strerror(errno));
			close(fd);
			return 1;
		}
	}
	close(fd);
	f = realloc(ds->files, (ds->n_files + 1) * sizeof(*f));
	ds->maps = realloc(ds->maps, (ds->n_maps + 1) * sizeof(*ds->maps));
	ds->map_len = realloc(ds->map_len, (ds->n_maps + 1) * sizeof(*ds->map_len));
	if (!f || !ds->maps || !ds->map_len) {
		fprintf(stderr, "winpe-disk: out of memory\n");
		exit(1);
	}
	ds->maps[ds->n_maps] = m;
	ds->map_len[ds->n_maps++] = (size_t)st.st_size;
	ds->files = f;
	f = &f[ds->n_files++];
	memset(f, 0, sizeof(*f));
	f->name = strdup(name);
	f->src = strdup(path);
	f->data = m;
	f->size = (uint64_t)st.st_size;
	f->inject = inject;
	f->user = user;
	f->borrowed = true;
	if (!f->name || !f->src) {
		fprintf(stderr, "winpe-disk: out of memory\n");
		exit(1);
	}
	return 0;
}

/* "dir/rel", or rel without a dir (malloc'd). */
static char *join(const char *dir, const char *rel)
{
	char *p;

	if (!dir)
		return strdup(rel);
	if (asprintf(&p, "%s/%s", dir, rel) < 0)
		return NULL;
	return p;
}

/* What core/dirplan.c plans into. */
struct plan_ctx {
	struct diskset *ds;
	const char *dir;
};

/* dirplan_ops.have: a visible file of this disk name is in the set. */
static bool plan_have(void *ctx, const char *disk)
{
	struct diskset *ds = ((struct plan_ctx *)ctx)->ds;
	unsigned i;

	for (i = 0; i < ds->n_files; i++)
		if (!ds->files[i].inject && fileset_same_place(ds->files[i].name, disk))
			return true;
	return false;
}

/* dirplan_ops.exists: DIR/rel is a regular file. */
static bool plan_exists(void *ctx, const char *rel)
{
	char *p = join(((struct plan_ctx *)ctx)->dir, rel);
	struct stat st;
	bool ok = p && !stat(p, &st) && S_ISREG(st.st_mode);

	free(p);
	return ok;
}

/* dirplan_ops.add: read DIR/rel as disk (the manifest's hashes are the module's check). */
static int plan_add(void *ctx, const char *rel, const char *disk, const struct manifest_entry *e)
{
	struct plan_ctx *c = ctx;
	char *p = join(c->dir, rel);
	int rc;

	(void)e;
	if (!p)
		return WP_ENOMEM;
	rc = load(c->ds, p, disk, false, false) ? WP_EIO : 0;
	free(p);
	return rc;
}

/* Plan the files of the DIR word like winpe.c32 does (manifest first). */
static int plan_dir(struct diskset *ds, const char *dir)
{
	struct plan_ctx pc = { ds, dir };
	struct dirplan_ops ops = { plan_have, plan_exists, plan_add, &pc };
	struct manifest *m = NULL;
	struct wp_err err = { 0, "" };
	char *mp = join(dir, "manifest");
	uint8_t *text = NULL;
	uint64_t len = 0;
	struct stat st;
	int rc;

	if (!mp)
		return 1;
	if (!stat(mp, &st)) {
		if (hostfile_load(mp, &text, &len)) {
			free(mp);
			return 1;
		}
		rc = manifest_parse(text, (size_t)len, mp, &m, &err);
		free(text);
		if (!rc)
			rc = dirplan_manifest(ds->fw, dir, m, &ops, &err);
		manifest_free(m);
	} else {
		rc = dirplan_probe(ds->fw, dir, &ops, &err);
	}
	free(mp);
	if (rc && rc != WP_EIO)
		fprintf(stderr, "winpe-disk: %s\n", err.msg);
	return rc ? 1 : 0;
}

/* Print a message of core/fileset.c. */
static void say(void *ctx, bool warning, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "winpe-disk: %s%s\n", warning ? "warning: " : "", msg);
}

/* An old-style FILE[@NAME]: split at the last '@' whose prefix is an existing file. */
static int load_legacy(struct diskset *ds, char *arg)
{
	char *at = strrchr(arg, '@');
	const char *slash;
	struct stat st;
	int rc;

	if (at) {
		*at = 0;
		if (!stat(arg, &st) && S_ISREG(st.st_mode)) {
			rc = load(ds, arg, at + 1, false, false);
			*at = '@';
			return rc;
		}
		*at = '@';
	}
	slash = strrchr(arg, '/');
	return load(ds, arg, slash ? slash + 1 : arg, false, false);
}

/* Turn the arguments into APPEND words (old options translated); 2 = bad usage. */
static int collect(struct diskset *ds, int argc, char **argv, char **words, int *n_words,
		   char **legacy, int *n_legacy, char **fmt, int *n_fmt)
{
	int i;
	struct stat st;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--firmware") && i + 1 < argc) {
			a = argv[++i];
			if (strcmp(a, "bios") && strcmp(a, "efi")) {
				fprintf(stderr, "winpe-disk: --firmware takes bios or efi, not '%s'\n", a);
				return 2;
			}
			ds->fw = a[0] == 'e' ? LAYOUT_EFI : LAYOUT_BIOS;
		} else if (!strcmp(a, "--efi")) {
			ds->fw = LAYOUT_EFI;
		} else if ((!strcmp(a, "--index") || !strcmp(a, "--inject")) && i + 1 < argc) {
			if (asprintf(&fmt[*n_fmt], "%s=%s", a + 2, argv[++i]) < 0)
				return 1;
			words[(*n_words)++] = fmt[(*n_fmt)++];
		} else if (!strcmp(a, "--rawwim") || !strcmp(a, "--rawbcd")) {
			words[(*n_words)++] = argv[i] + 2;
		} else if (!strncmp(a, "--", 2)) {
			fprintf(stderr, "winpe-disk: unknown option '%s'\n", a);
			return 2;
		} else if (is_word(a) || (!stat(a, &st) && S_ISDIR(st.st_mode))) {
			words[(*n_words)++] = argv[i];
		} else {
			legacy[(*n_legacy)++] = argv[i];
		}
	}
	return 0;
}

/* See diskset.h. */
int diskset_make(struct diskset *ds, int argc, char **argv, struct vdisk **vd)
{
	char **words = calloc((size_t)argc + 1, sizeof(*words));
	char **legacy = calloc((size_t)argc + 1, sizeof(*legacy));
	char **fmt = calloc((size_t)argc + 1, sizeof(*fmt));
	struct fileset_opts fo;
	struct cmdline *c = NULL;
	struct wp_err err = { 0, "" };
	int n_words = 0, n_legacy = 0, n_fmt = 0, i, rc;
	unsigned k;

	memset(ds, 0, sizeof(*ds));
	*vd = NULL;
	if (!words || !legacy || !fmt)
		return 1;
	rc = collect(ds, argc, argv, words, &n_words, legacy, &n_legacy, fmt, &n_fmt);
	if (!rc && cmdline_parse(n_words, (const char *const *)words, &c, &err)) {
		fprintf(stderr, "winpe-disk: %s\n", err.msg);
		rc = 2;
	}
	for (k = 0; !rc && k < c->n_files; k++) {
		char *p = join(c->dir, c->files[k].src);
		rc = !p || load(ds, p, c->files[k].name, c->files[k].kind == CMDLINE_INJECT, true);
		free(p);
	}
	for (i = 0; !rc && i < n_legacy; i++)
		rc = load_legacy(ds, legacy[i]);
	if (!rc && c->dir)
		rc = plan_dir(ds, c->dir);
	if (!rc && !ds->n_files) {
		fprintf(stderr, "winpe-disk: no files given; give a DIR or file=SRC[@NAME] words\n");
		rc = 2;
	}
	if (!rc) {
		memset(&fo, 0, sizeof(fo));
		fo.fw = ds->fw;
		fo.index = c->index;
		fo.rawbcd = c->rawbcd;
		fo.rawwim = c->rawwim;
		fo.say = say;
		if (fileset_complete(&ds->files, &ds->n_files, &fo, &err))
			fprintf(stderr, "winpe-disk: warning: %s (winpe.c32 would not boot this set)\n",
				err.msg);
		if (fileset_patch(&ds->files, &ds->n_files, &fo, &err) ||
		    fileset_disk(ds->files, ds->n_files, vd, &err)) {
			fprintf(stderr, "winpe-disk: %s\n", err.msg);
			rc = 1;
		}
	}
	for (i = 0; i < n_fmt; i++)
		free(fmt[i]);
	free(fmt);
	free(words);
	free(legacy);
	cmdline_free(c);
	return rc;
}

/* Free the set and unmap its files. */
void diskset_free(struct diskset *ds)
{
	unsigned i;

	fileset_free(ds->files, ds->n_files);
	for (i = 0; i < ds->n_maps; i++)
		if (ds->maps[i])
			munmap(ds->maps[i], ds->map_len[i]);
	free(ds->maps);
	free(ds->map_len);
	memset(ds, 0, sizeof(*ds));
}
