/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ram.c - the machine's RAM from the UEFI memory map, for the module's
 * pre-fetch check (winpe_ram_bytes() in module/winpe.h).
 */
#include <efi.h>
#include <stdlib.h>
#include "fw.h"
#include "winpe.h"

/* Is memory of this type RAM the OS gets back once boot services end? */
static bool is_ram(UINT32 type)
{
	switch (type) {
	case EfiLoaderCode: case EfiLoaderData:
	case EfiBootServicesCode: case EfiBootServicesData:
	case EfiConventionalMemory:
		return true;
	default:
		return false;
	}
}

/* See module/winpe.h: total RAM, 0 when the map cannot be read. */
uint64_t winpe_ram_bytes(void)
{
	const struct efi_fw *fw = efi_fw();
	UINTN size, dsize, i;
	uint8_t *map;
	uint64_t sum = 0;

	/* (found once at start-up, winpe_fw_start(); before that: unknown) */
	if (!fw || !(map = efi_memory_map(fw->bs, &size, &dsize)))
		return 0;
	for (i = 0; i + dsize <= size; i += dsize) {
		const EFI_MEMORY_DESCRIPTOR *d = (const EFI_MEMORY_DESCRIPTOR *)(map + i);

		if (is_ram(d->Type))
			sum += (uint64_t)d->NumberOfPages << 12;
	}
	free(map);
	return sum;
}
