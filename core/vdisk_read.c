/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vdisk_read.c - serve sectors of the virtual disk from its packed blob.
 *
 * Also compiled into the freestanding BIOS resident runtime: it may use only
 * memcpy and memset, no allocation, no globals, no 64-bit division (i386 has
 * no libgcc there).  Every request is cut at every region boundary (MBR, gap,
 * reserved sectors, each FAT sector, each cluster run, each extent, the end of
 * each file) before it is served, so reads straddling any boundary are exact.
 */
#include "vdisk_blob.h"

/* Typed views of the blob's tables. */
#define VD_AT(vd, off) ((const uint8_t *)(vd) + (off))
#define VD_RUNS(vd) ((const struct vdisk_run *)VD_AT(vd, (vd)->runs_off))
#define VD_FILES(vd) ((const struct vdisk_bfile *)VD_AT(vd, (vd)->files_off))
#define VD_EXTS(vd) ((const struct vdisk_bext *)VD_AT(vd, (vd)->ext_off))
#define VD_DIRS(vd) ((const struct vdisk_bdir *)VD_AT(vd, (vd)->dirs_off))

/* Size of the blob in bytes (to copy it elsewhere). */
size_t vdisk_size(const struct vdisk *vd)
{
	return vd->size;
}

/* Sectors on the whole disk. */
uint64_t vdisk_sectors(const struct vdisk *vd)
{
	return vd->total;
}

/* The MBR disk signature (offset 440). */
uint32_t vdisk_mbr_signature(const struct vdisk *vd)
{
	return vd->mbr_sig;
}

/* First LBA of the FAT32 partition. */
uint32_t vdisk_part_start(const struct vdisk *vd)
{
	return vd->part_start;
}

/* Length of the FAT32 partition in sectors. */
uint32_t vdisk_part_sectors(const struct vdisk *vd)
{
	return vd->part_sectors;
}

/* The run holding cluster c (2 <= c < used_end): binary search by start. */
static const struct vdisk_run *find_run(const struct vdisk *vd, uint32_t c)
{
	const struct vdisk_run *r = VD_RUNS(vd);
	uint32_t lo = 0, hi = vd->n_runs;

	while (hi - lo > 1) {
		uint32_t mid = lo + ((hi - lo) >> 1);
		if (r[mid].first <= c)
			lo = mid;
		else
			hi = mid;
	}
	return &r[lo];
}

/* Generate FAT sector sec (128 entries) into out. */
static void fat_sector(const struct vdisk *vd, uint32_t sec, uint8_t *out)
{
	const struct vdisk_run *r = NULL, *end = VD_RUNS(vd) + vd->n_runs;
	uint32_t c = sec << 7, i;

	for (i = 0; i < 128; i++, c++) {
		uint32_t v = 0;

		if (c == 0) {
			v = 0x0FFFFFF8;
		} else if (c == 1) {
			v = VDISK_FAT_EOC;
		} else if (c < vd->used_end) {
			if (!r)
				r = find_run(vd, c);
			while (r + 1 < end && c >= r->first + r->count)
				r++;
			v = c + 1 == r->first + r->count ? VDISK_FAT_EOC : c + 1;
		}
		wp_put32(out + 4 * i, v);
	}
}

