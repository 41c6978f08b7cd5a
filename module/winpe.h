/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * winpe.h - what the syslinux glue hands from fetching to booting.
 * Shared by the BIOS (com32/) and efi64 (efi/) hand-off code.
 */
#ifndef WINPE_H
#define WINPE_H
#include <stdbool.h>
#include <stdint.h>
#include "fileset.h"
#include "wp.h"

/* Options shared by both firmware builds (wimboot-compatible names). */
struct winpe_opts {
	unsigned index;   /* WIM image to boot, 0 = the WIM's boot index */
	bool pause, pause_quiet, gui, quiet, rawbcd, rawwim, check;
	bool linear, highmem; /* BIOS placement of file data (see memplan.h) */
	bool systab_image;    /* UEFI: find the system table by the image scan */
};

/* The fetched files (memory owned by the set) and what core/fileset.c made of them. */
struct winpe_set {
	struct fileset_file *files;
	unsigned n_files;
	struct winpe_opts opts;
	struct fileset_roles roles; /* set once the set is complete and patched */
};

/* Wait for a key if the options say pause (both hand-offs, just before). */
void winpe_pause(const struct winpe_opts *o);

/*
 * Firmware-specific hand-off (com32/boot.c, efi/boot.c): builds the
 * virtual disk over the files and starts the Windows boot manager
 * (set->roles.bootmgr[]).  Returns only on failure, after printing a message
 * that names the file and the fix; the caller then returns to the syslinux
 * menu.  In check mode it plans everything but the hand-off and returns 0.
 */
int winpe_boot(struct winpe_set *set);

/*
 * Firmware-specific start-up, before anything is planned or fetched
 * (com32/fwstart.c, efi/fwstart.c).  UEFI: finds the system table and
 * syslinux.efi's image handle once and disables the firmware watchdog, which
 * would otherwise reset the machine 5 minutes after syslinux.efi started.
 * Fails, with a message in *err, only when the firmware cannot be reached.
 */
int winpe_fw_start(const struct winpe_opts *o, struct wp_err *err);

/*
 * Firmware-specific: bytes of RAM the machine has (all of it, also above
 * 4 GiB), 0 when unknown.  Lets the module refuse, before fetching, a set
 * that cannot boot (sources_fetch()).
 */
uint64_t winpe_ram_bytes(void);

#endif
