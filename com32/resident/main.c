/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * main.c - resident runtime main: move file data above 4 GiB when planned,
 * claim the BIOS drive number, build the BOOT APP block and call the boot
 * manager's entry point.
 */
#include "resident.h"

typedef void (__attribute__((cdecl)) *bootapp_entry_t)(void *block);

/* Runs once, from entry.S, on our GDT/IDT and stack. */
void resident_main(void)
{
	volatile uint8_t *bda_hd_count = (volatile uint8_t *)0x475;
	bootapp_entry_t entry;
	void *block;

	if (res_params.magic != RES_MAGIC || !res_params.vdisk || !res_params.pe_entry) {
		serial_puts("winpe: resident runtime started without parameters\n");
		return;
	}
	if (res_params.n_moves && pae_move_up()) {
		serial_puts("winpe: FATAL: cannot move the file data above 4 GiB\n");
		return;
	}
	vdrive = 0x80 | *bda_hd_count;
	*bda_hd_count = *bda_hd_count + 1;
	block = bootapp_build();
	serial_puts("winpe: virtual disk is drive ");
	serial_hex(vdrive);
	serial_puts(", starting the boot manager at ");
	serial_hex(res_params.pe_entry);
	serial_puts("\n");
	entry = (bootapp_entry_t)(uintptr_t)res_params.pe_entry;
	entry(block);
	serial_puts("winpe: FATAL: the boot manager returned\n");
}
