/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * winpe.h - what the syslinux glue hands from fetching to booting.
 * Shared by the BIOS (com32/) and efi64 (efi/) hand-off code.
 */
#ifndef WINPE_H
#define WINPE_H
#include <stdbool.h>
#include <stdint.h>
#include "vdisk.h"

/* One fetched file, held in memory owned by the module. */
struct winpe_file {
	char *name;     /* name on the virtual disk: "boot.wim" or "\sources\boot.wim" */
	char *src;      /* where it came from (TFTP path or URL), for messages */
	uint8_t *data;  /* the bytes (malloc'd; never copied again) */
	uint64_t size;
	bool inject;    /* to be injected into the WIM rather than shown on the disk */
	bool user;      /* named on the APPEND line (file=, initrdfile=) */
	bool hidden;    /* memory the disk refers to, not a file of its own */
	/*
	 * What the disk shows, when it is not simply data[0..size): e.g. a
	 * patched WIM made of the original bytes and new buffers (malloc'd,
	 * owned; the addresses point into data of this or other files of the
	 * set, hidden ones included).
	 */
	struct vdisk_extent *ext;
	unsigned n_ext;
};

/* Options shared by both firmware builds (wimboot-compatible names). */
struct winpe_opts {
	unsigned index;   /* WIM image to boot, 0 = the WIM's boot index */
	bool pause, pause_quiet, gui, quiet, rawbcd, rawwim, check, verify;
	bool linear, highmem; /* BIOS placement of file data (see memplan.h) */
	bool systab_image;    /* UEFI: find the system table by the image scan */
};

struct winpe_set {
	struct winpe_file *files;
	unsigned n_files;
	struct winpe_opts opts;
};

/*
 * Firmware-specific hand-off (com32/boot.c, efi/boot.c): builds the
 * virtual disk over the files and starts the Windows boot manager.  Returns
 * only on failure, after printing a message that names the file and the fix;
 * the caller then returns to the syslinux menu.
 */
/* Wait for a key if the options say pause (both hand-offs, just before). */
void winpe_pause(const struct winpe_opts *o);

int winpe_boot(struct winpe_set *set) __attribute__((weak));

/*
 * Firmware-specific: bytes of RAM the machine has (all of it, also above
 * 4 GiB), 0 when unknown.  Lets the module refuse, before fetching, a set
 * that cannot boot (sources_fetch()).
 */
uint64_t winpe_ram_bytes(void) __attribute__((weak));

/*
 * Firmware-specific, optional: prepare the CPU before anything else runs
 * (the BIOS build enables SSE for the SHA extensions: com32/sse.c).
 */
void winpe_fw_setup(void) __attribute__((weak));

/*
 * Firmware-specific, optional: memory for a file whose size nobody
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
void *winpe_stream_grab(uint64_t *cap) __attribute__((weak));
void *winpe_stream_grow(void *p, uint64_t *cap) __attribute__((weak));
void *winpe_stream_trim(void *p, uint64_t used) __attribute__((weak));
bool winpe_stream_free(void *p) __attribute__((weak));

#endif
