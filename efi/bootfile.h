/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bootfile.h - the Windows boot manager images to try, in the order
 * core/fileset.c chose them (bootmgfw_EX.efi, signed by the 2023 CA, first,
 * then bootmgfw.efi; uefi-boot.md A.3), validated as EFI applications.
 */
#ifndef WINPE_EFI_BOOTFILE_H
#define WINPE_EFI_BOOTFILE_H
#include "winpe.h"
#include "wp.h"

#define BOOTFILE_MAX FILESET_MAX_BOOTMGR

struct bootfile {
	const char *name;       /* name on the virtual disk */
	const char *src;        /* where it came from, for messages */
	const uint8_t *data;
	uint64_t size;
	char disk_path[128];    /* its path on the partition, for the device path */
};

/*
 * Fill bf[] with set->roles.bootmgr[] in boot order and validate each as a PE32+
 * x86-64 EFI application.  Returns the count (>= 1), or a negative WP_E* with
 * a message naming the file and the fix.
 */
int bootfile_collect(const struct winpe_set *set, struct bootfile bf[BOOTFILE_MAX],
		     struct wp_err *err);

#endif
