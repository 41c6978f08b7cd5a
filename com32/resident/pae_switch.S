/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pae_switch.S - void pae_copy(void *dst, const void *src, uint32_t len)
 * (cdecl, 32-bit PM, the caller's paging may be on): copy len bytes with
 * our PAE page tables (pae_cr3) active, then restore the caller's CR0, CR3,
 * CR4 and EFER.  Runs from region 0, which is identity-mapped in every
 * context; between the switches nothing but registers and our own
 * variables is touched (the caller's stack may not be identity-mapped).
 */
#define CR0_PG    0x80000000
#define CR4_PAE   0x00000020
#define CR4_PCIDE 0x00020000
#define MSR_EFER  0xc0000080
#define EFER_LME  0x00000100

	.text
	.code32
	.globl	pae_copy
pae_copy:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	pushfl
	cli
	movl	24(%esp), %edi
	movl	28(%esp), %esi
	movl	32(%esp), %ebp		/* len; ECX is needed for rdmsr */
	movl	%cr0, %ebx		/* the caller's CR0, restored last */
	movl	%cr3, %eax
	movl	%eax, saved_cr3
	movl	%cr4, %eax
	movl	%eax, saved_cr4
	/* paging off (this code is identity-mapped) */
	movl	%ebx, %eax
	andl	$~CR0_PG, %eax
	movl	%eax, %cr0
	jmp	1f
1:	cmpb	$0, pae_has_efer
	je	2f
	movl	$MSR_EFER, %ecx		/* no long mode for our tables */
	rdmsr
	movl	%eax, saved_efer
	andl	$~EFER_LME, %eax
	wrmsr
2:	movl	saved_cr4, %eax
	orl	$CR4_PAE, %eax
	andl	$~CR4_PCIDE, %eax
	movl	%eax, %cr4
	movl	pae_cr3, %eax
	movl	%eax, %cr3
	movl	%cr0, %eax
	orl	$CR0_PG, %eax
	movl	%eax, %cr0
	jmp	3f
3:	movl	%ebp, %ecx
	cld
	rep movsb
	/* back: paging off, the caller's CR3, CR4, EFER, then CR0 */
	movl	%cr0, %eax
	andl	$~CR0_PG, %eax
	movl	%eax, %cr0
	jmp	4f
4:	movl	saved_cr3, %eax
	movl	%eax, %cr3
	movl	saved_cr4, %eax
	movl	%eax, %cr4
	cmpb	$0, pae_has_efer
	je	5f
	movl	$MSR_EFER, %ecx
	rdmsr
	movl	saved_efer, %eax
	wrmsr
5:	movl	%ebx, %cr0
	jmp	6f
6:	popfl
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

	.bss
	.balign	4
saved_cr3:	.long	0
saved_cr4:	.long	0
saved_efer:	.long	0

	.section .note.GNU-stack, "", @progbits
