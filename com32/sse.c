/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sse.c - let the BIOS module run SSE code (com32_sse_enable(), called by
 * winpe_fw_start() in fwstart.c) (the SHA extensions path of the
 * core's SHA-1/SHA-256, core/sha_path.c).  syslinux's BIOS core runs modules
 * in 32-bit protected mode at CPL 0 but never sets CR4.OSFXSR (only its
 * x86_64 library does, for efi64); with that bit clear every SSE instruction
 * raises #UD.  So, when CPUID reports FXSR and SSE and CR0 neither emulates
 * the FPU nor marks it as switched away, set CR4.OSFXSR and CR4.OSXMMEXCPT
 * here; otherwise force the portable hash.  Nothing else in the module or in
 * the BIOS services syslinux calls depends on these bits.  They are put back
 * as found (com32_sse_restore()) before the hand-off, so the boot manager
 * starts with the CR4 the firmware left (as under wimboot), and before the
 * module returns to syslinux, so the next label finds the machine as it was.
 */
#include <stdint.h>
#include <stdbool.h>
#include "sha_path.h"
#include "sse.h"

#define CR0_EM (1u << 2)
#define CR0_TS (1u << 3)
#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)

static uint32_t cr4_found; /* CR4's OSFXSR/OSXMMEXCPT bits before the module set them */
static bool cr4_changed;   /* com32_sse_enable() wrote CR4 */

/* EDX of CPUID leaf 1, 0 when the CPU has no CPUID (EFLAGS.ID fixed). */
static uint32_t cpuid1_edx(void)
{
	uint32_t a, b, c, d;

	__asm__ volatile("pushfl\n\tpopl %0\n\tmovl %0, %1\n\t"
			 "xorl $0x200000, %0\n\tpushl %0\n\tpopfl\n\t"
			 "pushfl\n\tpopl %0\n\tpushl %1\n\tpopfl"
			 : "=&r"(a), "=&r"(b));
	if (!((a ^ b) & 0x200000))
		return 0;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	return d;
}

/* Enable SSE for the module, or choose the portable hash when it cannot be. */
void com32_sse_enable(void)
{
	uint32_t edx = cpuid1_edx(), cr0, cr4;

	__asm__ volatile("movl %%cr0, %0" : "=r"(cr0));
	if (!(edx & (1u << 24)) || !(edx & (1u << 25)) || (cr0 & (CR0_EM | CR0_TS))) {
		sha_path_set(SHA_PATH_PORTABLE);
		return;
	}
	__asm__ volatile("movl %%cr4, %0" : "=r"(cr4));
	if ((cr4 & (CR4_OSFXSR | CR4_OSXMMEXCPT)) != (CR4_OSFXSR | CR4_OSXMMEXCPT)) {
		cr4_found = cr4 & (CR4_OSFXSR | CR4_OSXMMEXCPT);
		cr4_changed = true;
		__asm__ volatile("movl %0, %%cr4" : : "r"(cr4 | CR4_OSFXSR | CR4_OSXMMEXCPT));
	}
}

/* Put CR4's two SSE bits back as com32_sse_enable() found them (no SSE after this). */
void com32_sse_restore(void)
{
	uint32_t cr4;

	if (!cr4_changed)
		return;
	__asm__ volatile("movl %%cr4, %0" : "=r"(cr4));
	cr4 = (cr4 & ~(CR4_OSFXSR | CR4_OSXMMEXCPT)) | cr4_found;
	sha_path_set(SHA_PATH_PORTABLE); /* a hash after this must not use SSE */
	__asm__ volatile("movl %0, %%cr4" : : "r"(cr4));
	cr4_changed = false;
}
