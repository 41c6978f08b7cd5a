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
	UINTN size, key = 0, dsize = 0, i;
	UINT32 dver = 0;
	uint8_t *map = NULL;
	uint64_t sum = 0;
	EFI_STATUS s = EFI_BUFFER_TOO_SMALL;
	unsigned tries;

	/* (found once at start-up, winpe_fw_start(); before that: unknown) */
	if (!fw)
		return 0;
	/* a buffer big enough for any sane map; grown if the firmware says so */
	for (size = 16384, tries = 0; s == EFI_BUFFER_TOO_SMALL && tries < 4; tries++) {
		free(map);
		size += 4096;
		map = malloc(size);
		if (!map)
			return 0;
		s = fw->bs->GetMemoryMap(&size, (EFI_MEMORY_DESCRIPTOR *)map, &key, &dsize, &dver);
	}
	for (i = 0; !EFI_ERROR(s) && dsize && i + dsize <= size; i += dsize) {
		const EFI_MEMORY_DESCRIPTOR *d = (const EFI_MEMORY_DESCRIPTOR *)(map + i);

		if (is_ram(d->Type))
			sum += (uint64_t)d->NumberOfPages << 12;
	}
	free(map);
	return EFI_ERROR(s) ? 0 : sum;
}
