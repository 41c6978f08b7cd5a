/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sbtree.c - the Secure Boot path of a TFTP root (see sbtree.h).  The boot
 * manager asks for its BCD at the TFTP root whatever folder it was started
 * from, so one root store lists every image that took this path; the image
 * list is the store's own entries (whose windows/NAME tree still exists) plus
 * the image just prepared.  Root files are written atomically and only over
 * files this tool wrote before (listed in efi/microsoft/boot/.prep-tftproot).
 */
#define _GNU_SOURCE
#include "sbtree.h"
#include "authenticode.h"
#include "sbbcd.h"
#include "tree.h"
#include "wimsrc.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define OWNED "efi/microsoft/boot/.prep-tftproot"

/* Record why the step was refused; returns 0 (a refusal is not an I/O error). */
static int refuse(struct sb_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int refuse(struct sb_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof r->why, fmt, ap);
	va_end(ap);
	r->ok = 0;
	return 0;
}

/* Is rel listed in the owned-files list text? */
static int owned(const char *list, const char *rel)
{
	size_t l = strlen(rel);
	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == l && !strncmp(p, rel, l)) return 1;
		p = e ? e + 1 : NULL;
	}
	return 0;
}

/* Root-file writer state: root, owned list (grows), result. */
struct rootw {
	const char *root;
	char *list;
	int list_changed;
	int force;
	struct sb_result *r;
};

/* Install the bytes of tmp (a file under the root) as ROOT/rel: skip when
 * identical, keep (and report) a differing file we did not make. */
static int place(struct rootw *w, const char *tmp, const char *rel)
{
	char dst[PATH_MAX];
	snprintf(dst, sizeof dst, "%s/%s", w->root, rel);
	if (access(dst, F_OK) == 0) {
		if (tree_same_file(tmp, dst) == 1) { unlink(tmp); goto own; }
		if (!owned(w->list, rel) && !w->force) {
			unlink(tmp);
			if (!w->r->skipped[0])
				snprintf(w->r->skipped, sizeof w->r->skipped, "%s (not made by prep-tftproot; --force replaces it)", dst);
			return 0;
		}
	}
	if (rename(tmp, dst) != 0) { unlink(tmp); return -1; }
	w->r->files++;
own:
	if (!owned(w->list, rel)) {
		size_t l = w->list ? strlen(w->list) : 0;
		char *n = realloc(w->list, l + strlen(rel) + 2);
		if (!n) return -1;
		sprintf(n + l, "%s\n", rel);
		w->list = n;
		w->list_changed = 1;
	}
	return 0;
}

/* Copy a file of the image tree to ROOT/rel. */
static int from_tree(struct rootw *w, const char *src, const char *rel)
{
	char tmp[PATH_MAX], d[PATH_MAX];
	snprintf(d, sizeof d, "%s/%s", w->root, rel);
	*strrchr(d, '/') = 0;
	if (tree_mkdirs(d, 0755)) return -1;
	snprintf(tmp, sizeof tmp, "%s/.sb.%d", d, (int)getpid());
	if (tree_copy_atomic(src, tmp, 0644)) { unlink(tmp); return -1; }
	return place(w, tmp, rel);
}

/* Copy a media file (case-insensitive name) to ROOT/rel; absent = fine. */
static int from_media(struct rootw *w, const struct media *m, const char *mpath, const char *rel)
{
	char tmp[PATH_MAX], d[PATH_MAX], err[512];
	const struct media_entry *e = m ? media_find(m, mpath) : NULL;
	if (!e || e->is_dir) return 0;
	snprintf(d, sizeof d, "%s/%s", w->root, rel);
	*strrchr(d, '/') = 0;
	if (tree_mkdirs(d, 0755)) return -1;
	snprintf(tmp, sizeof tmp, "%s/.sb.%d", d, (int)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) return -1;
	int rc = media_copy(m, e, fd, NULL, NULL, err, sizeof err);
	if (close(fd) != 0 || rc) { unlink(tmp); return -1; }
	return place(w, tmp, rel);
}

/* Media without EFI fonts: the boot fonts from \Windows\Boot\Fonts of the
 * image's boot.wim (its boot index is the image prepared). */
