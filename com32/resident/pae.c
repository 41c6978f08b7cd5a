/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pae.c - file data above 4 GiB: PAE page tables in the PAE area (see
 * params.h), the copy window, the move up before the boot manager starts
 * and the reads INT 13h makes from there.  The paging switch itself is
 * pae_copy() in pae_switch.S.
 */
#include "resident.h"

#define PG_P    0x1ull
#define PG_RW   0x2ull
#define PG_PS   0x80ull
#define WIN_LEN (RES_WIN_PAGES * 0x1000u)
#define FOUR_G  0x100000000ull

uint32_t pae_cr3;    /* our PDPT, for pae_switch.S */
uint8_t pae_has_efer;

/* CPUID leaf `leaf`: EAX into *a (may be NULL), returns EDX. */
static uint32_t cpuid(uint32_t leaf, uint32_t *a)
{
	uint32_t eax = leaf, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(eax), "=b"(b), "+c"(c), "=d"(d));
	if (a)
		*a = eax;
	return d;
}

/* Our page-table entry for the window page k. */
static uint64_t *win_pte(unsigned k)
{
	uint64_t *pt = (uint64_t *)(uintptr_t)(res_params.pae + RES_PAE_PT);

	return pt + ((res_params.pae + RES_PAE_WIN) >> 12) + k;
}

/* Build the page tables: identity 0-4 GiB, 0-2 MiB in 4 KiB pages. */
int pae_setup(void)
{
	uint8_t *area = (uint8_t *)(uintptr_t)res_params.pae;
	uint64_t *pdpt = (uint64_t *)(area + RES_PAE_PDPT);
	uint64_t *pd = (uint64_t *)(area + RES_PAE_PD);
	uint64_t *pt = (uint64_t *)(area + RES_PAE_PT);
	uint32_t max_ext;
	unsigned i;

	if (!(cpuid(1, NULL) & (1u << 6)))
		return -1; /* no PAE (the module checked; never expected) */
	if (!area || (res_params.pae & 0xfff) ||
	    res_params.pae + RES_PAE_LEN > 0x200000u)
		return -1;
	cpuid(0x80000000u, &max_ext);
	if (max_ext >= 0x80000001u && (cpuid(0x80000001u, NULL) & ((1u << 29) | (1u << 20))))
		pae_has_efer = 1;
	memset(area, 0, RES_PAE_WIN);
	for (i = 0; i < 4; i++)
		pdpt[i] = (uint64_t)(uintptr_t)(pd + 512 * i) | PG_P; /* RW/US reserved here */
	for (i = 0; i < 2048; i++)
		pd[i] = ((uint64_t)i << 21) | PG_PS | PG_RW | PG_P;
	pd[0] = (uint64_t)(uintptr_t)pt | PG_RW | PG_P;
	for (i = 0; i < 512; i++)
		pt[i] = ((uint64_t)i << 12) | PG_RW | PG_P;
	pae_cr3 = (uint32_t)(uintptr_t)pdpt;
	return 0;
}

/*
 * Point the window at the pages holding [addr, addr + n) and return the
 * window address of addr; n is cut to what the window holds.
 */
static uint8_t *window(uint64_t addr, uint32_t *n)
{
	uint32_t off = (uint32_t)addr & 0xfff;
	uint64_t page = addr - off;
	unsigned k;

	if (*n > WIN_LEN - off)
		*n = WIN_LEN - off;
	for (k = 0; k < (off + *n + 0xfff) >> 12; k++)
		*win_pte(k) = (page + ((uint64_t)k << 12)) | PG_RW | PG_P;
	return (uint8_t *)(uintptr_t)(res_params.pae + RES_PAE_WIN) + off;
}

/* vdisk_io.mem: read [addr, addr+len) of physical memory into buf. */
int pae_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	uint8_t *d = buf;

	(void)ctx;
	while (len) {
		uint32_t n = len > 0x40000000u ? 0x40000000u : (uint32_t)len;

		if (addr < FOUR_G) {
			if (n > FOUR_G - addr)
				n = (uint32_t)(FOUR_G - addr);
			memcpy(d, (const void *)(uintptr_t)addr, n);
		} else {
			uint8_t *w = window(addr, &n);

			pae_copy(d, w, n);
		}
		d += n;
		addr += n;
		len -= n;
	}
	return 0;
}

/* Copy len bytes at src (below 4 GiB) to physical dst (above 4 GiB). */
static void pae_write(uint64_t dst, const uint8_t *src, uint32_t len)
{
	while (len) {
		uint32_t n = len;
		uint8_t *w = window(dst, &n);

		pae_copy(w, src, n);
		src += n;
		dst += n;
		len -= n;
	}
}

/* Move every piece of the move table up; returns 0 when done. */
int pae_move_up(void)
{
	const struct res_move *m = (const struct res_move *)(uintptr_t)res_params.moves;
	uint64_t total = 0;
	uint32_t i;

	if (pae_setup())
		return -1;
	for (i = 0; i < res_params.n_moves; i++)
		total += m[i].len;
	serial_puts("winpe: moving ");
	serial_dec((uint32_t)(total >> 20));
	serial_puts(" MiB of file data above 4 GiB, to ");
	serial_hex64(m[0].dst);
	serial_puts("\n");
	for (i = 0; i < res_params.n_moves; i++) {
		if (m[i].dst < FOUR_G)
			return -1;
		pae_write(m[i].dst, (const uint8_t *)(uintptr_t)m[i].src, m[i].len);
	}
	return 0;
}
