/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vdisk.c - lay out the virtual disk (MBR + one FAT32 partition) and pack it
 * into one position-independent blob served by vdisk_read.c.
 *
 * Design
 * ------
 * Disk:  LBA 0 MBR (signature VDISK_MBR_SIG at 440, one active entry of type
 *        0x0C), zeros up to the partition at LBA 2048 (1 MiB aligned).
 * Partition: 32 reserved sectors (VBR at 0 starting with 0xE9, FSInfo at 1,
 *        backup VBR at 6, FSInfo copy at 7), ONE FAT, then the data area of
 *        32 KiB clusters (64 sectors).  The cluster count is what the layout
 *        uses, padded with free clusters to at least VDISK_MIN_CLUSTERS so
 *        every driver sees FAT32 (>= 65525 clusters).  The FAT is exactly as
 *        large as that count needs.  Everything must fit a 32-bit MBR
 *        (total sectors <= 0xFFFFFFFF, i.e. ~2 TiB of address space).
 * Tree:  root, \BOOT, \BOOT\FONTS, \BOOT\RESOURCES, \SOURCES, \EFI, \EFI\BOOT
 *        (+FONTS, RESOURCES), \EFI\MICROSOFT, \EFI\MICROSOFT\BOOT (+FONTS,
 *        RESOURCES).  A bare name goes into all 13; a path goes exactly
 *        there, and a path under \boot, \efi\boot or \efi\microsoft\boot goes
 *        into all three, so the three boot directories always list the same.
 *        fsck.fat forbids two entries sharing clusters and wants '.'/'..', so
 *        every directory (alias copies included) is a distinct directory with
 *        its own cluster run and proper '.'/'..', and every appearance of a
 *        file has its own cluster run.  The blob maps all runs of one file to
 *        the same extents: copies cost address space, never memory.
 * Order: directories first (root = cluster 2), then file copies directory by
 *        directory; runs are contiguous from cluster 2, free clusters after.
 * Blob:  header, MBR/VBR/FSInfo sectors, the run table (sorted by cluster,
 *        binary searched to generate FAT sectors and serve data), the file
 *        and extent tables, and the directory bytes (materialised: they are
 *        small; the rest of a directory's run reads as zeros).
 * Names: UTF-8 in, UTF-16 LFN out (<= 255 units), unique 8.3 aliases per
 *        directory (fatname.c), fixed timestamp 2024-01-01 12:00:00, files
 *        READ_ONLY, FSInfo free count exact.
 */
#include "vdisk_blob.h"
#include "fatname.h"

#define VDISK_PART_START 2048u
#define VDISK_MBR_SIG 0x3257504Bu      /* project-specific, non-zero */
#define VDISK_VOLUME_ID 0x7E5C3201u
#define VDISK_OEM "WPC32VD "
#define VDISK_MIN_CLUSTERS 66000u     /* well clear of the FAT16 limit */
#define VDISK_MAX_FILES 16384u
#define VDISK_DIR_MAX_ENTRIES 65536u  /* FAT limit per directory */
#define VDISK_MAX_TAIL 999999u
#define VDISK_DATE ((2024 - 1980) << 9 | 1 << 5 | 1)
#define VDISK_TIME (12 << 11)
#define N_STD_DIRS 13

/* A directory being laid out. */
struct bdir {
	int parent;          /* -1 for the root */
	int head, tail;      /* its entries (indices into ents) */
	const char *u8;      /* name for messages */
	unsigned u8len;
	uint32_t first;      /* first cluster */
	uint32_t clusters;
	uint32_t bytes;      /* materialised entry bytes */
	uint32_t boff;       /* offset of those bytes in the blob */
};

/* An entry of a directory: a file copy or a subdirectory. */
struct bent {
	int dir, file, sub, next;
	const uint16_t *name;
	uint16_t nlen;
	uint8_t kind;        /* enum fatname_kind */
	uint8_t sfn[11];
	uint32_t first;      /* first cluster (0: empty file) */
};

/* Builder state (heap: keeps stack frames small). */
struct builder {
	const struct vdisk_file *files;
	unsigned n_files;
	struct wp_err *err;
	uint16_t *pool;                 /* UTF-16 names */
	size_t pool_len, pool_cap;
	struct bdir *dirs;
	unsigned n_dirs, cap_dirs;
	struct bent *ents;
	unsigned n_ents, cap_ents;
	int *nhash, *shash;             /* long-name and 8.3 hash tables */
	uint32_t hmask;
	int boot_roots[3];              /* \BOOT, \EFI\BOOT, \EFI\MICROSOFT\BOOT */
	int std[N_STD_DIRS];
	uint16_t tmp[FATNAME_MAX];
	char path[512];                 /* for messages */
	struct wp_err local;            /* when the caller passed no err */
};

/* Case-insensitive hash of a long name in directory dir. */
static uint32_t name_hash(int dir, const uint16_t *n, unsigned len)
{
	uint32_t h = 2166136261u ^ (uint32_t)dir * 0x9E3779B1u;
	unsigned i;

	for (i = 0; i < len; i++)
		h = (h ^ fatname_upcase(n[i])) * 16777619u;
	return h;
}

/* Hash of an 8.3 name in directory dir. */
static uint32_t sfn_hash(int dir, const uint8_t sfn[11])
{
	uint32_t h = 2166136261u ^ (uint32_t)dir * 0x9E3779B1u;
	unsigned i;

	for (i = 0; i < 11; i++)
		h = (h ^ sfn[i]) * 16777619u;
	return h;
}

/* Whether two long names are equal ignoring case. */
static bool name_eq(const uint16_t *a, unsigned na, const uint16_t *b, unsigned nb)
{
	unsigned i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (fatname_upcase(a[i]) != fatname_upcase(b[i]))
			return false;
	return true;
}

/* The entry named name in directory dir, or -1. */
static int find_entry(struct builder *b, int dir, const uint16_t *name, unsigned n)
{
	uint32_t h = name_hash(dir, name, n) & b->hmask;

	for (; b->nhash[h] >= 0; h = (h + 1) & b->hmask) {
		const struct bent *e = &b->ents[b->nhash[h]];
		if (e->dir == dir && name_eq(e->name, e->nlen, name, n))
			return b->nhash[h];
	}
	return -1;
}

/* Write the path of directory d into b->path (for messages). */
static const char *dir_path(struct builder *b, int d)
{
	int chain[64], n = 0;
	size_t len = 0;

	for (; d > 0 && n < 64; d = b->dirs[d].parent)
		chain[n++] = d;
	b->path[0] = 0;
	if (!n)
		snprintf(b->path, sizeof(b->path), "\\");
	while (n-- > 0 && len < sizeof(b->path)) {
		const struct bdir *x = &b->dirs[chain[n]];
		int w = snprintf(b->path + len, sizeof(b->path) - len, "\\%.*s",
				 (int)x->u8len, x->u8);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return b->path;
}

/* Name of file fi for messages. */
static const char *fname(struct builder *b, int fi)
{
	return b->files[fi].path;
}

/* Append an entry to directory dir; fails on a duplicate name. */
static int add_entry(struct builder *b, int dir, int file, int sub,
		     const uint16_t *name, unsigned n)
{
	struct bent *e;
	int old = find_entry(b, dir, name, n), idx;
	uint32_t h;

	if (old >= 0) {
		const char *what = file >= 0 ? fname(b, file) : "directory";
		const char *other = b->ents[old].file >= 0 ?
				    fname(b, b->ents[old].file) : "a directory";
		return wp_fail(b->err, WP_EINVAL,
			       "%s: duplicate name in %s (clashes with %s)",
			       what, dir_path(b, dir), other);
	}
	if (b->n_ents >= b->cap_ents)
		return wp_fail(b->err, WP_ERANGE, "vdisk: entry table overflow");
	idx = (int)b->n_ents++;
	e = &b->ents[idx];
	memset(e, 0, sizeof(*e));
	e->dir = dir;
	e->file = file;
	e->sub = sub;
	e->next = -1;
	e->name = name;
	e->nlen = (uint16_t)n;
	if (b->dirs[dir].tail >= 0)
		b->ents[b->dirs[dir].tail].next = idx;
	else
		b->dirs[dir].head = idx;
	b->dirs[dir].tail = idx;
	h = name_hash(dir, name, n) & b->hmask;
	while (b->nhash[h] >= 0)
		h = (h + 1) & b->hmask;
	b->nhash[h] = idx;
	return idx;
}

/* Create subdirectory name (UTF-16 n units, UTF-8 u8) of parent. */
static int make_dir(struct builder *b, int parent, const uint16_t *name,
		    unsigned n, const char *u8, unsigned u8len)
{
	struct bdir *d;
	int idx, rc;

	if (b->n_dirs >= b->cap_dirs)
		return wp_fail(b->err, WP_ERANGE, "vdisk: directory table overflow");
	idx = (int)b->n_dirs++;
	d = &b->dirs[idx];
	memset(d, 0, sizeof(*d));
	d->parent = parent;
	d->head = d->tail = -1;
	d->u8 = u8;
	d->u8len = u8len;
	if (parent >= 0) {
		rc = add_entry(b, parent, -1, idx, name, n);
		if (rc < 0)
			return rc;
	}
	return idx;
}

/* Store n UTF-16 units in the name pool; returns their address. */
static const uint16_t *pool_add(struct builder *b, const uint16_t *s, unsigned n)
{
	uint16_t *p = b->pool + b->pool_len;

	memcpy(p, s, n * sizeof(*s));
	b->pool_len += n;
	return p;
}

/* A standard (upper-case ASCII) directory under parent. */
static int std_dir(struct builder *b, int parent, const char *name)
{
	unsigned n = (unsigned)strlen(name), i;
	uint16_t u[16];

	for (i = 0; i < n; i++)
		u[i] = (uint8_t)name[i];
	return make_dir(b, parent, pool_add(b, u, n), n, name, n);
}

/* Create the 13 standard directories. */
static int make_std_dirs(struct builder *b)
{
	int *s = b->std, i;

	s[0] = make_dir(b, -1, NULL, 0, "", 0);        /* root */
	s[1] = std_dir(b, s[0], "BOOT");
	s[2] = std_dir(b, s[0], "SOURCES");
	s[3] = std_dir(b, s[0], "EFI");
	s[4] = std_dir(b, s[1], "FONTS");
	s[5] = std_dir(b, s[1], "RESOURCES");
	s[6] = std_dir(b, s[3], "BOOT");
	s[7] = std_dir(b, s[3], "MICROSOFT");
	s[8] = std_dir(b, s[6], "FONTS");
	s[9] = std_dir(b, s[6], "RESOURCES");
	s[10] = std_dir(b, s[7], "BOOT");
	s[11] = std_dir(b, s[10], "FONTS");
	s[12] = std_dir(b, s[10], "RESOURCES");
	for (i = 0; i < N_STD_DIRS; i++)
		if (s[i] < 0)
			return s[i];
	b->boot_roots[0] = s[1];
	b->boot_roots[1] = s[6];
	b->boot_roots[2] = s[10];
	return WP_OK;
}

/* Whether the UTF-16 name equals ASCII word ignoring case. */
static bool is_word(const uint16_t *n, unsigned len, const char *word)
{
	unsigned i;

	if (len != strlen(word))
		return false;
	for (i = 0; i < len; i++)
		if (fatname_upcase(n[i]) != fatname_upcase((uint8_t)word[i]))
			return false;
	return true;
}

/* One parsed path component. */
struct comp {
	const char *u8;
	unsigned u8len;
	const uint16_t *name;
	unsigned n;
};

#define MAX_COMPS 32

/* Split a path at '\' and '/' into components; returns their count. */
static int split_path(struct builder *b, int fi, struct comp *c)
{
	const char *p = b->files[fi].path;
	int nc = 0;

	while (*p) {
		const char *s;
		int n;

		while (*p == '\\' || *p == '/')
			p++;
		if (!*p)
			break;
		s = p;
		while (*p && *p != '\\' && *p != '/')
			p++;
		if (nc == MAX_COMPS)
			return wp_fail(b->err, WP_ERANGE, "%s: path too deep",
				       fname(b, fi));
		n = fatname_from_utf8(s, (size_t)(p - s), b->tmp, b->err);
		if (n < 0) {
			struct wp_err e = *b->err;
			return wp_fail(b->err, n, "%s: %s", fname(b, fi), e.msg);
		}
		c[nc].u8 = s;
		c[nc].u8len = (unsigned)(p - s);
		c[nc].name = pool_add(b, b->tmp, (unsigned)n);
		c[nc].n = (unsigned)n;
		nc++;
	}
	if (!nc)
		return wp_fail(b->err, WP_EINVAL, "'%s': empty file name",
			       b->files[fi].path);
	return nc;
}

/* Put file fi into the tree: every standard directory, or its path. */
static int place_file(struct builder *b, int fi, struct comp *c)
{
	const char *path = b->files[fi].path;
	int nc = split_path(b, fi, c), i, skip = 0, rc, t, nt = 1;
	int targets[3];

	if (nc < 0)
		return nc;
	if (!strchr(path, '\\') && !strchr(path, '/')) {
		for (i = 0; i < N_STD_DIRS; i++) {
			rc = add_entry(b, b->std[i], fi, -1, c[0].name, c[0].n);
			if (rc < 0)
				return rc;
		}
		return WP_OK;
	}
	targets[0] = b->std[0];
	if (nc > 3 && is_word(c[0].name, c[0].n, "efi") &&
	    is_word(c[1].name, c[1].n, "microsoft") &&
	    is_word(c[2].name, c[2].n, "boot"))
		skip = 3;
	else if (nc > 2 && is_word(c[0].name, c[0].n, "efi") &&
		 is_word(c[1].name, c[1].n, "boot"))
		skip = 2;
	else if (nc > 1 && is_word(c[0].name, c[0].n, "boot"))
		skip = 1;
	if (skip) {
		memcpy(targets, b->boot_roots, sizeof(targets));
		nt = 3;
	}
	for (t = 0; t < nt; t++) {
		int d = targets[t];

		for (i = skip; i < nc - 1; i++) {
			int e = find_entry(b, d, c[i].name, c[i].n);

			if (e >= 0 && b->ents[e].sub < 0)
				return wp_fail(b->err, WP_EINVAL,
					       "%s: '%.*s' in %s is a file, not a directory",
					       path, (int)c[i].u8len, c[i].u8,
					       dir_path(b, d));
			if (e >= 0) {
				d = b->ents[e].sub;
				continue;
			}
			d = make_dir(b, d, c[i].name, c[i].n, c[i].u8, c[i].u8len);
			if (d < 0)
				return d;
		}
		rc = add_entry(b, d, fi, -1, c[nc - 1].name, c[nc - 1].n);
		if (rc < 0)
			return rc;
	}
	return WP_OK;
}

/* Whether sfn is taken in directory dir; inserts entry idx if not and idx >= 0. */
static bool sfn_taken(struct builder *b, int dir, const uint8_t sfn[11], int idx)
{
	uint32_t h = sfn_hash(dir, sfn) & b->hmask;

	for (; b->shash[h] >= 0; h = (h + 1) & b->hmask) {
		const struct bent *e = &b->ents[b->shash[h]];
		if (e->dir == dir && !memcmp(e->sfn, sfn, 11))
			return true;
	}
	if (idx >= 0)
		b->shash[h] = idx;
	return false;
}

/* Give every entry of directory d a unique 8.3 name; compute its size. */
static int alias_dir(struct builder *b, int d)
{
	struct bdir *dir = &b->dirs[d];
	uint64_t n_entries = d ? 2 : 0;
	int i, pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = dir->head; i >= 0; i = b->ents[i].next) {
			struct bent *e = &b->ents[i];
			uint8_t basis[11];
			unsigned k;

			if (pass == 0) {
				e->kind = (uint8_t)fatname_basis(e->name, e->nlen, basis);
				memcpy(e->sfn, basis, 11);
				n_entries += 1 + (e->kind == FATNAME_EXACT ? 0 :
						  fatname_lfn_count(e->nlen));
				if (e->kind != FATNAME_LOSSY &&
				    sfn_taken(b, d, e->sfn, i))
					return wp_fail(b->err, WP_EINVAL,
						       "%s: duplicate 8.3 name in %s",
						       e->file >= 0 ? fname(b, e->file) : "directory",
						       dir_path(b, d));
				continue;
			}
			if (e->kind != FATNAME_LOSSY)
				continue;
			memcpy(basis, e->sfn, 11);
			for (k = 1; k <= VDISK_MAX_TAIL; k++) {
				fatname_tail(e->sfn, basis, k);
				if (!sfn_taken(b, d, e->sfn, i))
					break;
			}
			if (k > VDISK_MAX_TAIL)
				return wp_fail(b->err, WP_ERANGE,
					       "%s: no free 8.3 alias in %s",
					       fname(b, e->file), dir_path(b, d));
		}
	}
	if (n_entries > VDISK_DIR_MAX_ENTRIES)
		return wp_fail(b->err, WP_ERANGE,
			       "directory %s: too many files (%llu entries > %u)",
			       dir_path(b, d), (unsigned long long)n_entries,
			       VDISK_DIR_MAX_ENTRIES);
	dir->bytes = (uint32_t)n_entries * 32;
	dir->clusters = (dir->bytes + VDISK_CLUSTER - 1) / VDISK_CLUSTER;
	if (!dir->clusters)
		dir->clusters = 1;
	return WP_OK;
}

