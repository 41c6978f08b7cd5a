/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sources.c - turn the parsed APPEND line into the list of files to fetch:
 * explicit file=/initrdfile=/inject= words, and for a prep-tftproot DIR the
 * files its firmware needs (core/dirplan.c: by its manifest, or trying the
 * usual case variants).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dirplan.h"
#include "manifest.h"
#include "sources.h"

/* Start an empty list. */
void sources_init(struct sources *l)
{
	memset(l, 0, sizeof(*l));
}

/* Free the list. */
void sources_free(struct sources *l)
{
	unsigned i;

	for (i = 0; i < l->n; i++) {
		free(l->s[i].src);
		free(l->s[i].name);
	}
	free(l->s);
	manifest_free(l->manifest);
	memset(l, 0, sizeof(*l));
}

/* "dir/rel" (or rel when there is no dir), malloc'd. */
static char *join(const char *dir, const char *rel)
{
	size_t a = dir ? strlen(dir) : 0, b = strlen(rel);
	char *p = malloc(a + b + 2);

	if (!p)
		return NULL;
	if (dir && a) {
		memcpy(p, dir, a);
		p[a++] = '/';
	}
	memcpy(p + a, rel, b + 1);
	return p;
}

/* Append one file to the list (src and name are copied). */
static int add(struct sources *l, const char *src, const char *name, bool inject,
	       struct wp_err *err)
{
	struct source *n = realloc(l->s, (l->n + 1) * sizeof(*l->s));

	if (!n)
		return wp_fail(err, WP_ENOMEM, "out of memory");
	l->s = n;
	n = &l->s[l->n];
	memset(n, 0, sizeof(*n));
	n->src = strdup(src);
	n->name = strdup(name);
	n->inject = inject;
	if (!n->src || !n->name)
		return wp_fail(err, WP_ENOMEM, "out of memory");
	l->n++;
	return 0;
}

/* Is a file planned already that takes this place on the disk (explicit words win)? */
static bool have_name(const struct sources *l, const char *name)
{
	unsigned i;

	for (i = 0; i < l->n; i++)
		if (!l->s[i].inject && fileset_same_place(l->s[i].name, name))
			return true;
	return false;
}

/* Attach a manifest entry's size (and SHA-256 when verifying) to the last file. */
static void expect_from(struct sources *l, const struct manifest_entry *e, bool verify)
{
	struct source *s = &l->s[l->n - 1];

	s->exp.size = e->size;
	if (verify) {
		memcpy(s->sha256, e->sha256, sizeof(s->sha256));
		s->exp.sha256 = s->sha256;
	}
}

/*
 * Fetch DIR/manifest if there is one.  Returns 1 when there is none, 0 when
 * l->manifest is set, negative on a bad manifest.  Nothing tells the length
 * of the manifest itself over HTTP, and syslinux.efi's HTTP client appends a
 * stale 8 KiB receive buffer to some transfers (its TCP Receive completes
 * with FIN but keeps the full fragment length), which then does not parse:
 * over HTTP it is read without its last 8 KiB when that parses, else
 * fetched again.
 */

static int load_manifest(struct sources *l, const char *dir, struct progress *p,
			 struct wp_err *err)
{
	char *path = join(dir, "manifest");
	uint8_t *text = NULL;
	uint64_t len = 0;
	int rc, attempt, tries = strncmp(dir, "http://", 7) ? 1 : FETCH_RETRIES;

	if (!path)
		return wp_fail(err, WP_ENOMEM, "out of memory");
	for (attempt = 1; attempt <= tries; attempt++) {
		p->label = "manifest";
		rc = fetch_file(path, NULL, &text, &len, p, err);
		if (rc == WP_ENOENT) {
			free(path);
			return 1;
		}
		if (!rc)
			rc = manifest_parse(text, (size_t)len, path, &l->manifest, err);
		if (rc == WP_EFORMAT && tries > 1 && len > FETCH_STALE_RX &&
		    text[len - FETCH_STALE_RX - 1] == '\n') {
			/* that defect appends exactly its 8 KiB buffer: try without it */
			struct wp_err e2;
			if (!manifest_parse(text, (size_t)(len - FETCH_STALE_RX), path, &l->manifest, &e2)) {
				if (!p->quiet)
					printf("winpe: %s: the last %u bytes are syslinux.efi's stale "
					       "receive buffer; ignored\n", path, FETCH_STALE_RX);
				rc = 0;
			}
		}
		fetch_release(text);
		text = NULL;
		if (rc != WP_EFORMAT || attempt == tries)
			break;
		printf("winpe: %s (attempt %d of %d), fetching again\n", err->msg, attempt, tries);
	}
	free(path);
	return rc;
}

