/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memplan.c - physical memory plan of the BIOS hand-off (see memplan.h). */
#include <stdlib.h>
#include <string.h>
#include <syslinux/movebits.h>
#include "memplan.h"
#include "resident/params.h"

#define MIB (1024u * 1024u)
#define DATA_LIMIT 0x80000000ull /* some 32-bit Windows assume >= 2 GiB is free */

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

/* Highest page-aligned free place for len bytes in [MIB, DATA_LIMIT); 0 if none. */
static uint32_t highest_fit(struct syslinux_memmap *map, uint32_t len)
{
	struct syslinux_memmap *m;
	uint32_t best = 0;

	for (m = map; m->type != SMT_END; m = m->next) {
		uint64_t s = m->start, e = m->next->start;
		uint64_t cand;

		if (m->type != SMT_FREE)
			continue;
		if (e > DATA_LIMIT)
			e = DATA_LIMIT;
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

/* See memplan.h. */
int memplan_make(struct memplan *p, struct wp_err *err)
{
	struct syslinux_memmap *mmap = NULL, *amap = NULL;
	uint64_t lo = UINT64_MAX, hi = 0, total = 0;
	uint32_t bulk_end;
	bool keep = true;
	unsigned i;
	int rc = 0;

	p->shuffle_map = NULL;
	p->file_dst = calloc(p->n_files ? p->n_files : 1, sizeof *p->file_dst);
	mmap = syslinux_memory_map();
	amap = mmap ? syslinux_dup_memmap(mmap) : NULL;
	if (!p->file_dst || !amap) {
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
	if (!is_free(mmap, RES_STACK_BASE, bulk_end - RES_STACK_BASE)) {
		rc = wp_fail(err, WP_ERANGE, "the virtual disk tables (%u bytes) do not fit in "
			     "free low memory at 0x%x-0x%x; use fewer files",
			     p->vdisk_len, RES_BULK_BASE, bulk_end);
		goto out;
	}
	p->region0_end = bulk_end;
	if (!p->pe_len || !is_free(mmap, p->pe_base, p->pe_len)) {
		rc = wp_fail(err, WP_ERANGE, "bootmgr.exe must be loaded at its ImageBase "
			     "0x%x-0x%x, but that range is not free RAM on this machine",
			     p->pe_base, p->pe_base + p->pe_len);
		goto out;
	}
	if (syslinux_add_memmap(&amap, RES_BASE, bulk_end - RES_BASE, SMT_ALLOC) ||
	    syslinux_add_memmap(&amap, p->pe_base, p->pe_len, SMT_ALLOC)) {
		rc = wp_fail(err, WP_ENOMEM, "out of memory while planning");
		goto out;
	}

	for (i = 0; i < p->n_files; i++) {
		const struct memplan_range *f = &p->files[i];

		p->file_dst[i] = f->addr;
		if (!f->len)
			continue;
		if (f->addr < lo)
			lo = f->addr;
		if ((uint64_t)f->addr + f->len > hi)
			hi = (uint64_t)f->addr + f->len;
		total += (f->len + 0xfffu) & ~0xfffu;
	}
	if (hi > lo) {
		/* keep in place unless region 2 would collide with regions 0/1 */
		if (overlaps(lo, hi - lo, RES_BASE, bulk_end - RES_BASE) ||
		    overlaps(lo, hi - lo, p->pe_base, p->pe_len) || hi > DATA_LIMIT)
			keep = false;
		for (i = 0; keep && i < p->n_files; i++)
			if (p->files[i].len && !is_free(mmap, p->files[i].addr, p->files[i].len))
				keep = false;
	}
	p->shuffle_map = syslinux_dup_memmap(mmap);
	if (!p->shuffle_map) {
		rc = wp_fail(err, WP_ENOMEM, "out of memory while planning");
		goto out;
	}
	p->files_moved = !keep;
	if (hi <= lo) {
		p->data_base = p->data_len = 0;
	} else if (keep) {
		p->data_base = (uint32_t)lo & ~0xfffu;
		p->data_len = (uint32_t)(hi - p->data_base);
		for (i = 0; i < p->n_files; i++)
			if (p->files[i].len &&
			    syslinux_add_memmap(&p->shuffle_map, p->files[i].addr,
						p->files[i].len, SMT_ALLOC)) {
				rc = wp_fail(err, WP_ENOMEM, "out of memory while planning");
				goto out;
			}
	} else {
		uint32_t dst, off = 0;

		if (total > DATA_LIMIT || !(dst = highest_fit(amap, (uint32_t)total))) {
			rc = wp_fail(err, WP_ERANGE, "not enough free memory below 2 GiB to place "
				     "%llu MiB of file data next to bootmgr.exe; add RAM or "
				     "use smaller files", (unsigned long long)(total >> 20));
			goto out;
		}
		p->data_base = dst;
		p->data_len = (uint32_t)total;
		for (i = 0; i < p->n_files; i++) {
			p->file_dst[i] = dst + off;
			off += (p->files[i].len + 0xfffu) & ~0xfffu;
		}
	}
out:
	if (amap)
		syslinux_free_memmap(amap);
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
	p->file_dst = NULL;
	if (p->shuffle_map)
		syslinux_free_memmap(p->shuffle_map);
	p->shuffle_map = NULL;
}