/* Sectors the partition needs for n data clusters. */
static uint64_t part_sectors_for(uint64_t n)
{
	return VDISK_RESERVED + ((n + 2 + 127) >> 7) + (n << VDISK_SPC_SHIFT);
}

/* The largest cluster count that keeps the disk within 32-bit LBAs. */
static uint32_t max_clusters(void)
{
	uint64_t avail = 0xFFFFFFFFull - VDISK_PART_START;
	uint64_t n = avail >> VDISK_SPC_SHIFT;

	while (part_sectors_for(n) > avail)
		n -= 1 + ((part_sectors_for(n) - avail) >> VDISK_SPC_SHIFT);
	return (uint32_t)n;
}

/* Assign cluster runs: directories, then every file copy. */
static int assign_clusters(struct builder *b, uint32_t *used_end, unsigned *n_runs)
{
	uint64_t next = 2, limit = (uint64_t)max_clusters() + 2;
	unsigned d, runs = 0;
	int i;

	for (d = 0; d < b->n_dirs; d++) {
		b->dirs[d].first = (uint32_t)next;
		next += b->dirs[d].clusters;
		runs++;
	}
	for (d = 0; d < b->n_dirs; d++) {
		for (i = b->dirs[d].head; i >= 0; i = b->ents[i].next) {
			struct bent *e = &b->ents[i];
			uint64_t size;

			if (e->file < 0)
				continue;
			size = b->files[e->file].size;
			if (!size)
				continue;
			e->first = (uint32_t)next;
			next += (size + VDISK_CLUSTER - 1) >> 15;
			runs++;
			if (next > limit)
				return wp_fail(b->err, WP_ERANGE,
					       "%s: layout does not fit: its copy in %s "
					       "ends beyond the 2 TiB limit of an MBR disk",
					       fname(b, e->file), dir_path(b, (int)d));
		}
	}
	*used_end = (uint32_t)next;
	*n_runs = runs;
	return WP_OK;
}

