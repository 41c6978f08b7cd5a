/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * int13.c - INT 13h for the virtual drive, served from the vdisk blob; other
 * drives go to the BIOS (AH=08h results count the virtual drive).
 */
#include "resident.h"
#include "vdisk.h"

#define GEO_HEADS 255u
#define GEO_SPT   63u
#define GEO_CYLS  1024u

uint8_t vdrive;             /* our INT 13h drive number */
static uint8_t last_status; /* for AH=01h */

/* Set AH and CF for the result `st` (0 = success). */
static void set_status(struct rm_regs *r, uint8_t st)
{
	r->eax = (r->eax & ~0xff00u) | ((uint32_t)st << 8);
	if (st)
		r->eflags |= FL_CF;
	else
		r->eflags &= ~FL_CF;
	last_status = st;
}

/* Number of sectors of the virtual disk. */
static uint64_t disk_sectors(void)
{
	return (uint64_t)res_params.vdisk_sectors_hi << 32 | res_params.vdisk_sectors_lo;
}

/* Read count sectors at lba to buf; returns a BIOS status byte. */
static uint8_t disk_read(uint64_t lba, uint32_t count, void *buf)
{
	static const struct vdisk_io high_io = { NULL, NULL, pae_read };
	const struct vdisk *vd = (const struct vdisk *)(uintptr_t)res_params.vdisk;

	if (lba > disk_sectors() || count > disk_sectors() - lba)
		return 0x04; /* sector not found */
	if (vdisk_read(vd, lba, count, buf, res_params.n_moves ? &high_io : NULL) < 0)
		return 0x04;
	return 0;
}

/* AH=02h: CHS read of AL sectors to ES:BX. */
static void fn_read_chs(struct rm_regs *r)
{
	uint32_t count = r->eax & 0xff;
	uint32_t cyl = ((r->ecx >> 8) & 0xff) | ((r->ecx & 0xc0) << 2);
	uint32_t sec = r->ecx & 0x3f;
	uint32_t head = (r->edx >> 8) & 0xff;
	uint8_t st;

	if (!count || !sec || head >= GEO_HEADS) {
		r->eax &= ~0xffu;
		set_status(r, 0x01);
		return;
	}
	st = disk_read(((uint64_t)cyl * GEO_HEADS + head) * GEO_SPT + sec - 1, count,
		       rm_ptr(r->es, r->ebx));
	if (st)
		r->eax &= ~0xffu; /* AL = sectors transferred */
	set_status(r, st);
}

/* AH=42h: extended read; DAP at DS:SI, EDD-3 flat buffer honoured. */
static void fn_read_ext(struct rm_regs *r)
{
	uint8_t *dap = rm_ptr(r->ds, r->esi);
	uint32_t count = dap[2] | (uint32_t)dap[3] << 8;
	uint32_t off = dap[4] | (uint32_t)dap[5] << 8;
	uint32_t seg = dap[6] | (uint32_t)dap[7] << 8;
	uint64_t lba = 0, flat;
	void *buf;
	uint8_t st;
	int i;

	for (i = 7; i >= 0; i--)
		lba = lba << 8 | dap[8 + i];
	if (dap[0] < 0x10) {
		set_status(r, 0x01);
		return;
	}
	if (seg == 0xffff && off == 0xffff) {
		if (dap[0] < 0x18) {
			set_status(r, 0x01);
			return;
		}
		flat = 0;
		for (i = 7; i >= 0; i--)
			flat = flat << 8 | dap[0x10 + i];
		if (flat + (uint64_t)count * VDISK_SECTOR > 0x100000000ull) {
			dap[2] = dap[3] = 0;
			set_status(r, 0x01);
			return;
		}
		buf = (void *)(uintptr_t)flat;
	} else {
		buf = rm_ptr(seg, off);
	}
	st = count ? disk_read(lba, count, buf) : 0;
	if (st)
		dap[2] = dap[3] = 0; /* transferred count */
	set_status(r, st);
}

