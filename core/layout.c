/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * layout.c - the prep-tftproot directory layout as winpe.c32 reads it:
 *   bootmgr, bootmgr.exe            BIOS boot manager (container / PE)
 *   bootmgfw.efi, bootmgfw_ex.efi   UEFI boot managers
 *   boot/bcd                        BIOS BCD store (also the UEFI one if no efi BCD)
 *   efi/microsoft/boot/bcd          UEFI BCD store
 *   boot/boot.sdi, sources/boot.wim, boot/fonts/..., efi/boot.stl, manifest
 * Without a manifest each role is tried in the usual case variants (TFTP
 * servers on Linux are case-sensitive); with one, exactly its files are used.
 * Other files under efi/microsoft/boot/ or efi/boot/ get the disk name
 * \boot\... (the virtual disk mirrors the three boot directories), so
 * boot/fonts/x.ttf and efi/microsoft/boot/fonts/x.ttf are one file.
 */
#include "layout.h"

static const char *const c_manifest[] = { "manifest", NULL };
static const char *const c_bootmgr[] = { "bootmgr", "BOOTMGR", NULL };
static const char *const c_bootmgr_exe[] = { "bootmgr.exe", "BOOTMGR.EXE", NULL };
static const char *const c_bootmgfw[] = { "bootmgfw.efi", "BOOTMGFW.EFI",
	"efi/boot/bootx64.efi", "EFI/BOOT/BOOTX64.EFI", "efi/microsoft/boot/bootmgfw.efi", NULL };
static const char *const c_bootmgfw_ex[] = { "bootmgfw_ex.efi", "bootmgfw_EX.efi", NULL };
static const char *const c_bcd_bios[] = { "boot/bcd", "Boot/BCD", "BOOT/BCD", "boot/BCD", NULL };
static const char *const c_bcd_efi[] = { "efi/microsoft/boot/bcd", "EFI/Microsoft/Boot/BCD",
	"EFI/MICROSOFT/BOOT/BCD", "boot/bcd", "Boot/BCD", "BOOT/BCD", "boot/BCD", NULL };
static const char *const c_sdi[] = { "boot/boot.sdi", "Boot/boot.sdi", "BOOT/BOOT.SDI",
	"boot/BOOT.SDI", NULL };
static const char *const c_wim[] = { "sources/boot.wim", "Sources/boot.wim", "SOURCES/BOOT.WIM",
	"sources/BOOT.WIM", NULL };
static const char *const c_stl[] = { "efi/boot.stl", "efi/microsoft/boot/boot.stl",
	"EFI/Microsoft/Boot/boot.stl", NULL };

static const struct layout_role_info roles_bios[] = {
	{ ROLE_MANIFEST, false, "manifest", c_manifest },
	{ ROLE_BOOTMGR, false, "bootmgr", c_bootmgr },
	{ ROLE_BOOTMGR_EXE, false, "bootmgr.exe", c_bootmgr_exe },
	{ ROLE_BCD, false, "\\boot\\bcd", c_bcd_bios },
	{ ROLE_SDI, false, "\\boot\\boot.sdi", c_sdi },
	{ ROLE_WIM, true, "\\sources\\boot.wim", c_wim },
};
static const struct layout_role_info roles_efi[] = {
	{ ROLE_MANIFEST, false, "manifest", c_manifest },
	{ ROLE_BOOTMGFW_EX, false, "bootmgfw_EX.efi", c_bootmgfw_ex },
	{ ROLE_BOOTMGFW, false, "bootmgfw.efi", c_bootmgfw },
	{ ROLE_BCD, false, "\\boot\\bcd", c_bcd_efi },
	{ ROLE_SDI, false, "\\boot\\boot.sdi", c_sdi },
	{ ROLE_WIM, true, "\\sources\\boot.wim", c_wim },
	{ ROLE_STL, false, "\\efi\\microsoft\\boot\\boot.stl", c_stl },
};

/* The roles of a firmware, in fetch order. */
const struct layout_role_info *layout_roles(enum layout_fw fw, unsigned *n)
{
	if (fw == LAYOUT_BIOS) {
		*n = sizeof(roles_bios) / sizeof(roles_bios[0]);
		return roles_bios;
	}
	*n = sizeof(roles_efi) / sizeof(roles_efi[0]);
	return roles_efi;
}