/* Fill a 32-byte short directory entry. */
static void put_entry(uint8_t *d, const uint8_t sfn[11], uint8_t attr,
		      uint32_t cluster, uint32_t size)
{
	memset(d, 0, 32);
	memcpy(d, sfn, 11);
	d[11] = attr;
	wp_put16(d + 14, VDISK_TIME);
	wp_put16(d + 16, VDISK_DATE);
	wp_put16(d + 18, VDISK_DATE);
	wp_put16(d + 20, (uint16_t)(cluster >> 16));
	wp_put16(d + 22, VDISK_TIME);
	wp_put16(d + 24, VDISK_DATE);
	wp_put16(d + 26, (uint16_t)cluster);
	wp_put32(d + 28, size);
}

/* Materialise directory d at out (dirs[d].bytes bytes). */
static void write_dir(struct builder *b, int d, uint8_t *out)
{
	static const uint8_t dot[11] = { '.', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ' };
	static const uint8_t dotdot[11] = { '.', '.', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ' };
	const struct bdir *dir = &b->dirs[d];
	int i;

	if (d) {
		int p = dir->parent;
		put_entry(out, dot, 0x10, dir->first, 0);
		put_entry(out + 32, dotdot, 0x10, p > 0 ? b->dirs[p].first : 0, 0);
		out += 64;
	}
	for (i = dir->head; i >= 0; i = b->ents[i].next) {
		const struct bent *e = &b->ents[i];

		if (e->kind != FATNAME_EXACT) {
			fatname_lfn_write(out, e->name, e->nlen, fatname_checksum(e->sfn));
			out += 32 * fatname_lfn_count(e->nlen);
		}
		if (e->sub >= 0)
			put_entry(out, e->sfn, 0x10, b->dirs[e->sub].first, 0);
		else
			put_entry(out, e->sfn, 0x01, e->first,
				  (uint32_t)b->files[e->file].size);
		out += 32;
	}
}

/* CHS bytes of an LBA on a 255-head, 63-sector geometry (clamped). */
static void put_chs(uint8_t *p, uint32_t lba)
{
	uint32_t c = lba / (255 * 63), h = lba / 63 % 255, s = lba % 63 + 1;

	if (c > 1023) {
		c = 1023;
		h = 254;
		s = 63;
	}
	p[0] = (uint8_t)h;
	p[1] = (uint8_t)(s | (c >> 2 & 0xC0));
	p[2] = (uint8_t)c;
}

/* MBR, VBR and FSInfo sectors into sect (3 * 512 bytes). */
static void write_sectors(struct vdisk *vd, uint8_t *sect)
{
	uint8_t *mbr = sect, *vbr = sect + 512, *fsi = sect + 1024;
	uint8_t *pe = mbr + 446;
	uint32_t free_cl = vd->n_clusters + 2 - vd->used_end;

	memset(sect, 0, 3 * 512);
	wp_put32(mbr + 440, vd->mbr_sig);
	pe[0] = 0x80;
	put_chs(pe + 1, vd->part_start);
	pe[4] = 0x0C;
	put_chs(pe + 5, vd->part_start + vd->part_sectors - 1);
	wp_put32(pe + 8, vd->part_start);
	wp_put32(pe + 12, vd->part_sectors);
	mbr[510] = 0x55;
	mbr[511] = 0xAA;

	vbr[0] = 0xE9;                 /* jmp near 0x5A: bootmgr wants 0xE9 */
	vbr[1] = 0x57;
	vbr[2] = 0x00;
	memcpy(vbr + 3, VDISK_OEM, 8);
	wp_put16(vbr + 11, VDISK_SECTOR);
	vbr[13] = VDISK_SPC;
	wp_put16(vbr + 14, VDISK_RESERVED);
	vbr[16] = 1;                   /* one FAT */
	vbr[21] = 0xF8;
	wp_put16(vbr + 24, 63);
	wp_put16(vbr + 26, 255);
	wp_put32(vbr + 28, vd->part_start);
	wp_put32(vbr + 32, vd->part_sectors);
	wp_put32(vbr + 36, vd->fat_sectors);
	wp_put32(vbr + 44, 2);         /* root cluster */
	wp_put16(vbr + 48, 1);         /* FSInfo sector */
	wp_put16(vbr + 50, VDISK_BACKUP_VBR);
	vbr[64] = 0x80;
	vbr[66] = 0x29;
	wp_put32(vbr + 67, VDISK_VOLUME_ID);
	memcpy(vbr + 71, "NO NAME    ", 11);
	memcpy(vbr + 82, "FAT32   ", 8);
	vbr[90] = 0xCD;                /* int 18h: not bootable */
	vbr[91] = 0x18;
	vbr[92] = 0xEB;                /* jmp $ */
	vbr[93] = 0xFE;
	vbr[510] = 0x55;
	vbr[511] = 0xAA;

	wp_put32(fsi, 0x41615252);
	wp_put32(fsi + 484, 0x61417272);
	wp_put32(fsi + 488, free_cl);
	wp_put32(fsi + 492, free_cl ? vd->used_end : 0xFFFFFFFF);
	wp_put32(fsi + 508, 0xAA550000);
}

/* Round up to a multiple of 8. */
static uint32_t al8(uint64_t x)
{
	return (uint32_t)((x + 7) & ~(uint64_t)7);
}

/* Check a file's size and extents; returns its non-empty extent count. */
static int check_file(struct builder *b, unsigned fi)
{
	const struct vdisk_file *f = &b->files[fi];
	uint64_t end = 0;
	unsigned i, n = 0;

	if (!f->path)
		return wp_fail(b->err, WP_EINVAL, "file %u has no name", fi);
	if (f->size > 0xFFFFFFFFull)
		return wp_fail(b->err, WP_ERANGE,
			       "%s: %llu bytes; FAT32 files must be smaller than 4 GiB",
			       f->path, (unsigned long long)f->size);
	for (i = 0; i < f->n_ext; i++) {
		const struct vdisk_extent *e = &f->ext[i];

		if (e->off != end || e->len > f->size - end)
			return wp_fail(b->err, WP_EINVAL,
				       "%s: extent %u does not continue at offset %llu",
				       f->path, i, (unsigned long long)end);
		end += e->len;
		if (e->len)
			n++;
	}
	if (end != f->size)
		return wp_fail(b->err, WP_EINVAL,
			       "%s: extents cover %llu of %llu bytes", f->path,
			       (unsigned long long)end, (unsigned long long)f->size);
	return (int)n;
}

/* Release the builder's tables. */
static void builder_free(struct builder *b)
{
	free(b->pool);
	free(b->dirs);
	free(b->ents);
	free(b->nhash);
	free(b->shash);
	free(b);
}

/* Allocate the builder's tables for the given input. */
static int builder_init(struct builder *b, unsigned *n_ext)
{
	uint64_t ents = N_STD_DIRS, dirs = N_STD_DIRS, pool = 256, hsize = 16;
	unsigned fi;

	*n_ext = 0;
	for (fi = 0; fi < b->n_files; fi++) {
		const char *p = b->files[fi].path, *q;
		int ne = check_file(b, fi);
		uint64_t seps = 0;

		if (ne < 0)
			return ne;
		*n_ext += (unsigned)ne;
		for (q = p; *q; q++)
			seps += *q == '\\' || *q == '/';
		pool += (uint64_t)(q - p);
		ents += seps ? 3 * (seps + 1) : N_STD_DIRS;
		dirs += 3 * seps;
	}
	while (hsize < 2 * ents)
		hsize <<= 1;
	b->cap_ents = (unsigned)ents;
	b->cap_dirs = (unsigned)dirs;
	b->pool_cap = (size_t)pool;
	b->hmask = (uint32_t)hsize - 1;
	b->pool = malloc(pool * sizeof(uint16_t));
	b->dirs = malloc(dirs * sizeof(struct bdir));
	b->ents = malloc(ents * sizeof(struct bent));
	b->nhash = malloc(hsize * sizeof(int));
	b->shash = malloc(hsize * sizeof(int));
	if (!b->pool || !b->dirs || !b->ents || !b->nhash || !b->shash)
		return wp_fail(b->err, WP_ENOMEM, "vdisk: out of memory for %u files",
			       b->n_files);
	memset(b->nhash, 0xFF, hsize * sizeof(int));
	memset(b->shash, 0xFF, hsize * sizeof(int));
	return WP_OK;
}

/* Pack the laid-out tree into the blob. */
static int pack(struct builder *b, uint32_t used_end, unsigned n_runs,
		unsigned n_ext, struct vdisk **out)
{
	struct vdisk hdr, *vd;
	struct vdisk_run *runs;
	struct vdisk_bfile *files;
	struct vdisk_bext *exts;
	struct vdisk_bdir *dirs;
	uint64_t size, dirbytes = 0;
	unsigned d, fi, i, r = 0, x = 0;
	int j;

	memset(&hdr, 0, sizeof(hdr));
	hdr.magic = VDISK_MAGIC;
	hdr.mbr_sig = VDISK_MBR_SIG;
	hdr.part_start = VDISK_PART_START;
	hdr.n_clusters = used_end - 2 < VDISK_MIN_CLUSTERS ? VDISK_MIN_CLUSTERS :
			 used_end - 2;
	hdr.used_end = used_end;
	hdr.fat_sectors = (hdr.n_clusters + 2 + 127) >> 7;
	hdr.part_sectors = (uint32_t)part_sectors_for(hdr.n_clusters);
	hdr.total = hdr.part_start + hdr.part_sectors;
	hdr.fat_start = hdr.part_start + VDISK_RESERVED;
	hdr.data_start = hdr.fat_start + hdr.fat_sectors;
	hdr.n_runs = n_runs;
	hdr.n_files = b->n_files;
	hdr.n_ext = n_ext;
	hdr.n_dirs = b->n_dirs;
	size = al8(sizeof(hdr));
	hdr.sect_off = (uint32_t)size;
	size += 3 * VDISK_SECTOR;
	hdr.runs_off = (uint32_t)size;
	size = al8(size + (uint64_t)n_runs * sizeof(*runs));
	hdr.files_off = (uint32_t)size;
	size = al8(size + (uint64_t)b->n_files * sizeof(*files));
	hdr.ext_off = (uint32_t)size;
	size = al8(size + (uint64_t)n_ext * sizeof(*exts));
	hdr.dirs_off = (uint32_t)size;
	size = al8(size + (uint64_t)b->n_dirs * sizeof(*dirs));
	for (d = 0; d < b->n_dirs; d++) {
		b->dirs[d].boff = (uint32_t)(size + dirbytes);
		dirbytes += b->dirs[d].bytes;
	}
	size += dirbytes;
	if (size > 0x7FFFFFFF)
		return wp_fail(b->err, WP_ERANGE, "vdisk: directory data too large");
	hdr.size = (uint32_t)size;
	vd = malloc((size_t)size);
	if (!vd)
		return wp_fail(b->err, WP_ENOMEM,
			       "vdisk: out of memory for a %llu-byte disk map",
			       (unsigned long long)size);
	memset(vd, 0, (size_t)size);
	*vd = hdr;
	runs = (struct vdisk_run *)((uint8_t *)vd + hdr.runs_off);
	files = (struct vdisk_bfile *)((uint8_t *)vd + hdr.files_off);
	exts = (struct vdisk_bext *)((uint8_t *)vd + hdr.ext_off);
	dirs = (struct vdisk_bdir *)((uint8_t *)vd + hdr.dirs_off);
	write_sectors(vd, (uint8_t *)vd + hdr.sect_off);
	for (fi = 0; fi < b->n_files; fi++) {
		const struct vdisk_file *f = &b->files[fi];

		files[fi].size = (uint32_t)f->size;
		files[fi].ext_first = x;
		for (i = 0; i < f->n_ext; i++) {
			if (!f->ext[i].len)
				continue;
			exts[x].addr = f->ext[i].addr;
			exts[x].off = (uint32_t)f->ext[i].off;
			exts[x].len = (uint32_t)f->ext[i].len;
			x++;
		}
		files[fi].n_ext = x - files[fi].ext_first;
	}
	for (d = 0; d < b->n_dirs; d++) {
		dirs[d].off = b->dirs[d].boff;
		dirs[d].len = b->dirs[d].bytes;
		write_dir(b, (int)d, (uint8_t *)vd + b->dirs[d].boff);
		runs[r].first = b->dirs[d].first;
		runs[r].count = b->dirs[d].clusters;
		runs[r].what = VDISK_RUN_DIR | d;
		r++;
	}
	for (d = 0; d < b->n_dirs; d++) {
		for (j = b->dirs[d].head; j >= 0; j = b->ents[j].next) {
			const struct bent *e = &b->ents[j];

			if (e->file < 0 || !e->first)
				continue;
			runs[r].first = e->first;
			runs[r].count = (uint32_t)((b->files[e->file].size +
						    VDISK_CLUSTER - 1) >> 15);
			runs[r].what = (uint32_t)e->file;
			r++;
		}
	}
	*out = vd;
	return WP_OK;
}

/* Lay the disk out from the file table and pack it into one blob. */
int vdisk_build(struct vdisk **out, const struct vdisk_file *files,
		unsigned n_files, struct wp_err *err)
{
	struct builder *b;
	struct comp *comps = NULL;
	uint32_t used_end = 0;
	unsigned n_runs = 0, n_ext = 0, fi, d;
	int rc;

	*out = NULL;
	if (n_files > VDISK_MAX_FILES)
		return wp_fail(err, WP_ERANGE, "too many files (%u > %u)",
			       n_files, VDISK_MAX_FILES);
	b = calloc(1, sizeof(*b));
	comps = malloc(MAX_COMPS * sizeof(*comps));
	if (!b || !comps) {
		free(b);
		free(comps);
		return wp_fail(err, WP_ENOMEM, "vdisk: out of memory");
	}
	b->files = files;
	b->n_files = n_files;
	b->err = err ? err : &b->local;
	rc = builder_init(b, &n_ext);
	if (!rc)
		rc = make_std_dirs(b);
	for (fi = 0; !rc && fi < n_files; fi++)
		rc = place_file(b, (int)fi, comps);
	for (d = 0; !rc && d < b->n_dirs; d++)
		rc = alias_dir(b, (int)d);
	if (!rc)
		rc = assign_clusters(b, &used_end, &n_runs);
	if (!rc)
		rc = pack(b, used_end, n_runs, n_ext, out);
	free(comps);
	builder_free(b);
	return rc < 0 ? rc : WP_OK;
}

/* Move every memory-backed extent of the blob to map(addr) (see vdisk.h). */
void vdisk_relocate(struct vdisk *vd, uint64_t (*map)(void *ctx, uint64_t addr), void *ctx)
{
	struct vdisk_bext *e = (struct vdisk_bext *)((uint8_t *)vd + vd->ext_off);
	uint32_t i;

	for (i = 0; i < vd->n_ext; i++)
		if (e[i].addr != VDISK_ADDR_ZERO && e[i].addr != VDISK_ADDR_CALLBACK)
			e[i].addr = map(ctx, e[i].addr);
}
