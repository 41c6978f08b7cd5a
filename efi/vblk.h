/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vblk.h - the virtual disk as two UEFI handles (uefi-boot.md A.2): the
 * whole disk and its one FAT32 partition, each with a read-only BlockIo and a
 * DevicePath VenHw(<ours>)/Ata(Primary,Master)[/HD(1,MBR,sig,start,size)],
 * both served by vdisk_read().
 */
#ifndef WINPE_EFI_VBLK_H
#define WINPE_EFI_VBLK_H
#include <efi.h>
#include "vdisk.h"

#define VBLK_MEDIA_ID 0x57504531u   /* "WPE1" */

struct vblk {
	EFI_BLOCK_IO bio;          /* first: the BlockIo pointer is the vblk */
	EFI_BLOCK_IO_MEDIA media;
	const struct vdisk *vd;
	uint64_t first;            /* disk LBA of this handle's block 0 */
	EFI_DEVICE_PATH *dp;       /* malloc'd */
	EFI_HANDLE handle;
};

struct vblk_pair {
	struct vblk disk, part;
	EFI_BOOT_SERVICES *bs;
};

/* Install both handles over vd; fails with a message. */
int vblk_install(struct vblk_pair *p, EFI_BOOT_SERVICES *bs, const struct vdisk *vd,
		 struct wp_err *err);
/* Remove both handles again (boot failed, back to syslinux). */
void vblk_uninstall(struct vblk_pair *p);
/* A malloc'd device path: the partition's path + a file node for path (UCS-2). */
EFI_DEVICE_PATH *vblk_file_path(const struct vblk_pair *p, const char *path);

#endif
