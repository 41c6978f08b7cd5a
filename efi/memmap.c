/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * memmap.c - the UEFI memory map, read through boot services, for the RAM
 * check (ram.c) and the in-place stream blocks (stream.c).
 */
#include <stdlib.h>
#include "fw.h"

/* See fw.h: a malloc'd copy of the map, or NULL. */
uint8_t *efi_memory_map(EFI_BOOT_SERVICES *bs, UINTN *size, UINTN *dsize)
{
	UINTN key = 0;
	UINT32 dver = 0;
	uint8_t *map = NULL;
	EFI_STATUS s = EFI_BUFFER_TOO_SMALL;
	unsigned tries;

	/* a buffer big enough for any sane map; grown if the firmware says so
	 * (never a NULL buffer: OVMF crashed on one) */
	*dsize = 0;
	for (*size = 16384, tries = 0; s == EFI_BUFFER_TOO_SMALL && tries < 4; tries++) {
		free(map);
		*size += 4096;
		map = malloc(*size);
		if (!map)
			return NULL;
		s = bs->GetMemoryMap(size, (EFI_MEMORY_DESCRIPTOR *)map, &key, dsize, &dver);
	}
	if (EFI_ERROR(s) || !*dsize) {
		free(map);
		return NULL;
	}
	return map;
}