/* ASCII case-insensitive equality. */
static bool ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return false;
	}
	return *a == *b;
}

/* Does rel match any candidate of a list (case-insensitively)? */
static bool in_list(const char *const *c, const char *rel)
{
	for (; *c; c++)
		if (ieq(*c, rel))
			return true;
	return false;
}

/* rel without a leading p (ASCII case ignored), or NULL. */
static const char *skip_prefix(const char *rel, const char *p)
{
	for (; *p; p++, rel++) {
		char x = *rel, y = *p;
		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (x != y)
			return NULL;
	}
	return rel;
}

/*
 * What follows "efi/microsoft/boot/", "efi/boot/" or "boot/" in rel (at
 * least one more character), or NULL when rel is elsewhere.
 */
static const char *boot_alias(const char *rel)
{
	static const char *const pre[] = { "efi/microsoft/boot/", "efi/boot/", "boot/" };
	const char *r;
	unsigned i;

	for (i = 0; i < 3; i++)
		if ((r = skip_prefix(rel, pre[i])) != NULL && *r)
			return r;
	return NULL;
}

/* Role and disk name of a manifest entry for this firmware. */
enum layout_role layout_classify(enum layout_fw fw, const char *rel, char *buf,
				 size_t buflen, const char **disk)
{
	const char *rel_in = rel;
	const struct layout_role_info *r;
	unsigned n, i;
	size_t k;

	*disk = NULL;
	if (ieq(rel, "manifest"))
		return ROLE_SKIP;
	/* the other firmware's BCD / boot managers are not shown */
	if (fw == LAYOUT_BIOS && (in_list(c_bcd_efi, rel) && !in_list(c_bcd_bios, rel)))
		return ROLE_SKIP;
	if (fw == LAYOUT_BIOS && (in_list(c_bootmgfw, rel) || in_list(c_bootmgfw_ex, rel) ||
				  in_list(c_stl, rel)))
		return ROLE_SKIP;
	if (fw == LAYOUT_EFI && (in_list(c_bootmgr, rel) || in_list(c_bootmgr_exe, rel)))
		return ROLE_SKIP;
	r = layout_roles(fw, &n);
	for (i = 0; i < n; i++) {
		if (in_list(r[i].candidates, rel)) {
			*disk = r[i].disk;
			return r[i].role;
		}
	}
	/*
	 * anything else keeps its path: boot/fonts/x.ttf -> \boot\fonts\x.ttf;
	 * the virtual disk shows \boot, \efi\boot and \efi\microsoft\boot
	 * alike (core/vdisk.c), so the two efi ones are named \boot\... and a
	 * file in both places (media carry the fonts twice) is fetched once
	 */
	if (buflen < 8)
		return ROLE_SKIP;
	buf[0] = '\\';
	k = 0;
	if ((rel = boot_alias(rel)) != NULL) {
		memcpy(buf + 1, "boot\\", 5);
		k = 5;
	} else {
		rel = rel_in;
	}
	for (; *rel && k + 2 < buflen; k++, rel++)
		buf[k + 1] = *rel == '/' ? '\\' : *rel;
	buf[k + 1] = 0;
	if (*rel)
		return ROLE_SKIP;
	*disk = buf;
	return ROLE_OTHER;
}

/* Preference among manifest paths with the same disk name (see layout.h). */
unsigned layout_rank(enum layout_fw fw, const char *rel)
{
	const struct layout_role_info *r;
	unsigned n, i, k;

	r = layout_roles(fw, &n);
	for (i = 0; i < n; i++)
		for (k = 0; r[i].candidates[k]; k++)
			if (ieq(r[i].candidates[k], rel))
				return k < LAYOUT_RANKS ? k : LAYOUT_RANKS - 1;
	if (fw == LAYOUT_EFI)
		return skip_prefix(rel, "efi/") ? 0 : 1;
	return skip_prefix(rel, "efi/") ? 1 : 0;
}
