/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * params.h - the contract between winpe.c32 (BIOS) and its resident runtime.
 *
 * The resident runtime is a flat binary linked at RES_BASE.  Its first 16
 * bytes are a jump to the entry stub, followed by struct res_params, which the
 * module fills in its copy of the binary before the shuffle.  Shared by the
 * module (com32/) and the resident (com32/resident/).
 */
#ifndef WP_RES_PARAMS_H
#define WP_RES_PARAMS_H

#define RES_BASE        0x20000u  /* REAL_CS/REAL_DS base; resident load address */
#define RES_LIMIT       0x30000u  /* everything real mode touches ends here */
#define RES_FORBID_END  0x40000u  /* 0x30000-0x3FFFF: bootmgr's real-mode buffer */
#define RES_STACK_BASE  0x40000u  /* 32-bit stack (64 KiB), not part of the binary */
#define RES_STACK_TOP   0x50000u
#define RES_BULK_BASE   0x50000u  /* the vdisk blob goes here */
#define RES_PARAMS_OFF  0x10u     /* struct res_params inside the binary */
#define RES_MAGIC       0x53525057u /* "WPRS" */
#define RES_VERSION     2u

#define RES_FLAG_GUI    0x1u      /* do not hide VBE graphics modes */

/*
 * File data above 4 GiB (PAE): the bulk area then also holds the move table
 * (struct res_move[n_moves]) and, page aligned, the PAE area: PDPT page,
 * four page directories (2 MiB pages identity-mapping 0-4 GiB), one page
 * table for 0-2 MiB (4 KiB pages) and the copy window, whose pages that
 * table points at data above 4 GiB on demand.  All of it in region 0,
 * below 2 MiB.
 */
#define RES_WIN_PAGES   16u
#define RES_PAE_PDPT    0x0000u
#define RES_PAE_PD      0x1000u
#define RES_PAE_PT      0x5000u
#define RES_PAE_WIN     0x6000u
#define RES_PAE_LEN     (RES_PAE_WIN + RES_WIN_PAGES * 0x1000u)

/* GDT selectors the Windows boot manager expects. */
#define SEL_LM_CS   0x10
#define SEL_FLAT_CS 0x20
#define SEL_FLAT_DS 0x30
#define SEL_REAL_CS 0x50
#define SEL_REAL_DS 0x60

#ifndef __ASSEMBLER__
#include <stdint.h>

struct res_params {
	uint32_t magic;       /* RES_MAGIC (set at link time) */
	uint32_t version;     /* RES_VERSION (set at link time) */
	uint32_t image_len;   /* bytes of the flat binary (set at link time) */
	uint32_t mem_end;     /* end of code+data+bss, <= RES_LIMIT (link time) */
	/* filled by the module: */
	uint32_t vdisk;       /* address of the vdisk blob */
	uint32_t vdisk_len;
	uint32_t vdisk_sectors_lo, vdisk_sectors_hi;
	uint32_t part_offset; /* byte offset of the boot partition on the disk */
	uint32_t mbr_sig;     /* MBR disk signature */
	uint32_t pe_base;     /* bootmgr image base */
	uint32_t pe_len;      /* image + appended raw copy */
	uint32_t pe_entry;    /* entry point address */
	uint32_t region0_end; /* end of resident state (bulk end) */
	uint32_t data_base;   /* file data region (0 len = not declared) */
	uint32_t data_len;
	uint32_t flags;       /* RES_FLAG_* */
	uint32_t moves;       /* struct res_move[n_moves]: copy up before boot */
	uint32_t n_moves;     /* 0: everything below 4 GiB, no paging */
	uint32_t pae;         /* the PAE area (RES_PAE_LEN bytes), 4 KiB aligned */
} __attribute__((packed));

/* One piece of file data the resident copies above 4 GiB. */
struct res_move {
	uint32_t src;         /* where the shuffle left it (below 4 GiB) */
	uint32_t len;
	uint64_t dst;         /* final physical address, >= 4 GiB */
} __attribute__((packed));
#endif

#endif
