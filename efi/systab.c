/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * systab.c - find the EFI system table from inside an efi64 COM32 module
 * (uefi-boot.md B.3).  Primary: the EFI_SYSTEM_TABLE_POINTER ("IBI SYST" on
 * a 4 MiB boundary, as high as feasible), scanned from the top of RAM down,
 * probing only pages the memory map calls RAM.  Fallback: an 8-byte aligned
 * word inside syslinux.efi's image or the .bss beyond it that points at a
 * valid table (APPEND systab=image: the fallback only).  Every
 * candidate table is validated on a local copy; firmware memory is only read.
 */
#include <syslinux/movebits.h>
#include "fw.h"

#define ST_SIG 0x5453595320494249ull   /* "IBI SYST" */
#define BS_SIG 0x56524553544F4F42ull   /* "BOOTSERV" */
#define STP_ALIGN (4ull << 20)
#define HDR_MAX 4096u

static struct syslinux_memmap *memmap;

/*
 * Is [addr, addr+len) RAM (free or firmware-owned) in syslinux's memory map?
 * That map's addresses (addr_t) are 32-bit: anything reaching above 4 GiB is
 * not in it, and must not be truncated into it (the image scan meets such
 * words, some not even canonical).
 */
static bool is_ram(uint64_t addr, uint64_t len)
{
	enum syslinux_memmap_types t;

	if (!addr || !len || addr + len < addr || addr + len - 1 > (addr_t)-1)
		return false;
	t = syslinux_memmap_type(memmap, (addr_t)addr, (addr_t)len);
	return t == SMT_FREE || t == SMT_RESERVED;
}

/* Validate one table header at addr: signature, sane size, CRC on a copy. */
static bool table_valid(uint64_t addr, uint64_t sig, uint32_t min_size)
{
	const EFI_TABLE_HEADER *h = (const EFI_TABLE_HEADER *)(uintptr_t)addr;
	uint8_t *copy;
	uint32_t size, crc;
	bool ok;

	if (!is_ram(addr, sizeof(*h)) || h->Signature != sig)
		return false;
	size = h->HeaderSize;
	if (size < min_size || size > HDR_MAX || !is_ram(addr, size))
		return false;
	copy = malloc(size);
	if (!copy)
		return false;
	memcpy(copy, h, size);
	((EFI_TABLE_HEADER *)copy)->CRC32 = 0;
	crc = efi_crc32(copy, size);
	ok = crc == h->CRC32;
	free(copy);
	return ok;
}

/* Does st look like a live system table with live boot services? */
bool efi_systab_valid(uint64_t st)
{
	const EFI_SYSTEM_TABLE *t;

	if (st & 7 || !table_valid(st, ST_SIG, sizeof(EFI_SYSTEM_TABLE)))
		return false;
	t = (const EFI_SYSTEM_TABLE *)(uintptr_t)st;
	return t->BootServices &&
	       table_valid((uintptr_t)t->BootServices, BS_SIG, sizeof(EFI_BOOT_SERVICES));
}

/* Highest end address of RAM in the memory map (the scan starts below it). */
static uint64_t ram_top(void)
{
	const struct syslinux_memmap *m;
	uint64_t top = 0;

	for (m = memmap; m && m->next; m = m->next)
		if ((m->type == SMT_FREE || m->type == SMT_RESERVED) && m->next->start > top)
			top = m->next->start;
	return top;
}

/* Primary method: the EFI_SYSTEM_TABLE_POINTER scan; 0 if not found. */
static uint64_t scan_pointer(void)
{
	uint64_t a = ram_top() & ~(STP_ALIGN - 1);

	for (; a >= STP_ALIGN; a -= STP_ALIGN) {
		const uint64_t *p = (const uint64_t *)(uintptr_t)a;
		if (!is_ram(a, 4096) || p[0] != ST_SIG)
			continue;
		if (efi_systab_valid(p[1]))
			return p[1];
	}
	return 0;
}

/*
 * Fallback: a pointer to a valid table inside syslinux.efi's image or its
 * .bss; 0 if none.  gnu-efi's ST lives in .bss, and syslinux's ELF-to-PE
 * wrapper leaves .bss out of SizeOfImage (efi_main clears it past the image
 * end; seen: ST 0x38 bytes beyond it), so the scan runs on past the image
 * for at most SELF_BSS_MAX bytes, while syslinux's map calls them RAM.
 */
#define SELF_BSS_MAX (1u << 20)
static uint64_t scan_self(const struct efi_fw *fw)
{
	uint32_t off;

	if (!fw->self)
		return 0;
	for (off = 0; off + 8 <= fw->self_size + SELF_BSS_MAX; off += 8) {
		uint64_t v;
		if (off >= fw->self_size && !is_ram((uintptr_t)fw->self + off, 8))
			break;
		v = *(const uint64_t *)(fw->self + off);
		if (v && !(v & 7) && is_ram(v, 8) && *(const uint64_t *)(uintptr_t)v == ST_SIG &&
		    efi_systab_valid(v))
			return v;
	}
	return 0;
}

/* Locate and validate the system table; fills fw->st, fw->bs, fw->how. */
int efi_find_systab(struct efi_fw *fw, bool image_only, struct wp_err *err)
{
	uint64_t st = 0;

	memmap = syslinux_memory_map();
	if (!memmap)
		return wp_fail(err, WP_EIO, "cannot read the firmware memory map");
	if (!image_only)
		st = scan_pointer();
	fw->how = "pointer";
	if (!st) {
		st = scan_self(fw);
		fw->how = "image-scan";
	}
	syslinux_free_memmap(memmap);
	memmap = NULL;
	if (!st)
		return wp_fail(err, WP_ENOENT,
			       "cannot find the EFI system table (no valid EFI_SYSTEM_TABLE_POINTER in RAM "
			       "and none inside syslinux.efi); this firmware cannot be used with winpe.c32");
	fw->st = (EFI_SYSTEM_TABLE *)(uintptr_t)st;
	fw->bs = fw->st->BootServices;
	return 0;
}