/* What core/dirplan.c plans into. */
struct plan_ctx {
	struct sources *l;
	const char *dir;
	bool verify;
	struct wp_err *err;
};

/* dirplan_ops.have: a file of this disk name is planned already. */
static bool plan_have(void *ctx, const char *disk)
{
	return have_name(((struct plan_ctx *)ctx)->l, disk);
}

/* dirplan_ops.exists: the server has DIR/rel. */
static bool plan_exists(void *ctx, const char *rel)
{
	char *p = join(((struct plan_ctx *)ctx)->dir, rel);
	bool ok = p && fetch_size(p) >= 0;

	free(p);
	return ok;
}

/* dirplan_ops.add: fetch DIR/rel as disk, checked against its manifest entry. */
static int plan_add(void *ctx, const char *rel, const char *disk,
		    const struct manifest_entry *e)
{
	struct plan_ctx *c = ctx;
	char *src = join(c->dir, rel);
	int rc;

	if (!src)
		return wp_fail(c->err, WP_ENOMEM, "out of memory");
	rc = add(c->l, src, disk, false, c->err);
	free(src);
	if (!rc && e)
		expect_from(c->l, e, c->verify);
	return rc;
}

/*
 * The directory as the server knows it.  syslinux.efi resolves relative paths
 * against its own directory (efi64/), pxelinux.0 against its own (usually the
 * root): so that one APPEND line serves both, a relative DIR that is not
 * found there is tried from the TFTP root ("::DIR") as well.
 */
static char *resolve_dir(const char *dir)
{
	static const char *const probes[] = { "manifest", "sources/boot.wim",
		"Sources/boot.wim", "SOURCES/BOOT.WIM" };
	char *rooted, *p;
	unsigned i;

	if (!strncmp(dir, "http://", 7) || !strncmp(dir, "::", 2) || dir[0] == '/')
		return strdup(dir);
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		p = join(dir, probes[i]);
		if (p && fetch_size(p) >= 0) {
			free(p);
			return strdup(dir);
		}
		free(p);
	}
	rooted = malloc(strlen(dir) + 3);
	if (!rooted)
		return NULL;
	strcpy(rooted, "::");
	strcat(rooted, dir);
	p = join(rooted, "manifest");
	if (p && fetch_size(p) >= 0) {
		free(p);
		return rooted;
	}
	free(p);
	p = join(rooted, "sources/boot.wim");
	if (p && fetch_size(p) >= 0) {
		free(p);
		return rooted;
	}
	free(p);
	free(rooted);
	return strdup(dir);
}

static int plan_all(struct sources *l, const struct cmdline *c, const char *dir,
		    enum layout_fw fw, struct progress *p, struct wp_err *err);

/* Decide what to fetch. */
int sources_plan(struct sources *l, const struct cmdline *c, enum layout_fw fw,
		 struct progress *p, struct wp_err *err)
{
	int rc;
	char *dir = NULL;

	if (c->dir && !(dir = resolve_dir(c->dir)))
		return wp_fail(err, WP_ENOMEM, "out of memory");
	rc = plan_all(l, c, dir, fw, p, err);
	free(dir);
	return rc;
}

/* Plan explicit files and the DIR (already resolved) for this firmware. */
static int plan_all(struct sources *l, const struct cmdline *c, const char *dir,
		    enum layout_fw fw, struct progress *p, struct wp_err *err)
{
	struct plan_ctx pc = { l, dir, !c->noverify, err };
	struct dirplan_ops ops = { plan_have, plan_exists, plan_add, &pc };
	unsigned i;
	int rc;

