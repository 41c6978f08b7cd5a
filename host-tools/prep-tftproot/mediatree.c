/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mediatree.c - syslinux runtime files and marked config entries of a
 * bootable medium (see mediatree.h).
 */
#define _GNU_SOURCE
#include "mediatree.h"
#include "pxecfg.h"
#include "tree.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SL_BIOS "/usr/lib/syslinux/modules/bios/"
#define SL_EFI64 "/usr/lib/syslinux/modules/efi64/"

/* One runtime file: host source, destination relative to the medium root. */
struct mt_file {
	char src[4200];
	char dst[128];
};

/* Is root/rel an existing directory? */
static int isdir(const char *root, const char *rel)
{
	char p[4200];
	struct stat st;
	snprintf(p, sizeof p, "%s/%s", root, rel);
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Does root/rel exist (any type)? */
static int exists(const char *root, const char *rel)
{
	char p[4200];
	struct stat st;
	snprintf(p, sizeof p, "%s/%s", root, rel);
	return lstat(p, &st) == 0;
}

/* Common part of both layouts. */
static void layout_common(struct mt_layout *l, const char *root, const char *module_dir)
{
	memset(l, 0, sizeof *l);
	snprintf(l->root, sizeof l->root, "%s", root);
	snprintf(l->module_dir, sizeof l->module_dir, "%s", module_dir);
	/* FAT is case-insensitive but a plain directory is not: reuse what is there */
	snprintf(l->efidir, sizeof l->efidir, "%s",
		 !isdir(root, "EFI/BOOT") && isdir(root, "efi/boot") ? "efi/boot" : "EFI/BOOT");
}

/* USB layout (see mediatree.h). */
void mt_layout_media(struct mt_layout *l, const char *root, const char *module_dir)
{
	layout_common(l, root, module_dir);
	snprintf(l->biocfg, sizeof l->biocfg, "syslinux.cfg");
	if (exists(root, "boot/syslinux/syslinux.cfg")) snprintf(l->biosdir, sizeof l->biosdir, "boot/syslinux");
	else if (exists(root, "syslinux/syslinux.cfg")) snprintf(l->biosdir, sizeof l->biosdir, "syslinux");
}

/* ISO layout (see mediatree.h). */
void mt_layout_iso(struct mt_layout *l, const char *root, const char *module_dir)
{
	layout_common(l, root, module_dir);
	snprintf(l->biosdir, sizeof l->biosdir, "isolinux");
	snprintf(l->biocfg, sizeof l->biocfg, "isolinux.cfg");
	l->iso = 1;
}

/* Destination rel path: dir/name (dir may be ""). */
static void dpath(char *out, size_t cap, const char *dir, const char *name)
{
	snprintf(out, cap, "%s%s%s", dir, *dir ? "/" : "", name);
}

/* The runtime file list of a layout; returns the count. */
static int files(const struct mt_layout *l, struct mt_file *f)
{
	int n = 0;
	static const char *const bios[] = {"libcom32.c32", "libutil.c32", "menu.c32"};
	static const char *const efi[] = {"ldlinux.e64", "libcom32.c32", "libutil.c32", "menu.c32"};
	if (l->iso) {
		snprintf(f[n].src, sizeof f[n].src, "/usr/lib/ISOLINUX/isolinux.bin");
		dpath(f[n++].dst, sizeof f[0].dst, l->biosdir, "isolinux.bin");
		/* on USB media `syslinux --install` writes its own ldlinux.c32 */
		snprintf(f[n].src, sizeof f[n].src, SL_BIOS "ldlinux.c32");
		dpath(f[n++].dst, sizeof f[0].dst, l->biosdir, "ldlinux.c32");
	}
	for (size_t i = 0; i < sizeof bios / sizeof bios[0]; i++) {
		snprintf(f[n].src, sizeof f[n].src, SL_BIOS "%s", bios[i]);
		dpath(f[n++].dst, sizeof f[0].dst, l->biosdir, bios[i]);
	}
	snprintf(f[n].src, sizeof f[n].src, "%s/bios/winpe.c32", l->module_dir);
	dpath(f[n++].dst, sizeof f[0].dst, l->biosdir, "winpe.c32");
	snprintf(f[n].src, sizeof f[n].src, "/usr/lib/SYSLINUX.EFI/efi64/syslinux.efi");
	dpath(f[n++].dst, sizeof f[0].dst, l->efidir, "BOOTX64.EFI");
	for (size_t i = 0; i < sizeof efi / sizeof efi[0]; i++) {
		snprintf(f[n].src, sizeof f[n].src, SL_EFI64 "%s", efi[i]);
		dpath(f[n++].dst, sizeof f[0].dst, l->efidir, efi[i]);
	}
	snprintf(f[n].src, sizeof f[n].src, "%s/efi64/winpe.c32", l->module_dir);
	dpath(f[n++].dst, sizeof f[0].dst, l->efidir, "winpe.c32");
	return n;
}

/* Check sources and destinations (see mediatree.h). */
int mt_check(const struct mt_layout *l, int force, char *err, size_t cap)
{
	struct mt_file f[16];
	int n = files(l, f);
	for (int i = 0; i < n; i++) {
		char dst[4400];
		if (access(f[i].src, R_OK) != 0) {
			snprintf(err, cap, "%s not found (%s)%s", f[i].src, strerror(errno),
				 strstr(f[i].src, "winpe.c32") ? "; run `make all` or pass --module-dir DIR"
				 : strstr(f[i].src, "ISOLINUX") ? "; install the isolinux package"
								: "; install syslinux-common and syslinux-efi");
			return -1;
		}
		snprintf(dst, sizeof dst, "%s/%s", l->root, f[i].dst);
		if (!force && access(dst, F_OK) == 0 && tree_same_file(f[i].src, dst) != 1) {
			snprintf(err, cap, "%s exists and differs from %s (use --force to replace it)", dst, f[i].src);
			return -1;
		}
	}
	return 0;
}

/* Install what differs (see mediatree.h). */
int mt_install(const struct mt_layout *l, char *err, size_t cap)
{
	struct mt_file f[16];
	int n = files(l, f), changed = 0;
	for (int i = 0; i < n; i++) {
		char dst[4400];
		snprintf(dst, sizeof dst, "%s/%s", l->root, f[i].dst);
		char *slash = strrchr(dst, '/');
		*slash = 0;
		int rc = tree_mkdirs(dst, 0755);
		*slash = '/';
		if (rc) {
			snprintf(err, cap, "%s: %s", dst, strerror(errno));
			return -1;
		}
		if (access(dst, F_OK) == 0 && tree_same_file(f[i].src, dst) == 1) continue;
		if (tree_copy_atomic(f[i].src, dst, 0644)) {
			snprintf(err, cap, "%s: %s", dst, strerror(errno));
			return -1;
		}
		changed++;
	}
	return changed;
}

/* Host path of one config (see mediatree.h). */
const char *mt_cfg_path(const struct mt_layout *l, int efi)
{
	static char b[2][4400];
	char rel[96];
	if (efi) dpath(rel, sizeof rel, l->efidir, "syslinux.cfg");
	else dpath(rel, sizeof rel, l->biosdir, l->biocfg);
	snprintf(b[efi], sizeof b[efi], "%s/%s", l->root, rel);
	return b[efi];
}

/* Merge NAME's entry into one config file; 1 changed, 0 not, -1 error. */
static int merge_one(const char *path, const char *name, const char *title, const char *append,
		     char *err, size_t cap)
{
	char *old = tree_slurp(path, NULL), *nw, *entry;
	if (!old && errno != ENOENT) {
		snprintf(err, cap, "%s: %s", path, strerror(errno));
		return -1;
	}
	int new_cfg = !old;
	if (new_cfg) {
		/* a new config: the PXE tree's menu, serial console too, the first
		 * image boots after 5 s */
		if (asprintf(&old, "# syslinux configuration (created by prep-tftproot)\n"
				   "UI menu.c32\nMENU TITLE Windows PE\n"
				   "SERIAL 0 115200\nDEFAULT %s\nPROMPT 0\nTIMEOUT 50\n\n", name) < 0) old = NULL;
		if (!old) {
			snprintf(err, cap, "out of memory");
			return -1;
		}
	}
	/* MENU lines only where the config has a UI line (the PXE configs' rule) */
	int menu = pxecfg_has_ui(old);
	entry = pxecfg_entry(name, title, append, menu);
	nw = entry ? pxecfg_merge(old, name, entry, menu) : NULL;
	free(entry);
	if (new_cfg) {
		free(old);
		old = NULL;
	}
	if (!nw) {
		free(old);
		snprintf(err, cap, "out of memory");
		return -1;
	}
	int changed = !old || strcmp(old, nw);
	if (changed) {
		char dir[4400];
		snprintf(dir, sizeof dir, "%s", path);
		*strrchr(dir, '/') = 0;
		if (tree_mkdirs(dir, 0755) || tree_write_atomic(path, nw, strlen(nw), 0644)) {
			snprintf(err, cap, "%s: %s", path, strerror(errno));
			changed = -1;
		}
	}
	free(old);
	free(nw);
	return changed;
}

/* Both configs (see mediatree.h). */
int mt_config(const struct mt_layout *l, const char *name, const char *title, char *err, size_t cap)
{
	char append[128], t[256];
	/* absolute: the working directory is the config's, not the root */
	snprintf(append, sizeof append, "/windows/%s", name);
	snprintf(t, sizeof t, "%s", title && *title ? title : "");
	if (!t[0]) snprintf(t, sizeof t, "Windows PE (%s)", name);
	int a = merge_one(mt_cfg_path(l, 0), name, t, append, err, cap);
	int b = a < 0 ? -1 : merge_one(mt_cfg_path(l, 1), name, t, append, err, cap);
	return a < 0 || b < 0 ? -1 : a + b;
}
