/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fat.c - the probe's reader of the virtual disk: MBR (checked against the
 * BOOT APP "wtf3" locator), FAT32 boot sector, then every directory (long
 * names) and every file by every path, hashed with SHA-256.
 */
#include "probe.h"

#define MAX_ENTS   4096
#define MAX_DEPTH  8
#define IO_SECTORS 256

struct ent {
	char name[96];
	uint32_t clus, size;
	uint8_t attr;
};

static struct ent pool[MAX_ENTS];
static unsigned pool_n, seq;
static uint32_t anc[MAX_DEPTH + 1];
static uint8_t sec[512], fatsec[512], xbuf[3][32 * 512];
static uint8_t iobuf[IO_SECTORS * 512] __attribute__((aligned(16)));
static uint8_t clusbuf[128 * 512];
static uint64_t part_lba, fat_lba, data_lba, fat_cached = ~0ull;
static uint32_t spc, root_clus, n_clusters;
unsigned files_seen;

/* Next cluster in the chain (0x0FFFFFFF-masked). */
static uint32_t fat_next(uint32_t c)
{
	uint64_t l = fat_lba + c / 128;

	CHECK(c >= 2 && c < n_clusters + 2, "cluster number out of range", c);
	if (l != fat_cached) {
		disk_read_any(l, 1, fatsec, seq++);
		fat_cached = l;
	}
	return rd32(fatsec + (c % 128) * 4) & 0x0fffffff;
}

/* First sector of cluster c. */
static uint64_t clus_lba(uint32_t c)
{
	return data_lba + (uint64_t)(c - 2) * spc;
}

/* "." or ".."? */
static int is_dot(const char *n)
{
	return n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2]));
}

/* Append the entries of directory `clus` to the pool. */
static void read_dir(uint32_t clus)
{
	char lfn[96];
	uint8_t sum = 0;
	int have_lfn = 0;
	unsigned nclus = 0, i, k;

	while (clus < 0x0ffffff8) {
		CHECK(++nclus < 4096, "directory chain too long", clus);
		for (i = 0; i < spc; i += 32)
			disk_read_any(clus_lba(clus) + i, spc - i < 32 ? spc - i : 32,
				      clusbuf + i * 512, seq++);
		for (i = 0; i < spc * 512; i += 32) {
			const uint8_t *e = clusbuf + i;
			uint8_t cs = 0;

			if (e[0] == 0)
				return;
			if (e[0] == 0xe5) {
				have_lfn = 0;
				continue;
			}
			if (e[11] == 0x0f) {
				unsigned n = (e[0] & 0x1f) - 1;
				static const uint8_t off[13] = { 1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30 };

				if (e[0] & 0x40) {
					memset(lfn, 0, sizeof lfn);
					have_lfn = 1;
					sum = e[13];
				}
				if (n * 13 + 13 >= sizeof lfn || e[13] != sum) {
					have_lfn = 0;
					continue;
				}
				for (k = 0; k < 13; k++) {
					uint16_t ch = rd16(e + off[k]);
					if (ch == 0 || ch == 0xffff)
						ch = 0;
					else if (ch >= 0x80)
						ch = '?';
					lfn[n * 13 + k] = (char)ch;
				}
				continue;
			}
			if (e[11] & 0x08) { /* volume label */
				have_lfn = 0;
				continue;
			}
			for (k = 0; k < 11; k++)
				cs = (uint8_t)(((cs & 1) << 7) + (cs >> 1) + e[k]);
			CHECK(pool_n < MAX_ENTS, "too many directory entries", pool_n);
			{
				struct ent *d = &pool[pool_n];

				if (have_lfn && cs == sum && lfn[0]) {
					memcpy(d->name, lfn, sizeof d->name);
				} else {
					unsigned n = 0;
					for (k = 0; k < 8 && e[k] != ' '; k++)
						d->name[n++] = (char)e[k];
					if (e[8] != ' ') {
						d->name[n++] = '.';
						for (k = 8; k < 11 && e[k] != ' '; k++)
							d->name[n++] = (char)e[k];
					}
					d->name[n] = 0;
				}
				have_lfn = 0;
				if (is_dot(d->name))
					continue;
				d->clus = (uint32_t)rd16(e + 20) << 16 | rd16(e + 26);
				d->size = rd32(e + 28);
				d->attr = e[11];
				pool_n++;
			}
		}
		clus = fat_next(clus);
	}
}

/* Append s to the path buffer at *n. */
static void path_add(char *path, unsigned *n, const char *s)
{
	while (*s && *n < 250)
		path[(*n)++] = *s++;
	path[*n] = 0;
}