static int wim_fonts(struct rootw *w, const char *live)
{
	static const char *const names[] = {"wgl4_boot.ttf", "segoe_slboot.ttf", "segmono_boot.ttf",
					    "segoen_slboot.ttf"};
	char wim[PATH_MAX], d[PATH_MAX], x[PATH_MAX + 16], tmp[PATH_MAX + 16], src[96], rel[96], err[512];
	struct wimsrc ws;
	snprintf(wim, sizeof wim, "%s/sources/boot.wim", live);
	if (wimsrc_open(&ws, wim, 0, err, sizeof err)) return 0; /* fonts are optional */
	int idx = ws.boot_index ? ws.boot_index : 1, rc = 0;
	snprintf(d, sizeof d, "%s/efi/microsoft/boot/fonts", w->root);
	for (size_t i = 0; i < sizeof names / sizeof names[0] && !rc; i++) {
		snprintf(src, sizeof src, "/Windows/Boot/Fonts/%s", names[i]);
		if (wimsrc_stat(&ws, idx, src, NULL) != 1) continue;
		if (tree_mkdirs(d, 0755)) { rc = -1; break; }
		snprintf(tmp, sizeof tmp, "%s/.sb.%d", d, (int)getpid());
		snprintf(rel, sizeof rel, "efi/microsoft/boot/fonts/%s", names[i]);
		/* a private extraction directory: wimsrc_extract empties and removes it */
		snprintf(x, sizeof x, "%s/.sbx.%d", d, (int)getpid());
		if (wimsrc_extract(&ws, idx, src, x, tmp, err, sizeof err)) { unlink(tmp); rc = -1; break; }
		rc = place(w, tmp, rel);
	}
	wimsrc_close(&ws);
	return rc;
}

/* The root files the boot manager reads besides its BCD. */
static int root_files(struct rootw *w, const char *live, const struct media *m)
{
	char src[PATH_MAX], rel[PATH_MAX];
	snprintf(src, sizeof src, "%s/efi/microsoft/boot/boot.stl", live);
	if (access(src, F_OK) == 0 && from_tree(w, src, "efi/microsoft/boot/boot.stl")) return -1;
	snprintf(src, sizeof src, "%s/efi/microsoft/boot/fonts", live);
	DIR *d = opendir(src);
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.') continue;
		char f[PATH_MAX + 300];
		snprintf(f, sizeof f, "%s/%s", src, de->d_name);
		snprintf(rel, sizeof rel, "efi/microsoft/boot/fonts/%s", de->d_name);
		if (from_tree(w, f, rel)) { closedir(d); return -1; }
	}
	int fonts = 0;
	if (d) {
		rewinddir(d);
		while ((de = readdir(d)) != NULL) fonts += de->d_name[0] != '.';
		closedir(d);
	}
	if (!fonts && wim_fonts(w, live)) return -1;
	return from_media(w, m, "efi/microsoft/boot/resources/bootres.dll",
			  "efi/microsoft/boot/resources/bootres.dll");
}

/* Signature of the boot file(s) of the image; 0 when the main one is usable. */
static int check_bootfiles(const char *live, const char *name, const struct sb_opts *o,
			   struct sb_result *r)
{
	char p[PATH_MAX], err[600];
	struct ac_result a;
	snprintf(r->bootfile, sizeof r->bootfile, "windows/%s/bootmgfw.efi", name);
	snprintf(p, sizeof p, "%s/bootmgfw.efi", live);
	if (access(p, F_OK) != 0)
		return refuse(r, "no bootmgfw.efi in %s (neither the media's efi/boot/bootx64.efi nor "
				 "\\Windows\\Boot\\EFI\\bootmgfw.efi in boot.wim)", live), -1;
	if (ac_check(p, o->trust_ca, &a, err, sizeof err))
		return refuse(r, "%s; Secure Boot clients would refuse it: use media with Microsoft's signed "
				 "boot manager, or --no-secure-boot", err), -1;
	if (!a.verified && a.unpinned && a.kind == AC_WINDOWS)
		return refuse(r, "%s is signed by \"%s\" under \"%s\", whose key this build does not pin "
				 "(not on Debian 12), so the chain cannot be checked; give that CA's certificate "
				 "(exported from a client's db) with --sb-trust-ca, or use --no-secure-boot",
			      p, a.signer, a.ca), -1;
	if (!a.verified || (a.kind != AC_WINDOWS && a.kind != AC_USER))
		return refuse(r, "%s is signed by \"%s\" under \"%s\"%s, not by Microsoft's Windows boot CA; "
				 "Secure Boot clients would refuse it: use Windows media, or --no-secure-boot",
			      p, a.signer, a.ca, a.verified ? "" : " (chain not verified)"), -1;
	snprintf(r->ca, sizeof r->ca, "%s", a.ca);
	snprintf(r->signer, sizeof r->signer, "%s", a.signer);
	snprintf(p, sizeof p, "%s/bootmgfw_ex.efi", live);
	if (access(p, F_OK) == 0) {
		snprintf(r->bootfile_ex, sizeof r->bootfile_ex, "windows/%s/bootmgfw_ex.efi", name);
		if (ac_check(p, o->trust_ca, &a, err, sizeof err))
			snprintf(r->ca_ex, sizeof r->ca_ex, "unusable: %s", err);
		else
			snprintf(r->ca_ex, sizeof r->ca_ex, "%s%s", a.ca,
				 a.verified ? "" : " (named by the signature; its key is not pinned here: not verified)");
	}
	return 0;
}

/* Order entries by name. */
static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct sbbcd_entry *)a)->name, ((const struct sbbcd_entry *)b)->name);
}

