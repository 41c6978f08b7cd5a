/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * isoout.c - the --iso OUT.iso run (see isoout.h).
 *
 * Staging: OUT's directory/.OUT.prep-XXXXXX holds tree/ (the ISO9660 tree:
 * isolinux/, EFI/BOOT/, windows/NAME/..., and isolinux/efiboot.img, the
 * UEFI El Torito image: an MBR disk whose FAT ESP holds EFI/ and windows/
 * again, because syslinux.efi reads only the file system it was started
 * from) and out.iso, renamed over OUT.iso once complete.  Any failure or
 * signal removes the staging directory; OUT.iso is replaced or untouched.
 * Written to a USB stick the image boots BIOS (isohybrid MBR) and UEFI (the
 * ESP inside efiboot.img is made MBR partition 2, isombr.c).
 */
#define _GNU_SOURCE
#include "isoout.h"
#include "isombr.h"
#include "mediatree.h"
#include "tree.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define FAT_MAX_FILE 0xFFFFFFFFull
#define ISOHDPFX "/usr/lib/ISOLINUX/isohdpfx.bin"
#define ISOLINUX_BIN "/usr/lib/ISOLINUX/isolinux.bin"
#define EFI_IMG "isolinux/efiboot.img" /* in the ISO tree */

static uint64_t esp_bytes;

/* nftw: make extracted files writable (xorriso keeps the ISO's r/o modes). */
static int make_writable(const char *p, const struct stat *st, int type, struct FTW *f)
{
	(void)f;
	if (type == FTW_F || type == FTW_D || type == FTW_DP)
		chmod(p, (st->st_mode & 07777) | (type == FTW_F ? 0600 : 0700));
	return 0;
}

/* nftw: add one entry's FAT footprint (4 KiB clusters, one for a directory). */
static int add_size(const char *p, const struct stat *st, int type, struct FTW *f)
{
	(void)p;
	(void)f;
	esp_bytes += type == FTW_F ? (((uint64_t)st->st_size + 4095) & ~4095ull) + 64 : 4096;
	return 0;
}

/* Is prog found on PATH? */
static int on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char *dup = strdup(path ? path : ""), *save = NULL;
	int ok = 0;
	for (char *d = strtok_r(dup, ":", &save); d && !ok; d = strtok_r(NULL, ":", &save)) {
		char p[PATH_MAX];
		snprintf(p, sizeof p, "%s/%s", d, prog);
		ok = access(p, X_OK) == 0;
	}
	free(dup);
	return ok;
}

/* Run a tool with stdout discarded and its stderr (xorriso prints a banner)
 * shown only when it fails; die naming it then. */
static void tool(char *const argv[], const char *what)
{
	int fd = memfd_create("tool-stderr", MFD_CLOEXEC), save = dup(2);
	if (fd >= 0 && save >= 0) dup2(fd, 2);
	int rc = mc_run(argv, NULL, 0);
	if (fd >= 0 && save >= 0) {
		dup2(save, 2);
		close(save);
		if (rc) {
			char b[4096];
			ssize_t n;
			lseek(fd, 0, SEEK_SET);
			while ((n = read(fd, b, sizeof b)) > 0) fwrite(b, 1, (size_t)n, stderr);
		}
		close(fd);
	}
	if (rc) mc_die("%s failed (%s exit status %d)", what, argv[0], rc);
}

/* Write an MBR with one partition (type 0xEF, from 1 MiB, sectors long)
 * into img and size the file: El Torito hard-disk emulation needs it. */
