/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * entry.S - resident runtime: entry stub after syslinux's shuffle, the GDT/IDT
 * the boot manager expects, and the real-mode callback (call_real) with its
 * raw INT n thunk.  Linked at RES_BASE (0x20000); all 16-bit code, the
 * real-mode stack and parameter copy live below RES_LIMIT (0x30000).
 */
#include "params.h"

#define R(x) ((x) - RES_BASE)   /* offset inside segment 0x2000 / REAL_CS */
#define CR0_PE 0x00000001
#define CR0_PG 0x80000000

	.section .head, "ax"
	.code32
	.globl _start
/* Offset 0: entry from syslinux_shuffle_boot_pm (flat 32-bit PM, paging off). */
_start:
	jmp	entry32
	.balign	16
	.globl	res_params
res_params:			/* struct res_params, see params.h */
	.long	RES_MAGIC, RES_VERSION, __image_len, __mem_end
	.fill	20, 4, 0

	.text
	.code32
/* Load our GDT and IDT, flat segments, our stack, clear .bss, run C. */
entry32:
	cli
	cld
	lgdt	gdtr
	lidt	idtr
	ljmp	$SEL_FLAT_CS, $1f
1:	movl	$SEL_FLAT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	movl	$RES_STACK_TOP, %esp
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb
	call	resident_main
2:	cli
	hlt
	jmp	2b

/*
 * void call_real(struct bootapp_callback_params *p)  (cdecl, 32-bit PM,
 * paging may be on).  Far-calls p->vector (u16 offset, u16 segment) in real
 * mode with the registers of *p and stores the results back into *p.
 */
	.globl	call_real
call_real:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	cld
	movl	20(%esp), %esi
	movl	%esi, saved_params
	movl	%esp, saved_esp
	movl	$rm_params, %edi
	movl	$16, %ecx
	rep movsl
	lgdt	gdtr
	ljmp	$SEL_REAL_CS, $R(rm_pm16)

	.code16
/* 16-bit protected mode, CS base 0x20000. */
rm_pm16:
	movw	$SEL_REAL_DS, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movl	$R(rm_stack_top), %esp
	movl	%cr0, %eax
	addr32 movl	%eax, R(saved_cr0)
	andl	$~(CR0_PE | CR0_PG), %eax	/* PE and PG cleared in one write */
	movl	%eax, %cr0
	ljmpl	$(RES_BASE >> 4), $R(rm_real)
/* Real mode, CS = 0x2000. */
rm_real:
	movw	%cs, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	addr32 lidt	R(rm_idtr)
	/* arithmetic input flags from the caller, IF on */
	addr32 movl	R(rm_params + 0x3c), %eax
	andl	$0x08d5, %eax
	orl	$0x0202, %eax
	pushl	%eax
	addr32 movl	R(rm_params + 0x04), %eax
	addr32 movl	R(rm_params + 0x08), %ebx
	addr32 movl	R(rm_params + 0x0c), %ecx
	addr32 movl	R(rm_params + 0x10), %edx
	addr32 movl	R(rm_params + 0x18), %ebp
	addr32 movl	R(rm_params + 0x1c), %esi
	addr32 movl	R(rm_params + 0x20), %edi
	addr32 movw	R(rm_params + 0x30), %es
	addr32 movw	R(rm_params + 0x34), %fs
	addr32 movw	R(rm_params + 0x38), %gs
	addr32 movw	R(rm_params + 0x28), %ds
	popfl
	addr32 lcall	*%cs:R(rm_params)
	cli
	pushfl
	pushw	%ds
	pushw	%cs
	popw	%ds
	addr32 movl	%eax, R(rm_params + 0x04)
	addr32 movl	%ebx, R(rm_params + 0x08)
	addr32 movl	%ecx, R(rm_params + 0x0c)
	addr32 movl	%edx, R(rm_params + 0x10)
	addr32 movl	%ebp, R(rm_params + 0x18)
	addr32 movl	%esi, R(rm_params + 0x1c)
	addr32 movl	%edi, R(rm_params + 0x20)
	xorl	%eax, %eax
	addr32 movl	%eax, R(rm_params + 0x28)
	addr32 movl	%eax, R(rm_params + 0x30)
	addr32 movl	%eax, R(rm_params + 0x34)
	addr32 movl	%eax, R(rm_params + 0x38)
	addr32 popw	R(rm_params + 0x28)
	addr32 movw	%es, R(rm_params + 0x30)
	addr32 movw	%fs, R(rm_params + 0x34)
	addr32 movw	%gs, R(rm_params + 0x38)
	addr32 popl	R(rm_params + 0x3c)
	/* back to protected mode on our own GDT/IDT, caller's CR0 (PG too) */
	addr32 lgdtl	R(gdtr)
	addr32 lidtl	R(idtr)
	addr32 movl	R(saved_cr0), %eax
	movl	%eax, %cr0
	ljmpl	$SEL_FLAT_CS, $rm_back32

	.code32
rm_back32:
	movl	$SEL_FLAT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	movl	saved_esp, %esp
	cld
	movl	$rm_params, %esi
	movl	saved_params, %edi
	movl	$16, %ecx
	rep movsl
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

	.code16
/* The raw interrupt thunk: "int N; lret", N patched by int_thunk_set(). */
	.globl	int_thunk, int_thunk_num
int_thunk:
	.byte	0xcd
int_thunk_num:
	.byte	0
	lret
	.code32

	.data
	.balign	16
/* GDT: selectors 0x10 LM_CS, 0x20 FLAT_CS, 0x30 FLAT_DS, 0x50 REAL_CS, 0x60 REAL_DS */
	.globl	gdt
gdt:
	.quad	0
	.quad	0
	.quad	0x00af9a000000ffff	/* 0x10 64-bit code */
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x20 32-bit flat code */
	.quad	0
	.quad	0x00cf92000000ffff	/* 0x30 32-bit flat data */
	.quad	0
	.quad	0
	.quad	0
	.quad	0x00009a020000ffff	/* 0x50 16-bit code, base 0x20000 */
	.quad	0
	.quad	0x000092020000ffff	/* 0x60 16-bit data, base 0x20000 */
gdt_end:
	.balign	4
	.word	0
	.globl	gdtr
gdtr:	.word	gdt_end - gdt - 1
	.long	gdt
	.word	0
	.globl	idtr
idtr:	.word	0x7ff
	.long	idt
	.word	0
rm_idtr:
	.word	0x3ff
	.long	0

	.bss
	.balign	16
	.globl	idt
idt:	.space	2048		/* 256 empty protected-mode gates */
	.balign	4
saved_esp:	.long	0
saved_params:	.long	0
saved_cr0:	.long	0
	.globl	rm_params
rm_params:	.space	64
	.balign	16
rm_stack:	.space	8192	/* real-mode stack */
rm_stack_top:

	.section .note.GNU-stack, "", @progbits