/* Read, hash and report one file. */
static void hash_file(const char *path, const struct ent *f)
{
	struct sha256 h;
	uint8_t dig[32];
	uint32_t clus = f->clus, left = f->size, cbytes = spc * 512, m;
	unsigned i, first = 1;

	sha256_init(&h);
	if (!left)
		CHECK(clus == 0, "empty file has a cluster", clus);
	while (left) {
		uint32_t run = 1, want = (left + cbytes - 1) / cbytes, next, n, sectors;

		CHECK(clus >= 2 && clus < 0x0ffffff8, "file chain ends early", clus);
		/* extend the run of contiguous clusters */
		next = fat_next(clus);
		while (run < want && next == clus + run && (run + 1) * spc <= IO_SECTORS) {
			run++;
			next = fat_next(clus + run - 1);
		}
		if (run == want)
			CHECK(next >= 0x0ffffff8, "file chain longer than the file", next);
		n = run * cbytes < left ? run * cbytes : left;
		sectors = (n + 511) / 512;
		if (first) {
			/* the first piece by all three methods must agree */
			uint32_t k = sectors < 32 ? sectors : 32;

			for (m = 0; m < RD_METHODS; m++) {
				if (m == RD_CHS && clus_lba(clus) + k > 1024ull * 255 * 63)
					disk_read(clus_lba(clus), k, xbuf[m], RD_EDD);
				else
					disk_read(clus_lba(clus), k, xbuf[m], (int)m);
			}
			CHECK(!memcmp(xbuf[0], xbuf[1], k * 512) && !memcmp(xbuf[1], xbuf[2], k * 512),
			      "CHS / EDD / flat reads differ", clus);
			first = 0;
		}
		for (i = 0; i < sectors;) {
			uint32_t c = sectors - i, lim = (seq % 3 == RD_FLAT) ? IO_SECTORS : 127;

			if (c > lim)
				c = lim;
			disk_read_any(clus_lba(clus) + i, c, iobuf + i * 512, seq++);
			i += c;
		}
		sha256_update(&h, iobuf, n);
		left -= n;
		clus = next;
		if (left)
			CHECK(run * cbytes == n, "run accounting", n);
	}
	sha256_final(&h, dig);
	out_str("PROBE FILE ");
	out_str(path);
	out_str(" ");
	out_dec(f->size);
	out_str(" ");
	for (i = 0; i < 32; i++) {
		static const char hx[] = "0123456789abcdef";
		char b[3] = { hx[dig[i] >> 4], hx[dig[i] & 15], 0 };
		out_str(b);
	}
	out_nl();
	files_seen++;
}

/* Walk directory `clus` at `path` (length n), depth d. */
static void walk(uint32_t clus, char *path, unsigned n, unsigned d)
{
	unsigned start = pool_n, end, i, k;

	anc[d] = clus;
	read_dir(clus);
	end = pool_n;
	for (i = start; i < end; i++) {
		const struct ent *e = &pool[i];
		unsigned m = n;
		int loop = 0;

		path_add(path, &m, "/");
		path_add(path, &m, e->name);
		if (e->attr & 0x10) {
			for (k = 0; k <= d; k++)
				if (anc[k] == e->clus)
					loop = 1;
			if (!loop && d < MAX_DEPTH)
				walk(e->clus ? e->clus : root_clus, path, m, d + 1);
		} else {
			hash_file(path, e);
		}
		path[n] = 0;
	}
	pool_n = start;
}

/* MBR, boot sector, then the whole tree. */
void fat_walk_disk(uint32_t mbr_sig, uint32_t part_offset)
{
	static char path[256];
	uint8_t *p;
	uint32_t reserved, nfats, fatsz, total, part_len;
	int m;

	for (m = 0; m < RD_METHODS; m++) {
		disk_read(0, 1, xbuf[m], m);
		if (m)
			CHECK(!memcmp(xbuf[0], xbuf[m], 512), "MBR differs between read methods", m);
	}
	memcpy(sec, xbuf[0], 512);
	CHECK(sec[510] == 0x55 && sec[511] == 0xaa, "MBR has no 55AA", rd16(sec + 510));
	CHECK(rd32(sec + 440) == mbr_sig, "MBR signature differs from wtf3", rd32(sec + 440));
	p = sec + 446;
	CHECK(p[4] == 0x0c || p[4] == 0x0b, "partition 1 is not FAT32", p[4]);
	part_lba = rd32(p + 8);
	CHECK(part_lba * 512 == part_offset, "partition start differs from wtf3 offset", (uint32_t)part_lba);
	part_len = rd32(p + 12);
	CHECK(part_lba + part_len <= disk_total, "partition beyond the disk", part_len);

	disk_read_any(part_lba, 1, sec, seq++);
	CHECK(sec[0] == 0xe9, "boot sector does not start with 0xE9", sec[0]);
	CHECK(sec[510] == 0x55 && sec[511] == 0xaa, "boot sector has no 55AA", rd16(sec + 510));
	CHECK(rd16(sec + 11) == 512, "bytes per sector", rd16(sec + 11));
	spc = sec[13];
	reserved = rd16(sec + 14);
	nfats = sec[16];
	total = rd32(sec + 32);
	fatsz = rd32(sec + 36);
	root_clus = rd32(sec + 44);
	CHECK(spc && spc <= 128 && !(spc & (spc - 1)), "sectors per cluster", spc);
	CHECK(nfats >= 1 && fatsz && rd16(sec + 22) == 0 && !memcmp(sec + 82, "FAT32   ", 8),
	      "not a FAT32 boot sector", fatsz);
	fat_lba = part_lba + reserved;
	data_lba = fat_lba + (uint64_t)nfats * fatsz;
	n_clusters = (uint32_t)((total - (data_lba - part_lba)) / spc);
	CHECK(total <= part_len, "FAT32 total sectors exceed the partition", total);

	out_str("PROBE FAT32 part ");
	out_dec(part_lba);
	out_str(" spc ");
	out_dec(spc);
	out_str(" clusters ");
	out_dec(n_clusters);
	out_nl();
	path[0] = 0;
	walk(root_clus, path, 0, 0);
}