static void write_mbr(const char *img, uint64_t sectors)
{
	uint8_t mbr[512];
	memset(mbr, 0, sizeof mbr);
	uint8_t *e = mbr + 446;
	e[0] = 0x80;                     /* active */
	e[1] = 0xFE, e[2] = 0xFF, e[3] = 0xFF; /* CHS: use LBA */
	e[4] = 0xEF;                     /* EFI system partition */
	e[5] = 0xFE, e[6] = 0xFF, e[7] = 0xFF;
	uint32_t start = 2048, count = (uint32_t)sectors;
	for (int i = 0; i < 4; i++) {
		e[8 + i] = (uint8_t)(start >> (8 * i));
		e[12 + i] = (uint8_t)(count >> (8 * i));
	}
	mbr[510] = 0x55, mbr[511] = 0xAA;
	int fd = open(img, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || pwrite(fd, mbr, sizeof mbr, 0) != (ssize_t)sizeof mbr ||
	    ftruncate(fd, (off_t)((2048 + sectors) * 512)) != 0)
		mc_die("%s: %s", img, strerror(errno));
	close(fd);
}

/* The UEFI boot image: a hard-disk image (MBR + FAT ESP from 1 MiB) with
 * EFI/ and every complete windows/NAME/ of tree.  Hard-disk emulation, not
 * no-emulation: the firmware then shows syslinux.efi a 512-byte-sector disk
 * (on a 2048-byte CD sector device syslinux.efi 6.04 faults at once). */
static void make_esp(const char *tree, const char *efitop, const char *img)
{
	char p[PATH_MAX], kb[32], at[PATH_MAX + 8];
	esp_bytes = 0;
	snprintf(p, sizeof p, "%s/%s", tree, efitop);
	nftw(p, add_size, 16, FTW_PHYS);
	snprintf(p, sizeof p, "%s/windows", tree);
	nftw(p, add_size, 16, FTW_PHYS);
	if (esp_bytes > FAT_MAX_FILE * 2) esp_bytes += esp_bytes / 8; /* 32 KiB clusters above 8 GiB */
	uint64_t k = (esp_bytes + esp_bytes / 32 + (2u << 20)) / 1024;
	write_mbr(img, 2 * k);
	snprintf(kb, sizeof kb, "%llu", (unsigned long long)k);
	snprintf(at, sizeof at, "%s@@1M", img);
	char *mk[] = {"mkfs.vfat", "--offset", "2048", "-n", "WINPE_EFI", (char *)img, kb, NULL};
	tool(mk, "making the FAT ESP image");
	char src[PATH_MAX];
	snprintf(src, sizeof src, "%s/%s", tree, efitop);
	char *cp[] = {"mcopy", "-s", "-Q", "-i", at, src, "::/", NULL};
	tool(cp, "copying EFI/ into the ESP image");
	char *md[] = {"mmd", "-i", at, "::/windows", NULL};
	tool(md, "creating windows/ in the ESP image");
	snprintf(p, sizeof p, "%s/windows", tree);
	DIR *d = opendir(p);
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL) {
		char mf[PATH_MAX];
		if (de->d_name[0] == '.') continue; /* lock, staging, aside copies */
		snprintf(mf, sizeof mf, "%s/%s/manifest", p, de->d_name);
		if (access(mf, F_OK) != 0) continue;
		snprintf(src, sizeof src, "%s/%s", p, de->d_name);
		char *ci[] = {"mcopy", "-s", "-Q", "-i", at, src, "::/windows/", NULL};
		tool(ci, "copying windows/ into the ESP image");
	}
	if (d) closedir(d);
}

/* Does the file at path hold a prep-tftproot marker line? */
static int has_marker(const char *path)
{
	char *t = tree_slurp(path, NULL);
	int ok = t && strstr(t, "# BEGIN prep-tftproot ") != NULL;
	free(t);
	return ok;
}

