/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mediatree.h - the syslinux side of a bootable medium (USB stick, ISO):
 * the BIOS loader's directory (syslinux / isolinux modules, winpe.c32, its
 * config) and EFI/BOOT (syslinux.efi as BOOTX64.EFI, the efi64 modules,
 * winpe.c32, syslinux.cfg), each config holding one marked entry per image
 * (pxecfg.h) that boots /windows/NAME.
 */
#ifndef PT_MEDIATREE_H
#define PT_MEDIATREE_H
#include <stddef.h>

struct mt_layout {
	char root[4096];     /* the medium's root directory on the host */
	char biosdir[32];    /* "", "syslinux", "boot/syslinux" or "isolinux" */
	char biocfg[16];     /* "syslinux.cfg" or "isolinux.cfg" */
	char efidir[16];     /* "EFI/BOOT" (or the existing "efi/boot") */
	int iso;             /* isolinux: isolinux.bin and ldlinux.c32 come from us */
	char module_dir[4096]; /* where bios/winpe.c32 and efi64/winpe.c32 are */
};

/* Lay out a USB/FAT medium at root: the config directory syslinux searches
 * first that already holds a syslinux.cfg, else the root. */
void mt_layout_media(struct mt_layout *l, const char *root, const char *module_dir);
/* Lay out an isolinux ISO tree at root. */
void mt_layout_iso(struct mt_layout *l, const char *root, const char *module_dir);
/* Every runtime source exists and (unless force) no file of the user's would
 * be replaced.  0 or -1 with err. */
int mt_check(const struct mt_layout *l, int force, char *err, size_t cap);
/* Install the runtime files that differ.  Number changed, or -1 with err. */
int mt_install(const struct mt_layout *l, char *err, size_t cap);
/* Put NAME's marked entry into both configs (created with a serial console,
 * prompt and timeout when new).  Number of configs changed, or -1 with err. */
int mt_config(const struct mt_layout *l, const char *name, const char *title, char *err, size_t cap);
/* Host path of the BIOS (efi=0) or UEFI (efi=1) config, static buffer. */
const char *mt_cfg_path(const struct mt_layout *l, int efi);

#endif
