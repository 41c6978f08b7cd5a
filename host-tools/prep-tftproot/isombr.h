/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * isombr.h - make the --iso image's UEFI boot image a partition of the
 * isohybrid MBR, so the image written to a USB stick boots UEFI too.
 *
 * The El Torito EFI entry (hard-disk emulation) points at an image that is
 * itself an MBR disk with one FAT partition.  The isohybrid MBR xorriso
 * writes has one partition (type 0x17) from sector 0 over the whole image;
 * UEFI firmware ignores MBRs with overlapping partitions, so partition 1 is
 * cut to end where that FAT starts and partition 2 (type 0xEF) is the FAT.
 * BIOS boot is unaffected: the MBR code loads isolinux by its own LBA.
 */
#ifndef PT_ISOMBR_H
#define PT_ISOMBR_H
#include <stddef.h>

/* Patch the ISO at path as above.  0, or -1 with err (nothing written). */
int isombr_add_esp(const char *path, char *err, size_t cap);

#endif
