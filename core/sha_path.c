/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha_path.c - choose the SHA block functions at run time from CPUID
 * (leaf 7 EBX bit 29 = SHA, leaf 1 ECX bit 9 = SSSE3, bit 19 = SSE4.1).
 * Only the CPU is asked here; whether the environment lets code use SSE is
 * the glue's business (the BIOS module enables CR4.OSFXSR first, or forces
 * the portable path: com32/sse.c).
 */
#include "sha_path.h"

static int chosen = -1; /* -1: not probed yet, else an enum sha_path */

#if defined(__i386__) || defined(__x86_64__)
/* Execute CPUID for leaf/subleaf; r[] = eax, ebx, ecx, edx. */
static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

#if defined(__i386__)
/* True when the CPU has CPUID at all (EFLAGS.ID can be toggled: 486+). */
static bool have_cpuid(void)
{
	uint32_t a, b;

	__asm__ volatile("pushfl\n\tpopl %0\n\tmovl %0, %1\n\t"
			 "xorl $0x200000, %0\n\tpushl %0\n\tpopfl\n\t"
			 "pushfl\n\tpopl %0\n\tpushl %1\n\tpopfl"
			 : "=&r"(a), "=&r"(b));
	return ((a ^ b) & 0x200000) != 0;
}
#else
/* Every x86-64 CPU has CPUID. */
static bool have_cpuid(void)
{
	return true;
}
#endif

/* True when CPUID reports SHA, SSSE3 and SSE4.1. */
bool sha_x86_cpu(void)
{
	uint32_t r[4];

	if (!have_cpuid())
		return false;
	cpuid(0, 0, r);
	if (r[0] < 7)
		return false;
	cpuid(1, 0, r);
	if (!(r[2] & (1u << 9)) || !(r[2] & (1u << 19)))
		return false;
	cpuid(7, 0, r);
	return (r[1] & (1u << 29)) != 0;
}
#else
/* Not an x86 CPU: no SHA extensions to use. */
bool sha_x86_cpu(void)
{
	return false;
}
#endif

/* Ask for a path; the x86 one only where the CPU has it. */
enum sha_path sha_path_set(enum sha_path want)
{
	chosen = (want == SHA_PATH_X86 && sha_x86_cpu()) ? SHA_PATH_X86
							  : SHA_PATH_PORTABLE;
	return (enum sha_path)chosen;
}

/* The path in use; the first call probes the CPU. */
enum sha_path sha_path(void)
{
	if (chosen < 0)
		return sha_path_set(SHA_PATH_X86);
	return (enum sha_path)chosen;
}
