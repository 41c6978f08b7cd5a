/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_vdisk_read.c - every (LBA, count) read is exact: the whole disk is
 * rendered once sector by sector into a sparse file, then 100 000 random
 * multi-sector reads must equal the same ranges of that image, and for every
 * region boundary B (MBR, gap, reserved sectors, every FAT sector, every
 * cluster run, every extent, every file end, the free area, the disk end) the
 * reads [B-k, B+k) in one call must equal per-sector reads (wimboot's bug:
 * reference §9.4).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "harness.h"
#include "vdisk.h"
#include "fatwalk.h"

/* Deterministic content byte of file f at offset o. */
static uint8_t pat(unsigned f, uint64_t o)
{
	uint32_t x = (uint32_t)(o * 2654435761u) ^ (f * 40503u) ^ (uint32_t)(o >> 13);
	return (uint8_t)(x ^ x >> 11 ^ 0x5A);
}

/* Callback extent reader: pattern bytes. */
static int cb_read(void *ctx, unsigned file, uint64_t off, void *buf, size_t len)
{
	uint8_t *p = buf;
	size_t i;

	(void)ctx;
	for (i = 0; i < len; i++)
		p[i] = pat(file, off + i);
	return 0;
}

static const struct vdisk_io io = { cb_read, NULL, NULL };

#define NF 40
static struct vdisk_file files[NF];
static struct vdisk_extent exts[NF][4];
static uint8_t *mem[NF];
static char names[NF][64];
static struct vdisk *vd;
static const uint8_t *img;   /* the rendered disk (mmap of a sparse file) */
static uint64_t total, data_end;
static uint64_t *bounds;
static unsigned n_bounds, cap_bounds;

/* xorshift64 random numbers (fixed seed: reproducible). */
static uint64_t rnd(void)
{
	static uint64_t s = 0x9E3779B97F4A7C15ull;
	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return s;
}

/* Describe file i of size bytes: up to 4 extents of all kinds. */
static void make_file(unsigned i, uint64_t size)
{
	uint64_t cut[5], k;
	unsigned n = 0, e;

	files[i].size = size;
	files[i].ext = exts[i];
	mem[i] = malloc(size ? size : 1);
	for (k = 0; k < size; k++)
		mem[i][k] = pat(i, k);
	cut[n++] = 0;
	if (size > 4) {
		/* extent edges at odd offsets, at sector edges and random */
		uint64_t a = size / 4 + 3, b = (size / 2) & ~511ull, c = size - 1;
		if (a > cut[n - 1] && a < size) cut[n++] = a;
		if (b > cut[n - 1] && b < size) cut[n++] = b;
		if (c > cut[n - 1] && c < size) cut[n++] = c;
	}
	cut[n] = size;
	files[i].n_ext = size ? n : 0;
	for (e = 0; e < n && size; e++) {
		uint64_t off = cut[e], len = cut[e + 1] - cut[e];
		unsigned kind = (i + e) % 3;

		exts[i][e].off = off;
		exts[i][e].len = len;
		if (kind == 0) {
			exts[i][e].addr = (uintptr_t)(mem[i] + off);
		} else if (kind == 1) {
			exts[i][e].addr = VDISK_ADDR_ZERO;
			memset(mem[i] + off, 0, len);
		} else {
			exts[i][e].addr = VDISK_ADDR_CALLBACK;
		}
	}
}

/* Add boundary LBA b (if on the disk). */
static void add_bound(uint64_t b)
{
	if (b > total)
		return;
	if (n_bounds == cap_bounds) {
		cap_bounds = cap_bounds ? 2 * cap_bounds : 4096;
		bounds = realloc(bounds, cap_bounds * sizeof(*bounds));
	}
	bounds[n_bounds++] = b;
}

/* Walk callback: every file copy adds its run, extent and end boundaries. */
static int bound_cb(void *ctx, const char *path, const struct fatwalk_ent *e)
{
	struct fatwalk *w = ctx;
	uint64_t start;
	unsigned i, j;

	if (!e->cluster)
		return 0;
	start = w->data_start + (uint64_t)(e->cluster - 2) * w->spc;
	add_bound(start);
	if (e->attr & 0x10)
		return 0;
	add_bound(start + (e->size + 511) / 512);
	add_bound(start + e->size / 512);
	for (i = 0; i < NF; i++) {
		const char *base = strrchr(files[i].path, '\\');
		base = base ? base + 1 : files[i].path;
		if (strcmp(base, e->name))
			continue;
		for (j = 0; j < files[i].n_ext; j++)
			add_bound(start + exts[i][j].off / 512);
	}
	return 0;
}

