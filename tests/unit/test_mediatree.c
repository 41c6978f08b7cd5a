/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_mediatree.c - the syslinux side of USB/ISO media (prep-tftproot/mediatree.c):
 * which directories a layout uses, the configs it writes, what it installs. */
#define _GNU_SOURCE
#include "harness.h"
#include "../../host-tools/prep-tftproot/mediatree.h"
#include "../../host-tools/prep-tftproot/tree.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Write a small file, creating its directory. */
static void put(const char *dir, const char *rel, const char *text)
{
	char p[4400];
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	char *s = strrchr(p, '/');
	*s = 0;
	tree_mkdirs(p, 0755);
	*s = '/';
	FILE *f = fopen(p, "w");
	if (f) { fputs(text, f); fclose(f); }
}

/* Whole file at dir/rel, malloc'd (NULL if absent). */
static char *get(const char *dir, const char *rel)
{
	char p[4400];
	snprintf(p, sizeof p, "%s/%s", dir, rel);
	return tree_slurp(p, NULL);
}

/* Layouts: the USB config directory syslinux reads, the EFI spelling in use, isolinux. */
static int test_layouts(void)
{
	int h_bad = 0;
	char d[] = "/tmp/test_mediatree.XXXXXX";
	if (!mkdtemp(d)) return 1;
	struct mt_layout l;
	mt_layout_media(&l, d, "/m");
	EXPECT(!strcmp(l.biosdir, "") && !strcmp(l.biocfg, "syslinux.cfg") && !strcmp(l.efidir, "EFI/BOOT") && !l.iso,
	       "empty stick: '%s' '%s' '%s'", l.biosdir, l.biocfg, l.efidir);
	put(d, "syslinux/syslinux.cfg", "x\n");
	mt_layout_media(&l, d, "/m");
	EXPECT(!strcmp(l.biosdir, "syslinux"), "syslinux/: '%s'", l.biosdir);
	put(d, "boot/syslinux/syslinux.cfg", "x\n");
	put(d, "efi/boot/x", "x\n");
	mt_layout_media(&l, d, "/m");
	EXPECT(!strcmp(l.biosdir, "boot/syslinux") && !strcmp(l.efidir, "efi/boot"), "boot/syslinux/: '%s' '%s'", l.biosdir, l.efidir);
	mt_layout_iso(&l, d, "/m");
	EXPECT(!strcmp(l.biosdir, "isolinux") && !strcmp(l.biocfg, "isolinux.cfg") && l.iso, "iso: '%s' '%s'", l.biosdir, l.biocfg);
	char want[4400];
	snprintf(want, sizeof want, "%s/isolinux/isolinux.cfg", d);
	EXPECT(!strcmp(mt_cfg_path(&l, 0), want), "cfg path %s", mt_cfg_path(&l, 0));
	tree_rm_rf(d);
	return h_bad;
}

/* Configs: a new one has the header and an absolute APPEND; a rerun changes
 * nothing; a second image is appended; the user's lines stay. */
