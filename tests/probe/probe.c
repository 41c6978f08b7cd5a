/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe.c - entry point of the probe boot manager (cdecl, one argument: the
 * BOOT APP block).  Prints PROBE lines on COM1 and exits QEMU.
 */
#include "probe.h"

/* Called by the resident runtime exactly like bootmgr.exe's entry. */
void probe_entry(const uint8_t *block)
{
	out_nl();
	out_str("PROBE START block ");
	out_hex((uint32_t)block);
	out_nl();
	check_handoff(block);
	check_vbe();
	paging_on();
	disk_init();
	fat_walk_disk(rd32(block + 0x11c + 0x28), rd32(block + 0x11c + 0x10));
	paging_off();
	check_ivt();
	CHECK(files_seen > 0, "no files on the disk", 0);
	out_str("PROBE COUNT ");
	out_dec(files_seen);
	out_nl();
	out_str("PROBE VERDICT PASS all checks");
	out_nl();
	probe_exit(PROBE_EXIT_PASS);
}