/* Build a varied disk and render it sector by sector to a sparse file. */
static int t_build_render(void)
{
	static const uint64_t sizes[] = { 0, 1, 511, 512, 513, 1000, 32767, 32768, 32769,
		65535, 65536, 65537, 100000, 300001, 1048576 + 7, 2000000 };
	char tmpl[] = "/tmp/vdisk_read_XXXXXX";
	struct wp_err err = { 0, "" };
	uint8_t *sec = malloc(512);
	uint64_t lba;
	unsigned i;
	int fd, h_bad = 0;

	for (i = 0; i < NF; i++) {
		if (i < 16)
			snprintf(names[i], sizeof(names[i]), "file %u of size %llu.bin", i,
				 (unsigned long long)sizes[i]);
		else if (i < 30)
			snprintf(names[i], sizeof(names[i]), "\\sources\\f%u", i);
		else
			snprintf(names[i], sizeof(names[i]), "\\boot\\fonts\\Schrift %u.ttf", i);
		files[i].path = names[i];
		make_file(i, i < 16 ? sizes[i] : rnd() % 200000);
	}
	EXPECT(!vdisk_build(&vd, files, NF, &err), "build: %s", err.msg);
	if (!vd)
		return 1;
	total = vdisk_sectors(vd);
	fd = mkstemp(tmpl);
	EXPECT(fd >= 0 && !unlink(tmpl) && !ftruncate(fd, (off_t)(total * 512)), "tmp");
	/* render sector by sector; write only non-zero sectors (sparse) */
	for (lba = 0; lba < total; lba++) {
		unsigned k;
		if (vdisk_read(vd, lba, 1, sec, &io)) {
			EXPECT(0, "read %llu", (unsigned long long)lba);
			break;
		}
		for (k = 0; k < 512 && !sec[k]; k++)
			;
		if (k < 512) {
			EXPECT(pwrite(fd, sec, 512, (off_t)(lba * 512)) == 512, "write");
			data_end = lba + 1;
		}
	}
	img = mmap(NULL, total * 512, PROT_READ, MAP_SHARED, fd, 0);
	EXPECT(img != MAP_FAILED, "mmap");
	close(fd);
	free(sec);
	return h_bad;
}

/* 100 000 random multi-sector reads equal the rendered image. */
static int t_random_reads(void)
{
	uint8_t *buf = malloc(256 * 512);
	unsigned i, bad = 0;
	int h_bad = 0;

	for (i = 0; i < 100000; i++) {
		uint64_t lba, span = i & 1 ? total : data_end + 4096;
		uint32_t count = (uint32_t)(rnd() % 256) + 1;

		if (span > total)
			span = total;
		lba = rnd() % span;
		if (lba + count > total)
			count = (uint32_t)(total - lba);
		if (vdisk_read(vd, lba, count, buf, &io) ||
		    memcmp(buf, img + lba * 512, (size_t)count * 512)) {
			if (bad++ < 5)
				EXPECT(0, "read (%llu, %u) differs", (unsigned long long)lba, count);
		}
	}
	EXPECT(!bad, "%u of 100000 reads differ", bad);
	EXPECT(vdisk_read(vd, total - 1, 2, buf, &io) == WP_ERANGE, "past end");
	EXPECT(vdisk_read(vd, total - 5, 5, buf, &io) == WP_OK &&
	       !memcmp(buf, img + (total - 5) * 512, 5 * 512), "to the end");
	free(buf);
	return h_bad;
}

/* Reads straddling every region boundary equal per-sector reads. */
static int t_boundaries(void)
{
	static const uint32_t ks[] = { 1, 2, 3, 7, 63, 64, 65, 129 };
	struct fatwalk w;
	uint8_t *one = malloc(2 * 129 * 512), *per = malloc(2 * 129 * 512);
	uint64_t b;
	unsigned i, k, bad = 0, reads = 0;
	int h_bad = 0;

	EXPECT(!fatwalk_open(&w, vd, &io), "fatwalk");
	/* every sector of MBR, gap, reserved area, FAT and the first data sector */
	for (b = 0; b <= w.data_start; b++)
		add_bound(b);
	add_bound(vdisk_part_start(vd) + vdisk_part_sectors(vd));
	add_bound(total);
	add_bound(data_end);
	EXPECT(!fatwalk_tree(&w, bound_cb, &w), "walk");
	for (i = 0; i < n_bounds; i++) {
		for (k = 0; k < sizeof(ks) / sizeof(ks[0]); k++) {
			uint64_t lo = bounds[i] >= ks[k] ? bounds[i] - ks[k] : 0;
			uint64_t hi = bounds[i] + ks[k] <= total ? bounds[i] + ks[k] : total;
			uint32_t n = (uint32_t)(hi - lo), j;
			int rc;

			if (!n)
				continue;
			rc = vdisk_read(vd, lo, n, one, &io);
			for (j = 0; j < n; j++)
				rc |= vdisk_read(vd, lo + j, 1, per + (size_t)j * 512, &io);
			reads++;
			if (rc || memcmp(one, per, (size_t)n * 512) ||
			    memcmp(one, img + lo * 512, (size_t)n * 512)) {
				if (bad++ < 5)
					EXPECT(0, "[%llu, %llu) around %llu differs",
					       (unsigned long long)lo, (unsigned long long)hi,
					       (unsigned long long)bounds[i]);
			}
		}
	}
	EXPECT(n_bounds > 3000 && !bad, "%u boundaries, %u reads, %u bad", n_bounds,
	       reads, bad);
	printf("  %u boundaries, %u straddling reads\n", n_bounds, reads);
	free(one);
	free(per);
	return h_bad;
}

/* Run the vdisk read tests. */
int main(void)
{
	RUN(t_build_render);
	if (!vd || !img)
		return H_DONE();
	RUN(t_random_reads);
	RUN(t_boundaries);
	return H_DONE();
}
