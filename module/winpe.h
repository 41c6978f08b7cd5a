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
 * Firmware-specific: put back what winpe_fw_start() changed in the CPU
 * before the module returns to syslinux (BIOS: CR4's SSE bits; UEFI:
 * nothing, the watchdog stays off).  The BIOS hand-off does the same itself.
 */
void winpe_fw_stop(void);

/*
 * Firmware-specific: bytes of RAM the machine has (all of it, also above
 * 4 GiB), 0 when unknown.  Lets the module refuse, before fetching, a set
 * that cannot boot (sources_fetch()).
 */
uint64_t winpe_ram_bytes(void);

/*
 * Firmware-specific: memory for a file whose size nobody
 * announced (HTTP without a manifest), so it is streamed in place instead of
 * grown by realloc (copies, twice the memory at the peak):
 *   winpe_stream_grab()  reserves a block that can hold up to the largest
 *                        free block less WINPE_STREAM_HEADROOM, sets *cap;
 *                        NULL if none;
 *   winpe_stream_grow()  grows it in place (the data stays), sets *cap;
 *                        NULL when it cannot grow any more;
 *   winpe_stream_trim()  gives back everything past the first used bytes
 *                        without moving them and returns the buffer;
 *   winpe_stream_free()  frees such a buffer and returns true, or returns
 *                        false when p is not one (the caller free()s it).
 * The BIOS build (com32/stream.c) takes the largest malloc block at once
 * (syslinux's realloc shrinks in place); the efi64 build (efi/stream.c)
 * boot-services pages from the bottom of the largest range, grown in place.
 */
#define WINPE_STREAM_HEADROOM (1u << 20)
void *winpe_stream_grab(uint64_t *cap);
void *winpe_stream_grow(void *p, uint64_t *cap);
void *winpe_stream_trim(void *p, uint64_t used);
bool winpe_stream_free(void *p);

#endif