/* AH=48h: EDD-3.0 drive parameters (30-byte result, no device path). */
static void fn_params_ext(struct rm_regs *r)
{
	uint8_t *b = rm_ptr(r->ds, r->esi);
	uint32_t size = b[0] | (uint32_t)b[1] << 8;
	uint64_t n = disk_sectors();
	uint32_t *w;

	if (size < 26) {
		set_status(r, 0x01);
		return;
	}
	size = size >= 30 ? 30 : 26;
	memset(b, 0, size);
	b[0] = (uint8_t)size;
	b[2] = 1;  /* DMA boundary errors handled transparently */
	w = (uint32_t *)(b + 4);
	w[0] = GEO_CYLS;
	w[1] = GEO_HEADS;
	w[2] = GEO_SPT;
	w[3] = (uint32_t)n;
	w[4] = (uint32_t)(n >> 32);
	b[24] = VDISK_SECTOR & 0xff;
	b[25] = VDISK_SECTOR >> 8;
	if (size >= 30)
		memset(b + 26, 0xff, 4); /* no DPTE */
	set_status(r, 0);
}

/* Number of hard disks including ours. */
static uint32_t hd_count(uint32_t bios_count)
{
	uint32_t min = (vdrive & 0x7fu) + 1;
	uint32_t bda = *(volatile uint8_t *)0x475;

	if (bios_count < bda)
		bios_count = bda;
	return bios_count < min ? min : bios_count;
}

/* Handle INT 13h; returns 0 when the call must go to the BIOS unchanged. */
int int13_emulate(struct rm_regs *r)
{
	uint8_t drive = r->edx & 0xff;
	uint8_t ah = (r->eax >> 8) & 0xff;
	uint64_t n;

	if (drive != vdrive) {
		if (ah != 0x08 || !(drive & 0x80))
			return 0;
		raw_call_interrupt(r);
		if (!(r->eflags & FL_CF))
			r->edx = (r->edx & ~0xffu) | hd_count(r->edx & 0xff);
		return 1;
	}
	r->eflags &= ~FL_CF;
	switch (ah) {
	case 0x00: /* reset */
		set_status(r, 0);
		break;
	case 0x01: /* status of last operation */
		set_status(r, last_status);
		break;
	case 0x02:
		fn_read_chs(r);
		break;
	case 0x03: case 0x0b: case 0x43: /* writes: read-only disk */
		set_status(r, 0x03);
		break;
	case 0x08:
		r->ecx = (r->ecx & ~0xffffu) | 0xffff; /* cyl 1023, sec 63 */
		r->edx = (r->edx & ~0xffffu) | ((GEO_HEADS - 1) << 8) | hd_count(0);
		r->eax &= ~0xffu;
		set_status(r, 0);
		break;
	case 0x15:
		n = disk_sectors();
		if (n > 0xffffffffu)
			n = 0xffffffffu;
		r->ecx = (r->ecx & ~0xffffu) | (uint32_t)(n >> 16);
		r->edx = (r->edx & ~0xffffu) | (uint32_t)(n & 0xffff);
		r->eax = (r->eax & ~0xff00u) | 0x0300; /* fixed disk */
		r->eflags &= ~FL_CF;
		break;
	case 0x41:
		if ((r->ebx & 0xffff) != 0x55aa) {
			set_status(r, 0x01);
			break;
		}
		r->ebx = (r->ebx & ~0xffffu) | 0xaa55;
		r->ecx = (r->ecx & ~0xffffu) | 0x0001; /* fixed disk access */
		r->eax = (r->eax & ~0xff00u) | 0x3000;   /* EDD 3.0 */
		r->eflags &= ~FL_CF;
		break;
	case 0x42:
		fn_read_ext(r);
		break;
	case 0x48:
		fn_params_ext(r);
		break;
	default:
		set_status(r, 0x01);
		break;
	}
	return 1;
}
