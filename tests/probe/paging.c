/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * paging.c - run the disk part of the probe with paging on, like bootmgr
 * calls the callbacks: identity-mapped 4 MiB pages over 4 GiB.  The
 * resident's call_real must drop PE and PG together and restore both.
 */
#include "probe.h"

static uint32_t pd[1024] __attribute__((aligned(4096)));

/* Turn identity paging on. */
void paging_on(void)
{
	uint32_t i, cr0, cr4;

	CHECK(((uint32_t)pd & 0xfff) == 0, "page directory not aligned", (uint32_t)pd);
	for (i = 0; i < 1024; i++)
		pd[i] = (i << 22) | 0x83; /* present, writable, 4 MiB */
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= 0x10; /* PSE */
	__asm__ volatile("mov %0, %%cr4; mov %1, %%cr3" : : "r"(cr4), "r"(pd) : "memory");
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 |= 0x80000000u;
	__asm__ volatile("mov %0, %%cr0; jmp 1f; 1:" : : "r"(cr0) : "memory");
}

/* Check that paging survived the callbacks, then turn it off. */
void paging_off(void)
{
	uint32_t cr0, cr3;

	__asm__ volatile("mov %%cr0, %0; mov %%cr3, %1" : "=r"(cr0), "=r"(cr3));
	CHECK(cr0 & 0x80000000u, "paging was off after the callbacks", cr0);
	CHECK(cr3 == (uint32_t)pd, "CR3 changed across the callbacks", cr3);
	cr0 &= ~0x80000000u;
	__asm__ volatile("mov %0, %%cr0; jmp 1f; 1:" : : "r"(cr0) : "memory");
}
