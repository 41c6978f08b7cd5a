/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stream.c - the efi64 build's memory for files of unannounced size
 * (winpe_stream_grab/trim/free in module/winpe.h).  syslinux.efi's malloc
 * is AllocatePool and its realloc always allocates anew and copies, so the
 * block comes from boot services instead: the largest EfiConventionalMemory
 * range of the memory map, less WINPE_STREAM_HEADROOM, as EfiLoaderData
 * pages (the type syslinux.efi's pool uses); after the transfer the pages
 * past the data are freed.  The blocks are remembered here so that
 * winpe_stream_free() can tell them from malloc'd buffers.
 */
#include <efi.h>
#include <stdlib.h>
#include "fw.h"
#include "winpe.h"

#define MAX_HELD 32

static struct held {
	EFI_PHYSICAL_ADDRESS base;
	UINTN pages;
} held[MAX_HELD];

static struct efi_fw fw;
static bool fw_ok;

/* Boot services, found once (any valid system table will do, like ram.c). */
static EFI_BOOT_SERVICES *bs(void)
{
	struct wp_err err;

	if (!fw_ok && !efi_fw_init(&fw, false, &err))
		fw_ok = true;
	return fw_ok ? fw.bs : NULL;
}

/* Pages of the largest EfiConventionalMemory range; 0 if the map fails. */
static UINTN largest_free(EFI_BOOT_SERVICES *b)
{
	UINTN size, key = 0, dsize = 0, i, best = 0;
	UINT32 dver = 0;
	uint8_t *map = NULL;
	EFI_STATUS s = EFI_BUFFER_TOO_SMALL;
	unsigned tries;

	for (size = 16384, tries = 0; s == EFI_BUFFER_TOO_SMALL && tries < 4; tries++) {
		free(map);
		size += 4096;
		map = malloc(size);
		if (!map)
			return 0;
		s = b->GetMemoryMap(&size, (EFI_MEMORY_DESCRIPTOR *)map, &key, &dsize, &dver);
	}
	for (i = 0; !EFI_ERROR(s) && dsize && i + dsize <= size; i += dsize) {
		const EFI_MEMORY_DESCRIPTOR *d = (const EFI_MEMORY_DESCRIPTOR *)(map + i);

		if (d->Type == EfiConventionalMemory && d->NumberOfPages > best)
			best = d->NumberOfPages;
	}
	free(map);
	return EFI_ERROR(s) ? 0 : best;
}

/* The table entry of a block we hold, or NULL. */
static struct held *find(void *p)
{
	unsigned i;

	for (i = 0; i < MAX_HELD; i++)
		if (held[i].pages && held[i].base == (EFI_PHYSICAL_ADDRESS)(uintptr_t)p)
			return &held[i];
	return NULL;
}

/* An unused table entry, or NULL. */
static struct held *slot(void)
{
	unsigned i;

	for (i = 0; i < MAX_HELD; i++)
		if (!held[i].pages)
			return &held[i];
	return NULL;
}

/* Reserve the largest free range less the headroom; NULL if impossible. */
void *winpe_stream_grab(uint64_t *cap)
{
	EFI_BOOT_SERVICES *b = bs();
	struct held *h = slot();
	EFI_PHYSICAL_ADDRESS addr = 0;
	UINTN pages, keep = WINPE_STREAM_HEADROOM / 4096;

	if (!b || !h)
		return NULL;
	pages = largest_free(b);
	if (pages <= keep + 16)
		return NULL;
	pages -= keep;
	if (EFI_ERROR(b->AllocatePages(AllocateAnyPages, EfiLoaderData, pages, &addr)))
		return NULL;
	h->base = addr;
	h->pages = pages;
	*cap = (uint64_t)pages << 12;
	return (void *)(uintptr_t)addr;
}

/* Free the pages past used bytes; the data stays where it is. */
void *winpe_stream_trim(void *p, uint64_t used)
{
	struct held *h = find(p);
	UINTN keep = (UINTN)((used + 4095) >> 12);

	if (!keep)
		keep = 1;
	if (h && keep < h->pages && fw_ok &&
	    !EFI_ERROR(fw.bs->FreePages(h->base + ((EFI_PHYSICAL_ADDRESS)keep << 12),
					h->pages - keep)))
		h->pages = keep;
	return p;
}

/* Free a block we hold (true), or say it is not one (false). */
bool winpe_stream_free(void *p)
{
	struct held *h = p ? find(p) : NULL;

	if (!h || !fw_ok)
		return false;
	fw.bs->FreePages(h->base, h->pages);
	h->pages = 0;
	h->base = 0;
	return true;
}
