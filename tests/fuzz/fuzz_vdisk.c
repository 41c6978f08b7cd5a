/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_vdisk.c - libFuzzer target: build a virtual disk from fuzzed file
 * names, sizes and extent kinds, then read fuzzed (LBA, count) ranges and
 * check that each multi-sector read equals the same sectors read one by one.
 */
#include "vdisk.h"

static uint8_t pool[1 << 20];   /* backing bytes of memory extents */

/* Callback extents: bytes derived from file and offset. */
static int cb(void *ctx, unsigned file, uint64_t off, void *buf, size_t len)
{
	uint8_t *p = buf;
	size_t i;

	(void)ctx;
	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(file * 7 + (off + i) * 13);
	return 0;
}

/* Take n bytes of input (zeros past the end). */
static uint64_t take(const uint8_t **d, size_t *sz, unsigned n)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++) {
		v |= (uint64_t)(*sz ? **d : 0) << (8 * i);
		if (*sz) {
			(*d)++;
			(*sz)--;
		}
	}
	return v;
}

/* One fuzz input: build a disk, read ranges, compare with per-sector reads. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct vdisk_io io = { cb, NULL, NULL };
	struct vdisk_file files[24];
	struct vdisk_extent ext[24][3];
	char names[24][80];
	struct vdisk *vd = NULL;
	struct wp_err err;
	unsigned n, i, r;
	uint8_t *a, *b;
	uint64_t total;

	if (!pool[1])
		for (i = 0; i < sizeof(pool); i++)
			pool[i] = (uint8_t)(i * 31 + 7);
	n = (unsigned)take(&data, &size, 1) % 24;
	for (i = 0; i < n; i++) {
		unsigned len = (unsigned)take(&data, &size, 1) % 79, k, m;
		uint64_t fsz = take(&data, &size, 4), cut = 0;
		uint8_t kinds = (uint8_t)take(&data, &size, 1);

		for (k = 0; k < len; k++)
			names[i][k] = (char)take(&data, &size, 1);
		names[i][len] = 0;
		if (kinds & 0x80)
			fsz |= 1ull << 32;          /* sometimes too big */
		else if (kinds & 0x40)
			fsz &= 0xFFFFF;             /* mostly small */
		files[i].path = names[i];
		files[i].size = fsz;
		files[i].ext = ext[i];
		files[i].n_ext = fsz ? 3 : 0;
		for (m = 0; m < 3 && fsz; m++) {
			uint64_t end = m == 2 ? fsz : (fsz * (m + 1)) / 3 + ((kinds >> m) & 1);
			unsigned kind = (kinds >> (2 * m)) % 3;

			if (end > fsz)
				end = fsz;
			ext[i][m].off = cut;
			ext[i][m].len = end - cut;
			if (kind == 0 && end - cut <= sizeof(pool))
				ext[i][m].addr = (uintptr_t)pool;
			else
				ext[i][m].addr = kind == 1 ? VDISK_ADDR_ZERO : VDISK_ADDR_CALLBACK;
			cut = end;
		}
	}
	if (vdisk_build(&vd, files, n, &err))
		return 0;
	total = vdisk_sectors(vd);
	a = malloc(300 * 512);
	b = malloc(300 * 512);
	for (r = 0; r < 16 && size; r++) {
		uint64_t lba = take(&data, &size, 4);
		uint32_t count = (uint32_t)take(&data, &size, 2) % 300, j;

		/* bias towards the metadata and the used data */
		if (lba & 1)
			lba = (lba >> 1) % (vdisk_part_start(vd) + 70000);
		lba %= total;
		if (count > total - lba)
			count = (uint32_t)(total - lba);
		if (vdisk_read(vd, lba, count, a, &io))
			__builtin_trap();
		for (j = 0; j < count; j++)
			if (vdisk_read(vd, lba + j, 1, b + 512 * j, &io))
				__builtin_trap();
		if (memcmp(a, b, (size_t)count * 512))
			__builtin_trap();
		if (vdisk_read(vd, total, 1, a, &io) != WP_ERANGE)
			__builtin_trap();
	}
	free(a);
	free(b);
	free(vd);
	return 0;
}