static int test_config(void)
{
	int h_bad = 0;
	char d[] = "/tmp/test_mediatree.XXXXXX", err[512];
	if (!mkdtemp(d)) return 1;
	struct mt_layout l;
	mt_layout_media(&l, d, "/m");
	EXPECT(mt_config(&l, "pe", NULL, err, sizeof err) == 2, "first: %s", err);
	const char *want = "# syslinux configuration (created by prep-tftproot)\nUI menu.c32\nMENU TITLE Windows PE\n"
			   "SERIAL 0 115200\nDEFAULT pe\nPROMPT 0\nTIMEOUT 50\n\n"
			   "# BEGIN prep-tftproot pe\nLABEL pe\n  MENU LABEL Windows PE (pe)\n  KERNEL winpe.c32\n"
			   "  APPEND /windows/pe\n# END prep-tftproot pe\n";
	char *a = get(d, "syslinux.cfg"), *b = get(d, "EFI/BOOT/syslinux.cfg");
	EXPECT(a && !strcmp(a, want), "got:\n%s", a ? a : "(none)");
	EXPECT(b && a && !strcmp(a, b), "EFI config differs");
	free(a); free(b);
	EXPECT(mt_config(&l, "pe", NULL, err, sizeof err) == 0, "rerun changed something");
	EXPECT(mt_config(&l, "two", "Second", err, sizeof err) == 2, "second image: %s", err);
	a = get(d, "syslinux.cfg");
	EXPECT(a && strstr(a, "DEFAULT pe\n") && strstr(a, "APPEND /windows/pe\n# END prep-tftproot pe\n# BEGIN prep-tftproot two\n"
				"LABEL two\n  MENU LABEL Second\n"), "got:\n%s", a ? a : "(none)");
	free(a);
	put(d, "EFI/BOOT/syslinux.cfg", "DEFAULT mine\nLABEL mine\n");
	EXPECT(mt_config(&l, "pe", NULL, err, sizeof err) == 1, "only the EFI config changes");
	a = get(d, "EFI/BOOT/syslinux.cfg");
	EXPECT(a && !strncmp(a, "DEFAULT mine\nLABEL mine\n# BEGIN prep-tftproot pe\n", 48), "got:\n%s", a ? a : "(none)");
	free(a);
	tree_rm_rf(d);
	return h_bad;
}

/* Runtime: a missing winpe.c32 is named with the fix; files are installed
 * once; a different file of the user's is refused unless forced. */
static int test_runtime(void)
{
	int h_bad = 0;
	char d[] = "/tmp/test_mediatree.XXXXXX", m[] = "/tmp/test_mediatree_m.XXXXXX", err[512];
	if (!mkdtemp(d) || !mkdtemp(m)) return 1;
	if (access("/usr/lib/syslinux/modules/efi64/ldlinux.e64", R_OK) || access("/usr/lib/ISOLINUX/isolinux.bin", R_OK)) {
		h_skip("mediatree-runtime", "syslinux-common/syslinux-efi/isolinux not installed (scripts/deps.sh)");
		return 0;
	}
	struct mt_layout l;
	mt_layout_iso(&l, d, m);
	EXPECT(mt_check(&l, 0, err, sizeof err) == -1 && strstr(err, "/bios/winpe.c32 not found") &&
	       strstr(err, "run `make all` or pass --module-dir DIR"), "missing module: %s", err);
	put(m, "bios/winpe.c32", "bios module\n");
	put(m, "efi64/winpe.c32", "efi64 module\n");
	EXPECT(mt_check(&l, 0, err, sizeof err) == 0, "check: %s", err);
	EXPECT(mt_install(&l, err, sizeof err) == 12, "iso install count");
	EXPECT(mt_install(&l, err, sizeof err) == 0, "reinstall changed files");
	char *w = get(d, "EFI/BOOT/winpe.c32");
	EXPECT(w && !strcmp(w, "efi64 module\n"), "EFI winpe.c32");
	free(w);
	tree_rm_rf(d);
	mkdir(d, 0755);
	mt_layout_media(&l, d, m);
	put(d, "EFI/BOOT/BOOTX64.EFI", "grub\n");
	EXPECT(mt_check(&l, 0, err, sizeof err) == -1 && strstr(err, "/EFI/BOOT/BOOTX64.EFI exists and differs from /usr/lib/SYSLINUX.EFI/efi64/syslinux.efi (use --force"),
	       "foreign file: %s", err);
	EXPECT(mt_check(&l, 1, err, sizeof err) == 0, "forced: %s", err);
	EXPECT(mt_install(&l, err, sizeof err) == 10, "media install count (no isolinux.bin, no ldlinux.c32)");
	char p[4400];
	snprintf(p, sizeof p, "%s/ldlinux.c32", d);
	EXPECT(access(p, F_OK) != 0, "ldlinux.c32 is syslinux --install's");
	tree_rm_rf(d);
	tree_rm_rf(m);
	return h_bad;
}

/* Run the three groups. */
int main(void)
{
	RUN(test_layouts);
	RUN(test_config);
	RUN(test_runtime);
	return H_DONE();
}