/* fsync a file or directory by path. 0 or -1. */
static int sync_path(const char *p)
{
	int fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0) return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Remove staging directories .BASE.prep-XXXXXX of killed runs (the caller
 * holds the output directory's lock, so none is in use). */
static void sweep_stale(const char *outdir, const char *base)
{
	char pre[PATH_MAX];
	snprintf(pre, sizeof pre, ".%s.prep-", base);
	size_t pl = strlen(pre);
	DIR *d = opendir(outdir);
	struct dirent *de;
	while (d && (de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, pre, pl) || strlen(de->d_name) != pl + 6) continue;
		char p[PATH_MAX * 2];
		snprintf(p, sizeof p, "%s/%s", outdir, de->d_name);
		tree_rm_rf(p);
	}
	if (d) closedir(d);
}

/* The whole --iso run (see isoout.h). */
int isoout_run(struct mc_opts *o)
{
	char err[512], name[128], state[32], outdir[PATH_MAX], stage[PATH_MAX], tree[PATH_MAX];
	char esp[PATH_MAX], tmpiso[PATH_MAX];
	const char *out = o->out;
	const char *slash = strrchr(out, '/');
	const char *base = slash ? slash + 1 : out;
	if (!*base) mc_die("--iso %s: give a file name (OUT.iso)", out);
	if (slash) snprintf(outdir, sizeof outdir, "%.*s", (int)(slash - out) ? (int)(slash - out) : 1, out);
	else snprintf(outdir, sizeof outdir, ".");

	/* PATH may lack the sbin directories mkfs.vfat lives in */
	const char *path = getenv("PATH");
	char np[8192];
	snprintf(np, sizeof np, "%s:/usr/sbin:/sbin", path ? path : "/usr/bin:/bin");
	setenv("PATH", np, 1);
	setenv("MTOOLS_SKIP_CHECK", "1", 1);
	static const char *const tools[][2] = {{"xorriso", "xorriso"}, {"mkfs.vfat", "dosfstools"},
					       {"mcopy", "mtools"}, {"mmd", "mtools"}};
	for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++)
		if (!on_path(tools[i][0])) mc_die("%s not found: install the %s package", tools[i][0], tools[i][1]);
	if (access(ISOHDPFX, R_OK) != 0) mc_die("%s not found: install the isolinux package", ISOHDPFX);

	struct stat st;
	int had = stat(out, &st) == 0;
	if (had && !S_ISREG(st.st_mode)) mc_die("--iso %s exists and is not a regular file", out);
	uint64_t old = had ? (uint64_t)st.st_size : 0;

	/* limits first: the ESP copy of boot.wim is on FAT; then space for the
	 * staged tree, the ESP image, the new ISO and a read-back old one */
	uint64_t wim = mc_wim_size(o);
	if (wim > FAT_MAX_FILE)
		mc_die("%s: sources/boot.wim is %llu bytes, but the ISO's UEFI boot image is FAT, which holds files "
		       "of at most 4 GiB - 1 (4294967295 bytes): use a smaller boot.wim, or serve it by PXE",
		       o->src, (unsigned long long)wim);
	uint64_t need = 4 * wim + 2 * old + (128u << 20), have = mc_free_space(outdir);
	if (have < need)
		mc_die("not enough free space in %s for %s: need %llu MiB, have %llu MiB", outdir, out,
		       (unsigned long long)(need >> 20), (unsigned long long)(have >> 20));

	/* one run per output directory; what a killed run left is ours to remove */
	int dfd = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) mc_die("%s: %s", outdir, strerror(errno));
	if (flock(dfd, LOCK_EX | LOCK_NB) != 0) mc_die("another prep-tftproot is writing in %s", outdir);
	sweep_stale(outdir, base);
	snprintf(stage, sizeof stage, "%s/.%s.prep-XXXXXX", outdir, base);
	if (!mkdtemp(stage)) mc_die("%s: %s", stage, strerror(errno));
	mc_set_cleanup(stage);
	snprintf(tree, sizeof tree, "%s/tree", stage);
	snprintf(esp, sizeof esp, "%s/" EFI_IMG, tree);
	snprintf(tmpiso, sizeof tmpiso, "%s/out.iso", stage);
	if (mkdir(tree, 0755) != 0) mc_die("%s: %s", tree, strerror(errno));

	if (had) {
		/* read the old medium back: its images and config lines stay */
		char *x[] = {"xorriso", "-report_about", "SORRY", "-osirrox", "on", "-indev", (char *)out,
			     "-extract", "/", tree, NULL};
		tool(x, "reading the existing ISO back");
		nftw(tree, make_writable, 16, FTW_PHYS);
		char cfg[PATH_MAX + 32];
		snprintf(cfg, sizeof cfg, "%s/isolinux/isolinux.cfg", tree);
		if (!o->force && !has_marker(cfg))
			mc_die("%s exists and was not made by prep-tftproot (no marked entry in /isolinux/isolinux.cfg): "
			       "give another OUT.iso, or --force to rebuild it from its files", out);
		/* the catalog is made anew; isolinux.bin was patched by -boot-info-table */
		snprintf(cfg, sizeof cfg, "%s/isolinux/boot.cat", tree);
		unlink(cfg);
		snprintf(cfg, sizeof cfg, "%s/" EFI_IMG, tree);
		unlink(cfg);
		snprintf(cfg, sizeof cfg, "%s/isolinux/isolinux.bin", tree);
		if (access(cfg, F_OK) == 0 && tree_copy_atomic(ISOLINUX_BIN, cfg, 0644))
			mc_die("%s: %s", cfg, strerror(errno));
	}
	struct mt_layout l;
	mt_layout_iso(&l, tree, o->module_dir);
	if (mt_check(&l, 1, err, sizeof err)) mc_die("%s", err);

	mc_build_tree(o, tree, name, sizeof name, state, sizeof state);
	char lock[PATH_MAX + 32];
	snprintf(lock, sizeof lock, "%s/windows/.prep-tftproot.lock", tree);
	unlink(lock);
	int n = mt_install(&l, err, sizeof err);
	if (n < 0) mc_die("%s", err);
	int c = mt_config(&l, name, o->title, err, sizeof err);
	if (c < 0) mc_die("%s", err);
	if (had && !strcmp(state, "unchanged") && n == 0 && c == 0) {
		tree_rm_rf(stage);
		mc_set_cleanup(NULL);
		printf("%s: unchanged (windows/%s and the menu entries are as they were)\n", out, name);
		return 0;
	}

	char efitop[16];
	snprintf(efitop, sizeof efitop, "%.*s", (int)strcspn(l.efidir, "/"), l.efidir);
	make_esp(tree, efitop, esp);
	char *x[] = {"xorriso", "-as", "mkisofs", "-quiet", "-iso-level", "3", "-r", "-J", "-joliet-long",
		     "-V", "WINPE_C32", "-o", tmpiso, "-isohybrid-mbr", ISOHDPFX,
		     "-c", "isolinux/boot.cat", "-b", "isolinux/isolinux.bin", "-no-emul-boot",
		     "-boot-load-size", "4", "-boot-info-table",
		     "-eltorito-alt-boot", "-e", EFI_IMG, "-hard-disk-boot", tree, NULL};
	tool(x, "writing the ISO");
	if (isombr_add_esp(tmpiso, err, sizeof err)) mc_die("making the ESP a USB partition: %s", err);
	if (sync_path(tmpiso)) mc_die("%s: %s", tmpiso, strerror(errno));
	if (rename(tmpiso, out) != 0) mc_die("moving the new ISO to %s: %s", out, strerror(errno));
	sync_path(outdir);
	tree_rm_rf(stage);
	mc_set_cleanup(NULL);
	stat(out, &st);
	printf("%s: %s (%llu MiB; windows/%s %s): BIOS and UEFI, as a CD or written to a USB stick\n", out,
	       had ? "updated" : "created", (unsigned long long)(st.st_size >> 20), name, state);
	printf("USB: dd if=%s of=/dev/sdX bs=4M conv=fsync (the whole stick, not a partition)\n", out);
	return 0;
}
