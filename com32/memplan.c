/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memplan.c - physical memory plan of the BIOS hand-off (see memplan.h). */
#include <stdlib.h>
#include <string.h>
#include <syslinux/movebits.h>
#include "memplan.h"
#include "highmem.h"
#include "resident/params.h"

#define MIB (1024u * 1024u)
#define DATA_LIMIT  0x80000000ull  /* some 32-bit Windows assume >= 2 GiB is free */
#define STAGE_LIMIT 0x100000000ull /* below 4 GiB: where the shuffle can reach */
#define WINDOWS_RESERVE (512ull * MIB) /* what Windows needs besides its RAM disk */

/* Do [a, a+alen) and [b, b+blen) intersect? */
static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* Is [start, start+len) entirely free RAM in map? */
static bool is_free(struct syslinux_memmap *map, uint32_t start, uint32_t len)
{
	return syslinux_memmap_type(map, start, len) == SMT_FREE;
}

/* Highest page-aligned free place for len bytes in [MIB, limit); 0 if none. */
static uint32_t highest_fit(struct syslinux_memmap *map, uint64_t len, uint64_t limit)
{
	struct syslinux_memmap *m;
	uint32_t best = 0;

	for (m = map; m->type != SMT_END; m = m->next) {
		uint64_t s = m->start, e = m->next->start;
		uint64_t cand;

		if (m->type != SMT_FREE)
			continue;
		if (e > limit)
			e = limit;
		if (s < MIB)
			s = MIB;
		if (e <= s || e - s < len)
			continue;
		cand = (e - len) & ~0xfffull;
		if (cand >= s && cand > best)
			best = (uint32_t)cand;
	}
	return best;
}

/* Free RAM at or above 1 MiB in map (the fetched files count as free). */
static uint64_t free_low(struct syslinux_memmap *map)
{
	struct syslinux_memmap *m;
	uint64_t sum = 0;

	for (m = map; m->type != SMT_END; m = m->next) {
		uint64_t s = m->start, e = m->next->start;

		if (m->type != SMT_FREE || e <= MIB)
			continue;
		sum += e - (s < MIB ? MIB : s);
	}
	return sum;
}

/* Span and page-rounded total of the files. */
struct span {
	uint64_t lo, hi, total;
};

/* Where the files are now. */
static struct span files_span(const struct memplan *p)
{
	struct span s = { UINT64_MAX, 0, 0 };
	unsigned i;

	for (i = 0; i < p->n_files; i++) {
		const struct memplan_range *f = &p->files[i];

		if (!f->len)
			continue;
		if (f->addr < s.lo)
			s.lo = f->addr;
		if ((uint64_t)f->addr + f->len > s.hi)
			s.hi = (uint64_t)f->addr + f->len;
		s.total += (f->len + 0xfffu) & ~0xfffu;
	}
	return s;
}

/*
 * Place the files below limit, clear of [RES_BASE, bulk_end) and bootmgr:
 * where they are when possible (keep), else packed at the highest free
 * place.  Fills file_low; returns false when they do not fit.
 */
static bool place_low(struct memplan *p, struct syslinux_memmap *mmap, uint32_t bulk_end,
		      uint64_t limit, bool *keep)
{
	struct syslinux_memmap *amap = syslinux_dup_memmap(mmap);
	struct span s = files_span(p);
	uint32_t dst = 0, off = 0;
	unsigned i;
	bool ok = true;

	*keep = true;
	for (i = 0; i < p->n_files; i++)
		p->file_low[i] = p->files[i].addr;
	if (!amap)
		return false;
	if (s.hi > s.lo) {
		if (overlaps(s.lo, s.hi - s.lo, RES_BASE, bulk_end - RES_BASE) ||
		    overlaps(s.lo, s.hi - s.lo, p->pe_base, p->pe_len) || s.hi > limit)
			*keep = false;
		for (i = 0; *keep && i < p->n_files; i++)
			if (p->files[i].len && !is_free(mmap, p->files[i].addr, p->files[i].len))
				*keep = false;
	}
	if (!*keep) {
		if (syslinux_add_memmap(&amap, RES_BASE, bulk_end - RES_BASE, SMT_ALLOC) ||
		    syslinux_add_memmap(&amap, p->pe_base, p->pe_len, SMT_ALLOC) ||
		    s.total > limit || !(dst = highest_fit(amap, s.total, limit)))
			ok = false;
		for (i = 0; ok && i < p->n_files; i++) {
			p->file_low[i] = dst + off;
			off += (p->files[i].len + 0xfffu) & ~0xfffu;
		}
	}
	syslinux_free_memmap(amap);
	return ok;
}

/* Can the bulk area [RES_STACK_BASE, end) be used? */
static bool bulk_ok(struct syslinux_memmap *mmap, uint32_t end)
{
	return is_free(mmap, RES_STACK_BASE, end - RES_STACK_BASE);
}

