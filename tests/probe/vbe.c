/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vbe.c - the INT 10h AX=4F01h text-mode trick, seen from the boot manager:
 * the answer through call_interrupt is compared with the BIOS's own answer,
 * fetched through call_real and a small "pushf; call far [0:40h]; retf"
 * thunk (which also exercises call_real itself).
 */
#include "probe.h"

#define BUF      0x30000u
#define BUF_SEG  0x3000u
#define THUNK    0x3f800u

/* Report the attributes of the first supported VBE mode both ways. */
void check_vbe(void)
{
	static const uint8_t thunk[] = { 0x9c, 0xff, 0x1e, 0x40, 0x00, 0xcb };
	struct rm_regs r;
	uint32_t list, i;
	uint16_t mode, seen, bios;

	memset(&r, 0, sizeof r);
	memcpy((void *)BUF, "VBE2", 4);
	r.vector = 0x10;
	r.eax = 0x4f00;
	r.es = BUF_SEG;
	cbfns->call_interrupt(&r);
	if ((r.eax & 0xffff) != 0x004f) {
		out_str("PROBE VBE none");
		out_nl();
		return;
	}
	list = rd32((void *)(BUF + 14));
	list = (list >> 16) * 16 + (list & 0xffff);
	memcpy((void *)THUNK, thunk, sizeof thunk);
	for (i = 0; i < 64; i++) {
		mode = rd16((void *)(list + 2 * i));
		if (mode == 0xffff)
			break;
		memset(&r, 0, sizeof r);
		r.vector = (THUNK >> 4) << 16;
		r.eax = 0x4f01;
		r.ecx = mode;
		r.es = BUF_SEG;
		r.edi = 0x600;
		cbfns->call_real(&r);
		CHECK((r.eax & 0xffff) == 0x004f, "VBE 4F01h through call_real failed", r.eax);
		bios = rd16((void *)(BUF + 0x600));
		if (!(bios & 1))
			continue;
		memset(&r, 0, sizeof r);
		r.vector = 0x10;
		r.eax = 0x4f01;
		r.ecx = mode;
		r.es = BUF_SEG;
		r.edi = 0x400;
		cbfns->call_interrupt(&r);
		CHECK((r.eax & 0xffff) == 0x004f, "VBE 4F01h through call_interrupt failed", r.eax);
		seen = rd16((void *)(BUF + 0x400));
		CHECK((seen | 1) == (bios | 1), "VBE mode attributes changed beyond bit 0", seen);
		out_str("PROBE VBE mode ");
		out_hex(mode);
		out_str(" bios ");
		out_hex(bios);
		out_str(" seen ");
		out_hex(seen);
		out_nl();
		return;
	}
	out_str("PROBE VBE no supported mode");
	out_nl();
}