	for (i = 0; i < c->n_files; i++) {
		char *s = join(dir, c->files[i].src);
		if (!s)
			return wp_fail(err, WP_ENOMEM, "out of memory");
		rc = add(l, s, c->files[i].name, c->files[i].kind == CMDLINE_INJECT, err);
		if (!rc)
			l->s[l->n - 1].user = true;
		free(s);
		if (rc)
			return rc;
	}
	if (dir) {
		rc = load_manifest(l, dir, p, err);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			/* explicit files listed in the manifest are checked too */
			for (i = 0; i < l->n; i++) {
				const struct manifest_entry *e =
					manifest_find(l->manifest, c->files[i].src);
				if (e) {
					l->s[i].exp.size = e->size;
					if (!c->noverify) {
						memcpy(l->s[i].sha256, e->sha256, 32);
						l->s[i].exp.sha256 = l->s[i].sha256;
					}
				}
			}
			rc = dirplan_manifest(fw, dir, l->manifest, &ops, err);
		} else {
			rc = dirplan_probe(fw, dir, &ops, err);
		}
		if (rc)
			return rc;
	}
	if (!l->n)
		return wp_fail(err, WP_EINVAL,
			       "no files given; APPEND a directory or file=SRC[@NAME] words");
	return 0;
}

#define MIB (1024ull * 1024)
#define WINDOWS_MIN (128 * MIB) /* far below what Windows PE needs: refuse only hopeless sets */

/*
 * Before fetching: the files (sizes known from TFTP or the manifest), the
 * copy Windows makes of the WIM in its RAM disk and a minimum for Windows
 * itself must fit in the machine's RAM.
 */
static int ram_check(uint64_t files, uint64_t wim, const char *wim_src, struct wp_err *err)
{
	uint64_t ram = winpe_ram_bytes();
	uint64_t need = files + wim + WINDOWS_MIN;

	if (!ram || need <= ram)
		return 0;
	return wp_fail(err, WP_ENOMEM, "these files cannot boot in %llu MiB of RAM: they "
		       "need %llu MiB, %s%s%s%llu MiB again for Windows' RAM disk and at least "
		       "%llu MiB for Windows; add RAM or use a smaller WIM",
		       (unsigned long long)(ram / MIB), (unsigned long long)((files + MIB - 1) / MIB),
		       wim_src ? "the WIM (" : "", wim_src ? wim_src : "", wim_src ? ") " : "",
		       (unsigned long long)((wim + MIB - 1) / MIB),
		       (unsigned long long)(WINDOWS_MIN / MIB));
}

/* Fetch every planned file. */
int sources_fetch(const struct sources *l, struct winpe_set *set,
		  struct progress *p, struct wp_err *err)
{
	uint64_t wim_bytes = 0;
	const char *wim_src = NULL;
	unsigned i;
	int rc;

	set->files = calloc(l->n, sizeof(*set->files));
	if (!set->files)
		return wp_fail(err, WP_ENOMEM, "out of memory");
	for (i = 0; i < l->n; i++) {
		/* (the manifest's size spares a TFTP open just to ask for tsize) */
		int64_t sz = l->s[i].exp.size ? (int64_t)l->s[i].exp.size :
			     strncmp(l->s[i].src, "http://", 7) ? fetch_size(l->s[i].src) : 0;
		if (sz <= 0)
			continue;
		p->all_total += (uint64_t)sz;
		if (!l->s[i].inject && wp_ends_ci(l->s[i].name, ".wim")) {
			wim_bytes = (uint64_t)sz; /* the last WIM is the one booted */
			wim_src = l->s[i].src;
		}
	}
	if ((rc = ram_check(p->all_total, wim_bytes, wim_src, err)))
		return rc;
	printf("winpe: fetching %u file(s)\n", l->n);
	for (i = 0; i < l->n; i++) {
		struct fileset_file *f = &set->files[i];
		const struct source *s = &l->s[i];
		struct fetch_expect exp;
		f->name = strdup(s->name);
		f->src = strdup(s->src);
		f->inject = s->inject;
		f->user = s->user;
		set->n_files++;
		if (!f->name || !f->src)
			return wp_fail(err, WP_ENOMEM, "out of memory");
		p->label = f->name;
		/* (the list may have moved since planning: point at its final copy) */
		exp.size = s->exp.size;
		exp.sha256 = s->exp.sha256 ? s->sha256 : NULL;
		rc = fetch_file(s->src, (exp.size || exp.sha256) ? &exp : NULL,
				&f->data, &f->size, p, err);
		if (rc)
			return rc;
	}
	return 0;
}
