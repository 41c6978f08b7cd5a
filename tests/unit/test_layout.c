/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_layout.c - the prep-tftproot directory layout as each firmware reads it. */
#include "harness.h"
#include "layout.h"

/* Role and disk name of one manifest path. */
static int one(enum layout_fw fw, const char *rel, enum layout_role role, const char *disk)
{
	char buf[64];
	const char *d;
	int h_bad = 0;
	enum layout_role got = layout_classify(fw, rel, buf, sizeof(buf), &d);

	EXPECT(got == role, "%s: role %d, want %d", rel, got, role);
	if (disk)
		EXPECT(d && !strcmp(d, disk), "%s: disk '%s', want '%s'", rel, d ? d : "(null)", disk);
	else
		EXPECT(!d, "%s: disk '%s', want none", rel, d);
	return h_bad;
}

/* BIOS uses boot/bcd and bootmgr*, skips the UEFI files. */
static int test_bios(void)
{
	int h_bad = 0;
	h_bad += one(LAYOUT_BIOS, "boot/bcd", ROLE_BCD, "\\boot\\bcd");
	h_bad += one(LAYOUT_BIOS, "BOOT/BCD", ROLE_BCD, "\\boot\\bcd");
	h_bad += one(LAYOUT_BIOS, "efi/microsoft/boot/bcd", ROLE_SKIP, NULL);
	h_bad += one(LAYOUT_BIOS, "bootmgfw.efi", ROLE_SKIP, NULL);
	h_bad += one(LAYOUT_BIOS, "bootmgr", ROLE_BOOTMGR, "bootmgr");
	h_bad += one(LAYOUT_BIOS, "bootmgr.exe", ROLE_BOOTMGR_EXE, "bootmgr.exe");
	h_bad += one(LAYOUT_BIOS, "sources/boot.wim", ROLE_WIM, "\\sources\\boot.wim");
	h_bad += one(LAYOUT_BIOS, "boot/boot.sdi", ROLE_SDI, "\\boot\\boot.sdi");
	h_bad += one(LAYOUT_BIOS, "boot/fonts/wgl4_boot.ttf", ROLE_OTHER, "\\boot\\fonts\\wgl4_boot.ttf");
	h_bad += one(LAYOUT_BIOS, "manifest", ROLE_SKIP, NULL);
	/* the efi boot directories are mirrors of \boot on the virtual disk */
	h_bad += one(LAYOUT_BIOS, "efi/microsoft/boot/fonts/wgl4_boot.ttf", ROLE_OTHER,
		     "\\boot\\fonts\\wgl4_boot.ttf");
	h_bad += one(LAYOUT_BIOS, "EFI/Boot/fonts/x.ttf", ROLE_OTHER, "\\boot\\fonts\\x.ttf");
	h_bad += one(LAYOUT_BIOS, "efi/microsoft/bootx/a.bin", ROLE_OTHER, "\\efi\\microsoft\\bootx\\a.bin");
	h_bad += one(LAYOUT_BIOS, "setup.exe", ROLE_OTHER, "\\setup.exe");
	return h_bad;
}

/* UEFI prefers the efi BCD, uses bootmgfw*, skips bootmgr*. */
static int test_efi(void)
{
	int h_bad = 0;
	h_bad += one(LAYOUT_EFI, "efi/microsoft/boot/bcd", ROLE_BCD, "\\boot\\bcd");
	h_bad += one(LAYOUT_EFI, "bootmgr.exe", ROLE_SKIP, NULL);
	h_bad += one(LAYOUT_EFI, "bootmgfw.efi", ROLE_BOOTMGFW, "bootmgfw.efi");
	h_bad += one(LAYOUT_EFI, "bootmgfw_EX.efi", ROLE_BOOTMGFW_EX, "bootmgfw_EX.efi");
	h_bad += one(LAYOUT_EFI, "efi/boot.stl", ROLE_STL, "\\efi\\microsoft\\boot\\boot.stl");
	h_bad += one(LAYOUT_EFI, "efi/microsoft/boot/fonts/segmono_boot.ttf", ROLE_OTHER,
		     "\\boot\\fonts\\segmono_boot.ttf");
	h_bad += one(LAYOUT_EFI, "boot/fonts/segmono_boot.ttf", ROLE_OTHER,
		     "\\boot\\fonts\\segmono_boot.ttf");
	return h_bad;
}

/* Required roles and case variants without a manifest. */
static int test_roles(void)
{
	unsigned n, i, req = 0;
	int h_bad = 0;
	const struct layout_role_info *r = layout_roles(LAYOUT_BIOS, &n);

	for (i = 0; i < n; i++)
		req += r[i].required;
	EXPECT(req == 1, "BIOS requires %u roles, want 1 (wim; bcd and sdi come from it)", req);
	EXPECT(r[0].role == ROLE_MANIFEST, "manifest is fetched first");
	for (i = 0; i < n; i++)
		if (r[i].role == ROLE_BCD)
			EXPECT(!strcmp(r[i].candidates[0], "boot/bcd") &&
			       !strcmp(r[i].candidates[1], "Boot/BCD") &&
			       !strcmp(r[i].candidates[2], "BOOT/BCD"), "BCD case variants");
	return h_bad;
}

/* A too-long path is skipped rather than truncated. */
static int test_long(void)
{
	char buf[8];
	const char *d;
	int h_bad = 0;
	EXPECT(layout_classify(LAYOUT_BIOS, "boot/fonts/long.ttf", buf, sizeof(buf), &d) == ROLE_SKIP,
	       "truncation must not happen");
	return h_bad;
}

/* Preference among paths that share a disk name. */
static int test_rank(void)
{
	int h_bad = 0;
	EXPECT(layout_rank(LAYOUT_EFI, "efi/microsoft/boot/bcd") < layout_rank(LAYOUT_EFI, "boot/bcd"),
	       "UEFI prefers efi/microsoft/boot/bcd");
	EXPECT(layout_rank(LAYOUT_BIOS, "boot/bcd") == 0, "BIOS: boot/bcd first");
	EXPECT(layout_rank(LAYOUT_EFI, "bootmgfw.efi") < layout_rank(LAYOUT_EFI, "efi/boot/bootx64.efi"),
	       "UEFI prefers bootmgfw.efi to bootx64.efi");
	EXPECT(layout_rank(LAYOUT_EFI, "efi/microsoft/boot/fonts/a.ttf") <
	       layout_rank(LAYOUT_EFI, "boot/fonts/a.ttf"), "UEFI prefers its own fonts");
	EXPECT(layout_rank(LAYOUT_BIOS, "boot/fonts/a.ttf") <
	       layout_rank(LAYOUT_BIOS, "efi/microsoft/boot/fonts/a.ttf"), "BIOS prefers its own fonts");
	EXPECT(layout_rank(LAYOUT_EFI, "EFI/MICROSOFT/BOOT/BCD") < LAYOUT_RANKS, "rank in range");
	return h_bad;
}

int main(void)
{
	RUN(test_rank);
	RUN(test_bios);
	RUN(test_efi);
	RUN(test_roles);
	RUN(test_long);
	return H_DONE();
}
