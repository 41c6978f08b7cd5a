/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * memplan.h - where everything of the BIOS hand-off goes in physical memory,
 * checked against syslinux's memory map (and E820 above 4 GiB) before the
 * shuffle.
 */
#ifndef WP_BIOS_MEMPLAN_H
#define WP_BIOS_MEMPLAN_H
#include <stdbool.h>
#include <stdint.h>
#include <syslinux/movebits.h>
#include "wp.h"

struct memplan_range {
	uint32_t addr;  /* current (malloc'd) address */
	uint32_t len;
};

struct memplan {
	/* inputs */
	uint32_t res_len;     /* resident binary length (loaded at RES_BASE) */
	uint32_t res_mem_end; /* end of the resident's code+data+bss */
	uint32_t vdisk_len;   /* vdisk blob */
	uint32_t pe_base, pe_len;
	const struct memplan_range *files;
	unsigned n_files;
	bool linear;          /* never above 4 GiB */
	bool highmem;         /* above 4 GiB whenever possible */
	/* outputs */
	uint32_t vdisk_dst;
	uint32_t region0_end;
	uint64_t *file_dst;   /* final address of each file (n_files) */
	uint32_t *file_low;   /* where the shuffle leaves it (n_files) */
	bool files_moved;     /* some file_dst differs from its current address */
	bool high;            /* file data goes above 4 GiB (PAE) */
	uint64_t high_base;   /* its place there */
	uint32_t moves_dst;   /* high: struct res_move[n_files] in the bulk area */
	uint32_t pae_dst;     /* high: the PAE area (RES_PAE_LEN) */
	const char *high_why; /* low although big or asked for: why not high */
	uint32_t data_base, data_len; /* region 2 (0 len when high) */
	struct syslinux_memmap *shuffle_map; /* memory map for the shuffle */
};

/*
 * Plan: resident at 0x20000, vdisk blob after the 32-bit stack at 0x50000,
 * bootmgr at its ImageBase (must be free RAM).  File data is kept in place
 * when it does not collide, else moved to the highest free place below
 * 2 GiB.  It goes above 4 GiB instead (staged below 4 GiB for the shuffle,
 * moved up by the resident with PAE) unless `linear`, when the CPU has PAE,
 * E820 has room there and: it does not fit below 2 GiB, or `highmem`, or it
 * and Windows' RAM disk copy of it (plus 512 MiB) would not fit below 4 GiB.
 */
int memplan_make(struct memplan *p, struct wp_err *err);
void memplan_free(struct memplan *p);

#endif