/* See memplan.h. */
int memplan_make(struct memplan *p, struct wp_err *err)
{
	struct syslinux_memmap *mmap = NULL;
	struct span s;
	uint32_t bulk_end, high_end = 0, moves_dst, pae_dst;
	uint64_t high_base = 0;
	bool keep = true, low_ok, want_high, high_ok = false;
	unsigned i;
	int rc = 0;

	p->shuffle_map = NULL;
	p->high = false;
	p->high_why = NULL;
	p->file_dst = calloc(p->n_files ? p->n_files : 1, sizeof *p->file_dst);
	p->file_low = calloc(p->n_files ? p->n_files : 1, sizeof *p->file_low);
	mmap = syslinux_memory_map();
	if (!p->file_dst || !p->file_low || !mmap) {
		rc = wp_fail(err, WP_ENOMEM, "cannot read the memory map (out of memory)");
		goto out;
	}

	if (p->res_mem_end > RES_LIMIT || !is_free(mmap, RES_BASE, p->res_mem_end - RES_BASE)) {
		rc = wp_fail(err, WP_ERANGE, "the resident runtime needs free low memory "
			     "0x%x-0x%x, which this machine does not report as RAM",
			     RES_BASE, p->res_mem_end);
		goto out;
	}
	p->vdisk_dst = RES_BULK_BASE;
	bulk_end = (RES_BULK_BASE + p->vdisk_len + 0xfff) & ~0xfffu;
	if (!bulk_ok(mmap, bulk_end)) {
		rc = wp_fail(err, WP_ERANGE, "the virtual disk tables (%u bytes) do not fit in "
			     "free low memory at 0x%x-0x%x; use fewer files",
			     p->vdisk_len, RES_BULK_BASE, bulk_end);
		goto out;
	}
	if (!p->pe_len || !is_free(mmap, p->pe_base, p->pe_len)) {
		rc = wp_fail(err, WP_ERANGE, "bootmgr.exe must be loaded at its ImageBase "
			     "0x%x-0x%x, but that range is not free RAM on this machine",
			     p->pe_base, p->pe_base + p->pe_len);
		goto out;
	}

	s = files_span(p);
	low_ok = place_low(p, mmap, bulk_end, DATA_LIMIT, &keep);
	want_high = s.total && !p->linear &&
		    (!low_ok || p->highmem || 2 * s.total + WINDOWS_RESERVE > free_low(mmap));
	moves_dst = (RES_BULK_BASE + p->vdisk_len + 7) & ~7u;
	pae_dst = (moves_dst + p->n_files * (uint32_t)sizeof(struct res_move) + 0xfff) & ~0xfffu;
	if (want_high) {
		high_end = pae_dst + RES_PAE_LEN;
		if (!highmem_cpu_pae())
			p->high_why = "the CPU has no PAE";
		else if (!(high_base = highmem_find(s.total)))
			p->high_why = "there is no room for it in RAM above 4 GiB";
		else if (high_end > 0x200000u || !bulk_ok(mmap, high_end))
			p->high_why = "no free low memory for the page tables (too many files)";
		else if (!place_low(p, mmap, high_end, STAGE_LIMIT, &keep))
			p->high_why = "it does not fit below 4 GiB while being fetched";
		else
			high_ok = true;
		if (!high_ok && low_ok) /* back to the plan below 2 GiB */
			low_ok = place_low(p, mmap, bulk_end, DATA_LIMIT, &keep);
	}
	if (!high_ok && !low_ok) {
		rc = wp_fail(err, WP_ERANGE, "not enough free memory below 2 GiB to place "
			     "%llu MiB of file data next to bootmgr.exe%s%s; add RAM or use "
			     "smaller files", (unsigned long long)(s.total >> 20),
			     p->high_why ? ", and not above 4 GiB either: " : "",
			     p->high_why ? p->high_why : "");
		goto out;
	}

	p->shuffle_map = syslinux_dup_memmap(mmap);
	if (!p->shuffle_map) {
		rc = wp_fail(err, WP_ENOMEM, "out of memory while planning");
		goto out;
	}
	for (i = 0; keep && i < p->n_files; i++)
		if (p->files[i].len &&
		    syslinux_add_memmap(&p->shuffle_map, p->files[i].addr, p->files[i].len,
					SMT_ALLOC)) {
			rc = wp_fail(err, WP_ENOMEM, "out of memory while planning");
			goto out;
		}
	p->files_moved = false;
	if (high_ok) {
		uint64_t off = 0;

		p->high = true;
		p->high_base = high_base;
		p->moves_dst = moves_dst;
		p->pae_dst = pae_dst;
		p->region0_end = high_end;
		p->data_base = p->data_len = 0; /* not declared (bios-boot-application 5.3) */
		for (i = 0; i < p->n_files; i++) {
			p->file_dst[i] = high_base + off;
			off += (p->files[i].len + 0xfffu) & ~0xfffu;
		}
		p->files_moved = true;
	} else {
		p->region0_end = bulk_end;
		for (i = 0; i < p->n_files; i++) {
			p->file_dst[i] = p->file_low[i];
			if (p->file_low[i] != p->files[i].addr)
				p->files_moved = true;
		}
		if (s.hi <= s.lo) {
			p->data_base = p->data_len = 0;
		} else if (keep) {
			p->data_base = (uint32_t)s.lo & ~0xfffu;
			p->data_len = (uint32_t)(s.hi - p->data_base);
		} else {
			p->data_base = p->file_low[0];
			for (i = 0; i < p->n_files; i++)
				if (p->files[i].len && p->file_low[i] < p->data_base)
					p->data_base = p->file_low[i];
			p->data_len = (uint32_t)s.total;
		}
	}
out:
	if (mmap)
		syslinux_free_memmap(mmap);
	if (rc)
		memplan_free(p);
	return rc;
}

/* Release what memplan_make allocated. */
void memplan_free(struct memplan *p)
{
	free(p->file_dst);
	free(p->file_low);
	p->file_dst = NULL;
	p->file_low = NULL;
	if (p->shuffle_map)
		syslinux_free_memmap(p->shuffle_map);
	p->shuffle_map = NULL;
}
