/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * highmem.h - RAM above 4 GiB for the BIOS hand-off.  syslinux's memory map
 * stops at 4 GiB, so the E820 map is read here directly.
 */
#ifndef WP_BIOS_HIGHMEM_H
#define WP_BIOS_HIGHMEM_H
#include <stdbool.h>
#include <stdint.h>

/* Does the CPU have PAE (CPUID.1:EDX bit 6)? */
bool highmem_cpu_pae(void);

/*
 * Highest page-aligned place for len bytes in E820 RAM at or above 4 GiB
 * that no other E820 entry overlaps; 0 when there is none.
 */
uint64_t highmem_find(uint64_t len);

/* All RAM (E820 type 1) of the machine, below and above 4 GiB; 0 if unknown. */
uint64_t highmem_ram_total(void);

#endif
