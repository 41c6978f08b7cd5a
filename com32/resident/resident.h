/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * resident.h - internal interfaces of the resident runtime (freestanding,
 * 32-bit, cdecl; runs after syslinux is gone).
 */
#ifndef WP_RESIDENT_H
#define WP_RESIDENT_H
#include <stdint.h>
#include <stddef.h>
#include "params.h"

/* Register image of the boot manager's real-mode callbacks (64 bytes). */
struct rm_regs {
	uint32_t vector; /* call_interrupt: number; call_real: u16 off, u16 seg */
	uint32_t eax, ebx, ecx, edx, esp, ebp, esi, edi;
	uint32_t cs, ds, ss, es, fs, gs;
	uint32_t eflags;
} __attribute__((packed));

#define FL_CF 0x0001u
#define FL_ZF 0x0040u

extern struct res_params res_params;
extern uint8_t int_thunk[], int_thunk_num[];

/* entry.S: far call regs->vector in real mode. */
void call_real(struct rm_regs *regs);
/* callback.c: raw INT n through the real IVT. */
void raw_call_interrupt(struct rm_regs *regs);
/* callback.c: the call_interrupt handed to the boot manager. */
void call_interrupt(struct rm_regs *regs);

/* int13.c: emulate INT 13h; returns 1 when handled. */
int int13_emulate(struct rm_regs *regs);
extern uint8_t vdrive;

/* bootapp.c: fill the BOOT APP parameter block; returns its address. */
void *bootapp_build(void);

/* serial.c: diagnostic output on COM1. */
void serial_puts(const char *s);
void serial_hex(uint32_t v);
void serial_dec(uint32_t v);
void serial_hex64(uint64_t v);

/* pae.c: data above 4 GiB (res_params.n_moves != 0). */
int pae_setup(void);
int pae_move_up(void);
int pae_read(void *ctx, uint64_t addr, void *buf, size_t len);
extern uint32_t pae_cr3;
extern uint8_t pae_has_efer;
/* pae_switch.S: memcpy under our PAE paging, caller's CR0/CR3/CR4/EFER restored. */
void pae_copy(void *dst, const void *src, uint32_t len);

/* Real-mode seg:off to a flat pointer. */
static inline void *rm_ptr(uint32_t seg, uint32_t off)
{
	return (void *)(uintptr_t)(((seg & 0xffff) << 4) + (off & 0xffff));
}

void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);

#endif
