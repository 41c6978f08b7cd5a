/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bootfile.h - which Windows boot manager images to try, in order:
 * bootmgfw_EX.efi (2023 CA) first, then bootmgfw.efi (uefi-boot.md A.3).
 * Today they come from the given files; extraction from the WIM
 * (\Windows\Boot\EFI_EX\bootmgfw_EX.efi, \Windows\Boot\EFI\bootmgfw.efi)
 * plugs in at bootfile_collect() once the WIM reader lands.
 */
#ifndef WINPE_EFI_BOOTFILE_H
#define WINPE_EFI_BOOTFILE_H
#include "winpe.h"
#include "wp.h"

#define BOOTFILE_MAX 2

struct bootfile {
	const char *name;       /* name on the virtual disk */
	const char *src;        /* where it came from, for messages */
	const uint8_t *data;
	uint64_t size;
	char disk_path[128];    /* its path on the partition, for the device path */
};

/*
 * Fill bf[] with the candidates in boot order and validate each as a PE32+
 * x86-64 EFI application.  Returns the count (>= 1), or a negative WP_E* with
 * a message naming the file and the fix.
 */
int bootfile_collect(const struct winpe_set *set, struct bootfile bf[BOOTFILE_MAX],
		     struct wp_err *err);

#endif
