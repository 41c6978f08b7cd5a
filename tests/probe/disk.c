/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * disk.c - the probe's disk access, only through call_interrupt INT 13h on
 * callback.drive: AH=41h/08h/48h/15h, CHS reads (02h), EDD reads (42h) with
 * a seg:off bounce buffer at 0x30000 and with an EDD-3 flat 64-bit buffer.
 */
#include "probe.h"

#define BOUNCE     0x30000u  /* bootmgr's real-mode buffer */
#define BOUNCE_SEG 0x3000u
#define DAP_OFF    0xff00u   /* DAP at 0x3ff00 */
#define CHS_SECTORS (1024ull * 255 * 63)

uint64_t disk_total;

/* INT 13h on our drive through the callback. */
static void int13(struct rm_regs *r)
{
	r->vector = 0x13;
	r->edx = (r->edx & ~0xffu) | drive;
	cbfns->call_interrupt(r);
}

/* Installation check, geometry, EDD parameters, error paths. */
void disk_init(void)
{
	struct rm_regs r;
	uint8_t *b = (uint8_t *)(BOUNCE + DAP_OFF);

	memset(&r, 0, sizeof r);
	r.eax = 0x4100;
	r.ebx = 0x55aa;
	int13(&r);
	CHECK(!(r.eflags & 1) && (r.ebx & 0xffff) == 0xaa55 && (r.ecx & 1), "INT 13h AH=41h", r.ebx);

	memset(&r, 0, sizeof r);
	r.eax = 0x0800;
	int13(&r);
	CHECK(!(r.eflags & 1) && (r.ecx & 0x3f) == 63 && ((r.edx >> 8) & 0xff) == 254,
	      "INT 13h AH=08h geometry", r.ecx);
	CHECK((r.edx & 0xff) >= (uint32_t)(drive & 0x7f) + 1, "INT 13h AH=08h drive count", r.edx);

	memset(&r, 0, sizeof r);
	memset(b, 0xcc, 0x42);
	b[0] = 0x42;
	b[1] = 0;
	r.eax = 0x4800;
	r.ds = BOUNCE_SEG;
	r.esi = DAP_OFF;
	int13(&r);
	CHECK(!(r.eflags & 1) && rd16(b) >= 26 && rd16(b + 24) == 512, "INT 13h AH=48h", rd16(b));
	disk_total = rd32(b + 16) | (uint64_t)rd32(b + 20) << 32;
	CHECK(disk_total > 0, "INT 13h AH=48h: no sectors", 0);

	memset(&r, 0, sizeof r);
	r.eax = 0x1500;
	int13(&r);
	CHECK(!(r.eflags & 1) && ((r.eax >> 8) & 0xff) == 3, "INT 13h AH=15h", r.eax);

	memset(&r, 0, sizeof r);
	r.eax = 0x0301;
	r.ecx = 1;
	r.es = BOUNCE_SEG;
	int13(&r);
	CHECK((r.eflags & 1) && ((r.eax >> 8) & 0xff) == 0x03, "write not refused as write-protected", r.eax);

	memset(&r, 0, sizeof r);
	r.eax = 0x9900;
	int13(&r);
	CHECK((r.eflags & 1) && ((r.eax >> 8) & 0xff) == 0x01, "unknown function not AH=01h CF", r.eax);

	memset(&r, 0, sizeof r);
	r.eax = 0x0000;
	int13(&r);
	CHECK(!(r.eflags & 1), "reset failed", r.eax);

	out_str("PROBE DISK drive ");
	out_hex(drive);
	out_str(" sectors ");
	out_dec(disk_total);
	out_nl();
}

/* One EDD 42h read with the given DAP buffer fields. */
static void edd_read(uint64_t lba, uint32_t count, uint32_t seg, uint32_t off, uint64_t flat)
{
	struct rm_regs r;
	uint8_t *d = (uint8_t *)(BOUNCE + DAP_OFF);
	int i;

	memset(d, 0, 0x18);
	d[0] = flat ? 0x18 : 0x10;
	d[2] = (uint8_t)count;
	d[3] = (uint8_t)(count >> 8);
	d[4] = (uint8_t)off;
	d[5] = (uint8_t)(off >> 8);
	d[6] = (uint8_t)seg;
	d[7] = (uint8_t)(seg >> 8);
	for (i = 0; i < 8; i++) {
		d[8 + i] = (uint8_t)(lba >> (8 * i));
		d[0x10 + i] = (uint8_t)(flat >> (8 * i));
	}
	memset(&r, 0, sizeof r);
	r.eax = 0x4200;
	r.ds = BOUNCE_SEG;
	r.esi = DAP_OFF;
	int13(&r);
	CHECK(!(r.eflags & 1) && !(r.eax & 0xff00), "INT 13h AH=42h read failed", (uint32_t)lba);
	CHECK(rd16(d + 2) == count, "INT 13h AH=42h count not written back", rd16(d + 2));
}

/* Read count sectors at lba into dst with one method (count within its limits). */
void disk_read(uint64_t lba, uint32_t count, void *dst, int method)
{
	struct rm_regs r;
	uint32_t c, h, s;

	CHECK(lba + count <= disk_total, "read past the end of the disk", (uint32_t)lba);
	switch (method) {
	case RD_CHS:
		CHECK(count <= 63 && lba + count <= CHS_SECTORS, "bad CHS request", count);
		c = (uint32_t)(lba / (255 * 63));
		h = (uint32_t)(lba / 63 % 255);
		s = (uint32_t)(lba % 63) + 1;
		memset(&r, 0, sizeof r);
		r.eax = 0x0200 | count;
		r.ecx = (c & 0xff) << 8 | (c >> 2 & 0xc0) | s;
		r.edx = h << 8;
		r.es = BOUNCE_SEG;
		r.ebx = 0;
		int13(&r);
		CHECK(!(r.eflags & 1) && (r.eax & 0xff) == count, "INT 13h AH=02h read failed", (uint32_t)lba);
		memcpy(dst, (void *)BOUNCE, count * 512);
		break;
	case RD_EDD:
		CHECK(count <= 127, "bad EDD request", count);
		edd_read(lba, count, BOUNCE_SEG, 0, 0);
		memcpy(dst, (void *)BOUNCE, count * 512);
		break;
	default:
		edd_read(lba, count, 0xffff, 0xffff, (uint32_t)dst);
		break;
	}
}

/* Read with a method chosen by seq among those allowed for the request. */
void disk_read_any(uint64_t lba, uint32_t count, void *dst, unsigned seq)
{
	int m = (int)(seq % RD_METHODS);

	if (m == RD_CHS && (count > 63 || lba + count > CHS_SECTORS))
		m = RD_EDD;
	if (m == RD_EDD && count > 127)
		m = RD_FLAT;
	disk_read(lba, count, dst, m);
}
