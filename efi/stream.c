/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stream.c - the efi64 build's memory for files of unannounced size
 * (winpe_stream_grab/trim/free in module/winpe.h).  syslinux.efi's malloc
 * is AllocatePool and its realloc always allocates anew and copies, so the
 * block comes from boot services instead, as EfiLoaderData pages (the type
 * syslinux.efi's pool uses) at the bottom of the largest
 * EfiConventionalMemory range of the memory map: 16 MiB first, then grown
 * in place page-exactly behind the data (AllocateAddress) up to the range
 * less WINPE_STREAM_HEADROOM, and cut to the data after the transfer.
 * (Reserving the whole range up front made syslinux.efi's HTTP transfers
 * about twice as slow in bench-boot: OVMF then frees hundreds of MiB per
 * file.)  The blocks are remembered here so that
 * winpe_stream_free() can tell them from malloc'd buffers.
 */
#include <efi.h>
#include <stdlib.h>
#include "fw.h"
#include "winpe.h"

#define MAX_HELD 32

#define FIRST_PAGES ((16u << 20) / 4096)

static struct held {
	EFI_PHYSICAL_ADDRESS base;
	UINTN pages;
	UINTN limit; /* pages it may grow to */
} held[MAX_HELD];

/* Boot services (found once at start-up: winpe_fw_start()), or NULL. */
static EFI_BOOT_SERVICES *bs(void)
{
	const struct efi_fw *fw = efi_fw();

	return fw ? fw->bs : NULL;
}

/* Pages of the largest EfiConventionalMemory range (its start in *start);
 * 0 if the map fails. */
static UINTN largest_free(EFI_BOOT_SERVICES *b, EFI_PHYSICAL_ADDRESS *start)
{
	UINTN size, dsize, i, best = 0;
	uint8_t *map = efi_memory_map(b, &size, &dsize);

	for (i = 0; map && i + dsize <= size; i += dsize) {
		const EFI_MEMORY_DESCRIPTOR *d = (const EFI_MEMORY_DESCRIPTOR *)(map + i);

		if (d->Type == EfiConventionalMemory && d->NumberOfPages > best) {
			best = d->NumberOfPages;
			*start = d->PhysicalStart;
		}
	}
	free(map);
	return best;
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

/* Start a block at the bottom of the largest free range; NULL if impossible. */
void *winpe_stream_grab(uint64_t *cap)
{
	EFI_BOOT_SERVICES *b = bs();
	struct held *h = slot();
	EFI_PHYSICAL_ADDRESS addr = 0;
	UINTN pages, first, keep = WINPE_STREAM_HEADROOM / 4096;

	if (!b || !h)
		return NULL;
	pages = largest_free(b, &addr);
	if (pages <= keep + 16)
		return NULL;
	pages -= keep;
	first = pages < FIRST_PAGES ? pages : FIRST_PAGES;
	if (EFI_ERROR(b->AllocatePages(AllocateAddress, EfiLoaderData, first, &addr)))
		return NULL;
	h->base = addr;
	h->pages = first;
	h->limit = pages;
	*cap = (uint64_t)first << 12;
	return (void *)(uintptr_t)addr;
}

/* Grow the block in place (double, up to its limit); NULL when it cannot. */
void *winpe_stream_grow(void *p, uint64_t *cap)
{
	struct held *h = find(p);
	EFI_PHYSICAL_ADDRESS next;
	UINTN add;

	EFI_BOOT_SERVICES *b = bs();

	if (!h || !b || h->pages >= h->limit)
		return NULL;
	add = h->limit - h->pages < h->pages ? h->limit - h->pages : h->pages;
	next = h->base + ((EFI_PHYSICAL_ADDRESS)h->pages << 12);
	if (EFI_ERROR(b->AllocatePages(AllocateAddress, EfiLoaderData, add, &next)))
		return NULL;
	h->pages += add;
	*cap = (uint64_t)h->pages << 12;
	return p;
}

/* Free the pages past used bytes; the data stays where it is. */
void *winpe_stream_trim(void *p, uint64_t used)
{
	struct held *h = find(p);
	UINTN keep = (UINTN)((used + 4095) >> 12);
	EFI_BOOT_SERVICES *b = bs();

	if (!keep)
		keep = 1;
	if (h && keep < h->pages && b &&
	    !EFI_ERROR(b->FreePages(h->base + ((EFI_PHYSICAL_ADDRESS)keep << 12),
					h->pages - keep)))
		h->pages = keep;
	return p;
}

/* Free a block we hold (true), or say it is not one (false). */
bool winpe_stream_free(void *p)
{
	struct held *h = p ? find(p) : NULL;
	EFI_BOOT_SERVICES *b = bs();

	if (!h || !b)
		return false;
	b->FreePages(h->base, h->pages);
	h->pages = 0;
	h->base = 0;
	return true;
}
