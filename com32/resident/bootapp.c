/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bootapp.c - the 460-byte BOOT APP parameter block the Windows boot manager
 * receives, and the callback structures it points at.
 */
#include "resident.h"

#define BA_LEN        0x1cc
#define BA_MEM        0x03c
#define BA_REGIONS    0x050
#define BA_REGION_LEN 40
#define BA_ENTRY      0x0c8
#define BA_WTF1       0x0f4
#define BA_WTF3       0x11c
#define BA_WTF3_COPY  0x162
#define BA_WTF3_LEN   70
#define BA_CALLBACK   0x1a8
#define BA_POINTLESS  0x1b0

/* The callback structures (inside region 0). */
static struct {
	uint32_t call_interrupt;
	uint32_t call_real;
} callback_fns;
static struct {
	uint32_t fns;
	uint32_t drive;
} callback;
static uint8_t block[BA_LEN] __attribute__((aligned(16)));

/* Store a little-endian u32. */
static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Fill memory region `i`: [start, start+len) in whole 4 KiB pages. */
static void put_region(unsigned i, uint32_t start, uint32_t len)
{
	uint8_t *r = block + BA_REGIONS + i * BA_REGION_LEN;
	uint32_t first = start >> 12;
	uint32_t last = (uint32_t)(((uint64_t)start + len + 4095) >> 12);

	put32(r + 0x08, first);
	put32(r + 0x18, last - first);
}

/* Build the block for the boot manager; returns its address. */
void *bootapp_build(void)
{
	const struct res_params *p = &res_params;
	uint8_t *w = block + BA_WTF3;
	unsigned nregions = p->data_len ? 3 : 2;

	callback_fns.call_interrupt = (uint32_t)(uintptr_t)call_interrupt;
	callback_fns.call_real = (uint32_t)(uintptr_t)call_real;
	callback.fns = (uint32_t)(uintptr_t)&callback_fns;
	callback.drive = vdrive;

	memset(block, 0, sizeof block);
	memcpy(block, "BOOT APP", 8);
	put32(block + 0x08, 2);
	put32(block + 0x0c, BA_LEN);
	put32(block + 0x10, 0x014c);
	put32(block + 0x18, p->pe_base);
	put32(block + 0x20, p->pe_len);
	put32(block + 0x24, BA_MEM);
	put32(block + 0x28, BA_ENTRY);
	put32(block + 0x2c, BA_WTF3_COPY);
	put32(block + 0x30, BA_CALLBACK);
	put32(block + 0x34, BA_POINTLESS);

	put32(block + BA_MEM + 0x00, 1);
	put32(block + BA_MEM + 0x04, 20);
	put32(block + BA_MEM + 0x08, nregions);
	put32(block + BA_MEM + 0x0c, BA_REGION_LEN);
	put32(block + BA_MEM + 0x10, 8);
	put_region(0, RES_BASE, p->region0_end - RES_BASE);
	put_region(1, p->pe_base, p->pe_len);
	if (p->data_len)
		put_region(2, p->data_base, p->data_len);

	memcpy(block + BA_ENTRY, "BTAPENT", 8);
	put32(block + BA_ENTRY + 0x08, 0x21);
	put32(block + BA_WTF1 + 0x00, 0x11000001);
	put32(block + BA_WTF1 + 0x04, 24);
	put32(block + BA_WTF1 + 0x08, 16 + BA_WTF3_LEN);

	put32(w + 0x00, 6);
	put32(w + 0x08, BA_WTF3_LEN);
	put32(w + 0x10, p->part_offset);
	put32(w + 0x24, 1);
	put32(w + 0x28, p->mbr_sig);
	memcpy(block + BA_WTF3_COPY, w, BA_WTF3_LEN);

	put32(block + BA_CALLBACK, (uint32_t)(uintptr_t)&callback);
	put32(block + BA_POINTLESS, 1);
	return block;
}
