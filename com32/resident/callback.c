/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * callback.c - the call_interrupt function handed to the boot manager:
 * INT 13h on the virtual drive and INT 10h AX=4F01h are handled here,
 * everything else goes to the BIOS through the real IVT.
 */
#include "resident.h"

/* Issue INT regs->vector in real mode through the patched "int N; lret" thunk. */
void raw_call_interrupt(struct rm_regs *regs)
{
	struct rm_regs r = *regs;
	uint32_t n = regs->vector;

	int_thunk_num[0] = (uint8_t)n;
	r.vector = ((uint32_t)(RES_BASE >> 4) << 16) |
		   (uint32_t)((uintptr_t)int_thunk - RES_BASE);
	call_real(&r);
	r.vector = n;
	*regs = r;
}

/* VBE 4F01h: pass through, then hide the mode unless `gui` was given. */
static void int10_vbe_mode_info(struct rm_regs *regs)
{
	uint32_t es = regs->es, di = regs->edi;
	uint16_t *attr;

	raw_call_interrupt(regs);
	if (res_params.flags & RES_FLAG_GUI)
		return;
	if ((regs->eax & 0xffff) != 0x004f)
		return;
	attr = rm_ptr(es, di);
	*attr &= (uint16_t)~1u;
}

/* The boot manager's call_interrupt: emulate or forward. */
void call_interrupt(struct rm_regs *regs)
{
	switch (regs->vector) {
	case 0x13:
		if (int13_emulate(regs))
			return;
		break;
	case 0x10:
		if ((regs->eax & 0xffff) == 0x4f01) {
			int10_vbe_mode_info(regs);
			return;
		}
		break;
	}
	raw_call_interrupt(regs);
}