/* The Secure Boot step (see sbtree.h). */
int sbtree_update(const char *root, const char *name, const char *title, const struct media *m,
		  const struct sb_opts *o, struct sb_result *r)
{
	char live[PATH_MAX], bcd[PATH_MAX], err[600], mf[PATH_MAX + 300];
	memset(r, 0, sizeof *r);
	snprintf(live, sizeof live, "%s/windows/%s", root, name);
	if (check_bootfiles(live, name, o, r)) return 0;

	/* the image list: the existing store's images that still exist, plus this one */
	static struct sbbcd_model mo;
	memset(&mo, 0, sizeof mo);
	snprintf(bcd, sizeof bcd, "%s/boot/bcd", root);
	if (access(bcd, F_OK) == 0) {
		int own = sbbcd_read(bcd, &mo, err, sizeof err);
		if (own != 1 && !o->force)
			return refuse(r, "%s exists and was not made by prep-tftproot%s%s: the signed boot "
					 "manager needs this path; move it away or use --force",
				      bcd, own < 0 ? ": " : "", own < 0 ? err : "");
		if (own != 1) mo.n = 0;
	}
	int k = 0;
	for (int i = 0; i < mo.n; i++) {
		snprintf(mf, sizeof mf, "%s/windows/%s/manifest", root, mo.e[i].name);
		if (strcmp(mo.e[i].name, name) && access(mf, F_OK) == 0) mo.e[k++] = mo.e[i];
	}
	mo.n = k;
	if (mo.n == SBBCD_MAX)
		return refuse(r, "%s already lists %d images (the most it holds)", bcd, SBBCD_MAX);
	snprintf(mo.e[mo.n].name, sizeof mo.e[0].name, "%s", name);
	snprintf(mo.e[mo.n].desc, sizeof mo.e[0].desc, "%s", title);
	mo.n++;
	qsort(mo.e, (size_t)mo.n, sizeof mo.e[0], by_name);
	for (int i = 0; i < mo.n; i++)
		if (!strcmp(mo.e[i].name, name)) mo.def = i;
	mo.timeout = mo.n > 1 ? 30 : 0;
	mo.blocksize = o->blocksize ? o->blocksize : 1456;
	mo.windowsize = o->windowsize ? o->windowsize : 16;
	r->images = mo.n;

	snprintf(mf, sizeof mf, "%s/boot", root);
	if (tree_mkdirs(mf, 0755)) return snprintf(r->why, sizeof r->why, "%s: %s", mf, strerror(errno)), -1;
	snprintf(mf, sizeof mf, "%s/efi/microsoft/boot", root);
	if (tree_mkdirs(mf, 0755)) return snprintf(r->why, sizeof r->why, "%s: %s", mf, strerror(errno)), -1;
	struct rootw w = {root, NULL, 0, o->force, r};
	snprintf(mf, sizeof mf, "%s/" OWNED, root);
	w.list = tree_slurp(mf, NULL);
	if (root_files(&w, live, m)) {
		snprintf(r->why, sizeof r->why, "writing the Secure Boot files under %s: %s", root, strerror(errno));
		free(w.list);
		return -1;
	}
	if (w.list_changed && tree_write_atomic(mf, w.list, strlen(w.list), 0644)) {
		snprintf(r->why, sizeof r->why, "%s: %s", mf, strerror(errno));
		free(w.list);
		return -1;
	}
	free(w.list);
	if (sbbcd_write(bcd, &mo, err, sizeof err)) {
		snprintf(r->why, sizeof r->why, "%s", err);
		return -1;
	}
	r->ok = 1;
	return 0;
}

/* --remove NAME's Secure Boot step (see sbtree.h). */
int sbtree_drop(const char *root, const char *name, int dry_run, char *why, size_t cap)
{
	static struct sbbcd_model mo;
	char bcd[PATH_MAX], err[600];
	int i, k = 0, found = 0;

	snprintf(bcd, sizeof bcd, "%s/boot/bcd", root);
	memset(&mo, 0, sizeof mo);
	if (access(bcd, F_OK) != 0 || sbbcd_read(bcd, &mo, err, sizeof err) != 1)
		return 0;  /* no store, or not ours: nothing of this image in it */
	for (i = 0; i < mo.n; i++) {
		if (!strcmp(mo.e[i].name, name)) {
			found = 1;
			continue;
		}
		mo.e[k++] = mo.e[i];
	}
	if (!found || dry_run)
		return found;
	mo.n = k;
	if (!mo.n) {
		/* the last image: the store goes (the boot manager cannot use an empty one) */
		if (unlink(bcd) != 0)
			return snprintf(why, cap, "%s: %s", bcd, strerror(errno)), -1;
		return 1;
	}
	if (mo.def >= mo.n)
		mo.def = 0;
	mo.timeout = mo.n > 1 ? 30 : 0;
	if (sbbcd_write(bcd, &mo, err, sizeof err))
		return snprintf(why, cap, "%s", err), -1;
	return 1;
}
