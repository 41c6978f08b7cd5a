/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * memplan.h - where everything of the BIOS hand-off goes in physical memory,
 * checked against syslinux's memory map before the shuffle.
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
	/* outputs */
	uint32_t vdisk_dst;
	uint32_t region0_end;
	uint32_t *file_dst;    /* final address of each file (n_files) */
	bool files_moved;
	uint32_t data_base, data_len; /* region 2 */
	struct syslinux_memmap *shuffle_map; /* memory map for the shuffle */
};

/*
 * Plan: resident at 0x20000, vdisk blob after the 32-bit stack at 0x50000,
 * bootmgr at its ImageBase (must be free RAM), file data kept in place when
 * it does not collide, else moved to the highest free place below 2 GiB.
 */
int memplan_make(struct memplan *p, struct wp_err *err);
void memplan_free(struct memplan *p);

#endif