/* Copy len bytes of file fi at off into buf; zeros past the end of the file. */
static int read_file(const struct vdisk *vd, uint32_t fi, uint64_t off,
		     uint8_t *buf, uint64_t len, const struct vdisk_io *io)
{
	const struct vdisk_bfile *f = VD_FILES(vd) + fi;
	const struct vdisk_bext *ext = VD_EXTS(vd) + f->ext_first;
	uint64_t n = 0;

	if (off < f->size && f->n_ext) {
		uint32_t lo = 0, hi = f->n_ext;

		n = f->size - off;
		if (n > len)
			n = len;
		while (hi - lo > 1) {
			uint32_t mid = lo + ((hi - lo) >> 1);
			if (ext[mid].off <= off)
				lo = mid;
			else
				hi = mid;
		}
		len -= n;
		while (n) {
			const struct vdisk_bext *e = &ext[lo++];
			uint64_t in = off - e->off;
			uint64_t take = e->len - in;

			if (take > n)
				take = n;
			if (e->addr == VDISK_ADDR_ZERO) {
				memset(buf, 0, (size_t)take);
			} else if (e->addr == VDISK_ADDR_CALLBACK) {
				int rc;

				if (!io || !io->read)
					return WP_EIO;
				rc = io->read(io->ctx, fi, off, buf, (size_t)take);
				if (rc)
					return rc < 0 ? rc : WP_EIO;
			} else if (io && io->mem) {
				int rc = io->mem(io->ctx, e->addr + in, buf, (size_t)take);

				if (rc)
					return rc < 0 ? rc : WP_EIO;
			} else {
				if (e->addr + in + take - 1 > (uint64_t)UINTPTR_MAX)
					return WP_EIO; /* not addressable here */
				memcpy(buf, (const void *)(uintptr_t)(e->addr + in),
				       (size_t)take);
			}
			buf += take;
			off += take;
			n -= take;
		}
	}
	if (len)
		memset(buf, 0, (size_t)len);
	return WP_OK;
}

/* Serve sectors [s, s + n) of the data area that lie inside one run. */
static int read_run(const struct vdisk *vd, const struct vdisk_run *r,
		    uint32_t rel, uint32_t n, uint8_t *p,
		    const struct vdisk_io *io)
{
	uint64_t off = (uint64_t)rel << 9, len = (uint64_t)n << 9;

	if (r->what & VDISK_RUN_DIR) {
		const struct vdisk_bdir *d = VD_DIRS(vd) + (r->what & ~VDISK_RUN_DIR);
		uint64_t take = 0;

		if (off < d->len) {
			take = d->len - off;
			if (take > len)
				take = len;
			memcpy(p, VD_AT(vd, d->off) + off, (size_t)take);
		}
		if (len > take)
			memset(p + take, 0, (size_t)(len - take));
		return WP_OK;
	}
	return read_file(vd, r->what, off, p, len, io);
}

/* Read count sectors at lba; every fragment is clipped at region ends. */
int vdisk_read(const struct vdisk *vd, uint64_t lba, uint32_t count, void *buf,
	       const struct vdisk_io *io)
{
	const uint8_t *sect = VD_AT(vd, vd->sect_off);
	uint8_t *p = buf;

	if (lba > vd->total || count > vd->total - lba)
		return WP_ERANGE;
	while (count) {
		uint32_t s = (uint32_t)lba, n = 1;

		if (s == 0) {
			memcpy(p, sect + VDISK_SECT_MBR * VDISK_SECTOR, VDISK_SECTOR);
		} else if (s < vd->part_start) {
			n = vd->part_start - s;
			if (n > count)
				n = count;
			memset(p, 0, (size_t)n << 9);
		} else if (s < vd->fat_start) {
			uint32_t rel = s - vd->part_start;

			if (rel == 0 || rel == VDISK_BACKUP_VBR)
				memcpy(p, sect + VDISK_SECT_VBR * VDISK_SECTOR, VDISK_SECTOR);
			else if (rel == 1 || rel == VDISK_BACKUP_VBR + 1)
				memcpy(p, sect + VDISK_SECT_FSINFO * VDISK_SECTOR, VDISK_SECTOR);
			else
				memset(p, 0, VDISK_SECTOR);
		} else if (s < vd->data_start) {
			fat_sector(vd, s - vd->fat_start, p);
		} else {
			uint32_t c = ((s - vd->data_start) >> VDISK_SPC_SHIFT) + 2;

			if (c >= vd->used_end) {
				n = vd->total - s;
				if (n > count)
					n = count;
				memset(p, 0, (size_t)n << 9);
			} else {
				const struct vdisk_run *r = find_run(vd, c);
				uint32_t start = vd->data_start +
						 ((r->first - 2) << VDISK_SPC_SHIFT);
				uint32_t end = start + (r->count << VDISK_SPC_SHIFT);
				int rc;

				n = end - s;
				if (n > count)
					n = count;
				rc = read_run(vd, r, s - start, n, p, io);
				if (rc)
					return rc;
			}
		}
		p += (size_t)n << 9;
		lba += n;
		count -= n;
	}
	return WP_OK;
}
