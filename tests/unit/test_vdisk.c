/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_vdisk.c - vdisk_build layout invariants (MBR, VBR, FSInfo, FAT, alias
 * directories, no shared clusters, contents through the FAT), the uniqueness
 * of 8.3 aliases on the disk, and the build errors (the names themselves:
 * test_fatname.c).
 */
#include "harness.h"
#include "vdisk.h"
#include "fatname.h"
#include "../../host-tools/winpe-disk/fatwalk.h"

static const char *const std_dirs[13] = {
	"", "\\BOOT", "\\BOOT\\FONTS", "\\BOOT\\RESOURCES", "\\SOURCES", "\\EFI",
	"\\EFI\\BOOT", "\\EFI\\BOOT\\FONTS", "\\EFI\\BOOT\\RESOURCES",
	"\\EFI\\MICROSOFT", "\\EFI\\MICROSOFT\\BOOT",
	"\\EFI\\MICROSOFT\\BOOT\\FONTS", "\\EFI\\MICROSOFT\\BOOT\\RESOURCES" };

/* Deterministic content byte of file f at offset o. */
static uint8_t pat(unsigned f, uint64_t o)
{
	uint32_t x = (uint32_t)(o * 2654435761u) ^ (f * 40503u) ^ (uint32_t)(o >> 13);
	return (uint8_t)(x ^ x >> 11);
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

static const struct vdisk_io cb_io = { cb_read, NULL, NULL };

/* A test file set: memory, zero and callback extents. */
struct fset {
	struct vdisk_file f[64];
	struct vdisk_extent e[64][3];
	uint8_t *mem[64];
	unsigned n;
};

/* Add file path of size bytes; kind 0 memory, 1 mixed (mem+zero+callback). */
static void fs_add(struct fset *s, const char *path, uint64_t size, int kind)
{
	unsigned i = s->n++;
	uint64_t k;

	s->f[i].path = path;
	s->f[i].size = size;
	s->f[i].ext = s->e[i];
	s->mem[i] = malloc(size ? size : 1);
	for (k = 0; k < size; k++)
		s->mem[i][k] = pat(i, k);
	if (!size) {
		s->f[i].n_ext = 0;
	} else if (kind == 0 || size < 3) {
		s->e[i][0] = (struct vdisk_extent){ 0, size, (uintptr_t)s->mem[i] };
		s->f[i].n_ext = 1;
	} else {
		uint64_t a = size / 3, b = size / 3 + 1;
		s->e[i][0] = (struct vdisk_extent){ 0, a, (uintptr_t)s->mem[i] };
		s->e[i][1] = (struct vdisk_extent){ a, b, VDISK_ADDR_ZERO };
		s->e[i][2] = (struct vdisk_extent){ a + b, size - a - b, VDISK_ADDR_CALLBACK };
		memset(s->mem[i] + a, 0, b);
		s->f[i].n_ext = 3;
	}
}

/* Free a test file set. */
static void fs_free(struct fset *s)
{
	unsigned i;
	for (i = 0; i < s->n; i++)
		free(s->mem[i]);
	s->n = 0;
}

/* State of the tree walk: seen paths, cluster ownership, errors. */
struct walk {
	struct fatwalk *w;
	uint8_t *owner;      /* bitmap of clusters in some chain */
	const struct fset *fs;
	char (*paths)[1200];
	unsigned n_paths, cap, bad;
	bool content;
};

/* Record one entry: mark its chain, check its contents and uniqueness. */
static int walk_cb(void *ctx, const char *path, const struct fatwalk_ent *e)
{
	struct walk *wk = ctx;
	uint32_t c = e->cluster, len = 0, need;

	if (wk->n_paths < wk->cap)
		snprintf(wk->paths[wk->n_paths++], sizeof(wk->paths[0]), "%s|%s|%u",
			 path, e->sfn, e->size);
	need = e->attr & 0x10 ? 1 : (e->size + 32767) / 32768;
	while (c >= 2 && c < 0x0FFFFFF8 && len <= need + 1) {
		if (wk->owner[c >> 3] & (1 << (c & 7))) {
			printf("  cluster %u of %s shared\n", c, path);
			wk->bad++;
			break;
		}
		wk->owner[c >> 3] |= (uint8_t)(1 << (c & 7));
		len++;
		c = fatwalk_next(wk->w, c);
	}
	if (!(e->attr & 0x10) && len != need) {
		printf("  %s: chain %u clusters, size needs %u\n", path, len, need);
		wk->bad++;
	}
	return 0;
}

/* Whether the walk saw "path|sfn|size" (sfn NULL: any). */
static bool saw(const struct walk *wk, const char *path, uint32_t size)
{
	unsigned i;
	size_t l = strlen(path);

	for (i = 0; i < wk->n_paths; i++) {
		const char *p = wk->paths[i];
		const char *bar = strrchr(p, '|');
		if (!strncmp(p, path, l) && p[l] == '|' && strtoul(bar + 1, NULL, 10) == size)
			return true;
	}
	return false;
}

/* Split a walk record "path|sfn|size" into its directory and its 8.3 name. */
static void split_rec(const char *rec, char *dir, char *sfn)
{
	const char *bar = strchr(rec, '|'), *bs = rec, *p, *end;

	for (p = rec; p < bar; p++)
		if (*p == '\\')
			bs = p;
	memcpy(dir, rec, (size_t)(bs - rec));
	dir[bs - rec] = 0;
	end = strchr(bar + 1, '|');
	memcpy(sfn, bar + 1, (size_t)(end - bar - 1));
	sfn[end - bar - 1] = 0;
}

/* Whether the file of path has the expected bytes, read through the FAT. */
static bool content_ok(struct walk *wk, const char *dir, const char *name,
		       const uint8_t *want, uint32_t size)
{
	struct fatwalk_ent *ents;
	unsigned n, i;
	uint32_t c = wk->w->root;
	char buf[1200], *tok, *save;
	bool ok = false;

	snprintf(buf, sizeof(buf), "%s", dir);
	for (tok = strtok_r(buf, "\\", &save); tok; tok = strtok_r(NULL, "\\", &save)) {
		if (fatwalk_readdir(wk->w, c, &ents, &n))
			return false;
		for (i = 0; i < n && strcmp(ents[i].name, tok); i++)
			;
		c = i < n ? ents[i].cluster : 0;
		free(ents);
		if (!c)
			return false;
	}
	if (fatwalk_readdir(wk->w, c, &ents, &n))
		return false;
	for (i = 0; i < n; i++) {
		if (strcmp(ents[i].name, name))
			continue;
		if (ents[i].size == size) {
			uint8_t *got = malloc(size ? size : 1);
			ok = got && !fatwalk_read(wk->w, ents[i].cluster, size, got) &&
			     !memcmp(got, want, size);
			free(got);
		}
		break;
	}
	free(ents);
	return ok;
}

/* Layout invariants of a disk with bare, path and mirrored files. */
static int t_layout(void)
{
	static struct fset s;
	struct vdisk *vd = NULL;
	struct wp_err err = { 0, "" };
	struct fatwalk w;
	struct walk wk;
	uint8_t sec[512], vbr[512], fsi[512], *fat;
	uint32_t part, psec, fatsz, ncl, freec = 0, i, d;
	uint64_t total;
	char name255[600], p[1300];
	int h_bad = 0;

	memset(name255, 0, sizeof(name255));
	for (i = 0; i < 251; i++)
		memcpy(name255 + 2 * i, "\xc3\x9f", 2);   /* ß: 251 units */
	memcpy(name255 + 502, ".bin", 4);                 /* 255 units */
	fs_add(&s, "bootmgr.exe", 412345, 0);
	fs_add(&s, "BCD", 16384, 0);
	fs_add(&s, "boot.sdi", 3170304, 1);
	fs_add(&s, "boot.wim", 32768 * 3, 1);
	fs_add(&s, "empty.txt", 0, 0);
	fs_add(&s, "one", 1, 0);
	fs_add(&s, name255, 70000, 1);
	fs_add(&s, "\\sources\\install.wim", 123457, 1);
	fs_add(&s, "/efi/microsoft/boot/en-us/bootmgr.efi.mui", 5000, 0);
	fs_add(&s, "\\Boot\\Fonts\\wgl4_boot.ttf", 40000, 0);
	fs_add(&s, "\\x\\y\\z\\deep file.txt", 777, 0);
	EXPECT(!vdisk_build(&vd, s.f, s.n, &err), "build: %s", err.msg);
	if (!vd)
		return h_bad + 1;
	total = vdisk_sectors(vd);
	part = vdisk_part_start(vd);
	psec = vdisk_part_sectors(vd);
	EXPECT(part == 2048, "part start %u", part);
	EXPECT(total == (uint64_t)part + psec && total <= 0xFFFFFFFFu, "total %llu",
	       (unsigned long long)total);
	EXPECT(vdisk_size(vd) > 0 && vdisk_size(vd) < 65536, "blob %zu", vdisk_size(vd));
	vdisk_read(vd, 0, 1, sec, &cb_io);
	EXPECT(wp_le32(sec + 440) == vdisk_mbr_signature(vd) && vdisk_mbr_signature(vd) &&
	       vdisk_mbr_signature(vd) != 0xC0FFEEEE, "signature");
	EXPECT(sec[446] == 0x80 && sec[450] == 0x0C && wp_le32(sec + 454) == part &&
	       wp_le32(sec + 458) == psec, "partition entry");
	EXPECT(!sec[462 + 4] && !sec[478 + 4] && !sec[494 + 4], "one entry only");
	EXPECT(sec[510] == 0x55 && sec[511] == 0xAA, "MBR 55AA");
	vdisk_read(vd, part, 1, vbr, &cb_io);
	vdisk_read(vd, part + 6, 1, sec, &cb_io);
	EXPECT(!memcmp(vbr, sec, 512), "backup VBR");
	EXPECT(vbr[0] == 0xE9 && memcmp(vbr + 3, "wimboot", 7) && vbr[13] == 64 &&
	       wp_le16(vbr + 11) == 512 && wp_le32(vbr + 32) == psec &&
	       wp_le32(vbr + 28) == part && !memcmp(vbr + 82, "FAT32   ", 8) &&
	       vbr[510] == 0x55 && vbr[511] == 0xAA, "VBR fields");
	fatsz = wp_le32(vbr + 36);
	ncl = (psec - wp_le16(vbr + 14) - vbr[16] * fatsz) / vbr[13];
	EXPECT(ncl >= 65525 && fatsz * 128 >= ncl + 2 && (fatsz - 1) * 128 < ncl + 2,
	       "clusters %u, FAT %u sectors", ncl, fatsz);
	vdisk_read(vd, part + 1, 1, fsi, &cb_io);
	EXPECT(wp_le32(fsi) == 0x41615252 && wp_le32(fsi + 484) == 0x61417272 &&
	       wp_le32(fsi + 508) == 0xAA550000, "FSInfo signatures");
	fat = malloc((size_t)fatsz * 512);
	EXPECT(!vdisk_read(vd, part + wp_le16(vbr + 14), fatsz, fat, &cb_io), "FAT read");
	EXPECT(wp_le32(fat) == 0x0FFFFFF8 && wp_le32(fat + 4) == 0x0FFFFFFF, "FAT[0..1]");
	for (i = 2; i < ncl + 2; i++)
		freec += !wp_le32(fat + 4 * i);
	for (; i < fatsz * 128; i++)
		EXPECT(!wp_le32(fat + 4 * i), "FAT tail entry %u", i);
	EXPECT(wp_le32(fsi + 488) == freec, "free %u vs %u", wp_le32(fsi + 488), freec);
	EXPECT(wp_le32(fsi + 492) >= 2 && !wp_le32(fat + 4 * wp_le32(fsi + 492)),
	       "next free");
	free(fat);

	EXPECT(!fatwalk_open(&w, vd, &cb_io), "fatwalk");
	memset(&wk, 0, sizeof(wk));
	wk.w = &w;
	wk.owner = calloc(ncl / 8 + 2, 1);
	wk.cap = 4096;
	wk.paths = calloc(wk.cap, sizeof(wk.paths[0]));
	EXPECT(!fatwalk_tree(&w, walk_cb, &wk), "walk");
	EXPECT(!wk.bad, "%u chain problems", wk.bad);
	/* every bare file in every standard directory, same bytes */
	for (d = 0; d < 13; d++) {
		for (i = 0; i < 7; i++) {
			snprintf(p, sizeof(p), "%s\\%s", std_dirs[d], s.f[i].path);
			EXPECT(saw(&wk, p, (uint32_t)s.f[i].size), "missing %s", p);
			EXPECT(content_ok(&wk, std_dirs[d], s.f[i].path, s.mem[i],
					  (uint32_t)s.f[i].size), "content %s", p);
		}
		snprintf(p, sizeof(p), "%s\\install.wim", std_dirs[d]);
		EXPECT(saw(&wk, p, 123457) == (d == 4), "install.wim in %s", std_dirs[d]);
	}
	EXPECT(content_ok(&wk, "\\SOURCES", "install.wim", s.mem[7], 123457), "path file");
	EXPECT(saw(&wk, "\\BOOT\\en-us\\bootmgr.efi.mui", 5000) &&
	       saw(&wk, "\\EFI\\BOOT\\en-us\\bootmgr.efi.mui", 5000) &&
	       saw(&wk, "\\EFI\\MICROSOFT\\BOOT\\en-us\\bootmgr.efi.mui", 5000),
	       "boot mirrors");
	EXPECT(content_ok(&wk, "\\EFI\\BOOT\\en-us", "bootmgr.efi.mui", s.mem[8], 5000),
	       "mirror content");
	EXPECT(saw(&wk, "\\EFI\\MICROSOFT\\BOOT\\FONTS\\wgl4_boot.ttf", 40000) &&
	       saw(&wk, "\\BOOT\\FONTS\\wgl4_boot.ttf", 40000), "fonts");
	EXPECT(saw(&wk, "\\x\\y\\z\\deep file.txt", 777), "deep");
	EXPECT(!saw(&wk, "\\EFI\\x\\y\\z\\deep file.txt", 777), "deep not mirrored");
	/* aliases: unique per directory, valid characters */
	for (i = 0; i < wk.n_paths; i++) {
		unsigned j;
		char da[1200], sa[16], db[1200], sb[16];

		split_rec(wk.paths[i], da, sa);
		for (j = i + 1; j < wk.n_paths; j++) {
			split_rec(wk.paths[j], db, sb);
			EXPECT(strcmp(da, db) || strcmp(sa, sb), "alias clash %s / %s",
			       wk.paths[i], wk.paths[j]);
		}
		for (j = 0; sa[j]; j++)
			EXPECT(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'()-@^_`{}~.", sa[j]),
			       "bad alias char in %s", wk.paths[i]);
	}
	snprintf(p, sizeof(p), "\\EFI\\%s|", name255);
	for (i = 0; i < wk.n_paths && strncmp(wk.paths[i], p, strlen(p)); i++)
		;
	EXPECT(i < wk.n_paths, "255-unit non-ASCII LFN round trip");
	EXPECT(saw(&wk, "\\BOOT\\RESOURCES", 0) && saw(&wk, "\\EFI\\MICROSOFT", 0), "dirs");
	free(wk.owner);
	free(wk.paths);
	free(vd);
	fs_free(&s);
	return h_bad;
}

/* Build from n names (array) and return the status; err.msg for checks. */
static int try_build(const char *const *names, unsigned n, uint64_t size,
		     struct wp_err *err)
{
	struct vdisk_file *f = calloc(n, sizeof(*f));
	struct vdisk_extent e = { 0, size, VDISK_ADDR_ZERO };
	struct vdisk *vd = NULL;
	unsigned i;
	int rc;

	for (i = 0; i < n; i++) {
		f[i].path = names[i];
		f[i].size = size;
		f[i].ext = &e;
		f[i].n_ext = size ? 1 : 0;
	}
	memset(err, 0, sizeof(*err));
	rc = vdisk_build(&vd, f, n, err);
	free(vd);
	free(f);
	return rc;
}

/* Build errors name the file: too long, duplicate, too big, too many. */
static int t_errors(void)
{
	int h_bad = 0, rc;
	struct wp_err err;
	static char long_name[300], bufs[17000][24];
	static const char *names[17000];
	unsigned i;

	memset(long_name, 'q', 256);
	names[0] = long_name;
	rc = try_build(names, 1, 10, &err);
	EXPECT(rc == WP_ERANGE && strstr(err.msg, "qqqq"), "too long: %d %s", rc, err.msg);

	names[0] = "BCD";
	names[1] = "bcd";
	rc = try_build(names, 2, 10, &err);
	EXPECT(rc == WP_EINVAL && strstr(err.msg, "bcd") && strstr(err.msg, "duplicate"),
	       "dup: %d %s", rc, err.msg);
	names[0] = "\\sources\\a.wim";
	names[1] = "A.WIM";
	rc = try_build(names, 2, 10, &err);
	EXPECT(rc == WP_EINVAL && strstr(err.msg, "A.WIM"), "dup path: %d %s", rc, err.msg);
	names[0] = "boot";
	rc = try_build(names, 1, 10, &err);
	EXPECT(rc == WP_EINVAL && strstr(err.msg, "boot"), "dir clash: %d %s", rc, err.msg);
	names[0] = "\\a\\b";
	names[1] = "\\a\\b\\c";
	rc = try_build(names, 2, 10, &err);
	EXPECT(rc == WP_EINVAL && strstr(err.msg, "not a directory"), "file as dir: %s", err.msg);
	names[0] = "bad:name";
	rc = try_build(names, 1, 10, &err);
	EXPECT(rc == WP_EINVAL && strstr(err.msg, "bad:name"), "bad char: %s", err.msg);

	names[0] = "huge.wim";
	rc = try_build(names, 1, 1ull << 32, &err);
	EXPECT(rc == WP_ERANGE && strstr(err.msg, "huge.wim") && strstr(err.msg, "4 GiB"),
	       "4 GiB: %d %s", rc, err.msg);
	rc = try_build(names, 1, (1ull << 32) - 1, &err);
	EXPECT(rc == WP_OK, "4 GiB - 1: %d %s", rc, err.msg);

	/* 40 files of 4 GiB - 1 in 13 directories: 2 TiB do not fit */
	for (i = 0; i < 40; i++) {
		snprintf(bufs[i], sizeof(bufs[i]), "big%u.wim", i);
		names[i] = bufs[i];
	}
	rc = try_build(names, 40, (1ull << 32) - 1, &err);
	EXPECT(rc == WP_ERANGE && strstr(err.msg, "does not fit") && strstr(err.msg, "big"),
	       "no fit: %d %s", rc, err.msg);

	/* 1024 files are fine, 16385 are too many */
	for (i = 0; i < 17000; i++) {
		snprintf(bufs[i], sizeof(bufs[i]), "file number %u.bin", i);
		names[i] = bufs[i];
	}
	rc = try_build(names, 1024, 100, &err);
	EXPECT(rc == WP_OK, "1024 files: %d %s", rc, err.msg);
	rc = try_build(names, 16385, 0, &err);
	EXPECT(rc == WP_ERANGE && strstr(err.msg, "too many"), "too many: %d %s", rc, err.msg);
	/* 4000 long names overflow a directory (65536 entries) */
	{
		static char lnames[4000][260];
		for (i = 0; i < 4000; i++) {
			memset(lnames[i], 'L', 250);
			snprintf(lnames[i] + 250, 10, "%04u", i);
			names[i] = lnames[i];
		}
		rc = try_build(names, 4000, 0, &err);
		EXPECT(rc == WP_ERANGE && strstr(err.msg, "directory"), "dir full: %d %s",
		       rc, err.msg);
	}
	return h_bad;
}

/* Callback and zero extents; range checks of vdisk_read. */
static int t_callback_io(void)
{
	static struct fset s;
	struct vdisk *vd = NULL;
	uint8_t *buf = malloc(64 * 512);
	int h_bad = 0;

	fs_add(&s, "\\cb.bin", 100000, 1);
	EXPECT(!vdisk_build(&vd, s.f, s.n, NULL), "build");
	if (vd) {
		uint64_t t = vdisk_sectors(vd);
		struct fatwalk w;
		struct fatwalk_ent *e;
		unsigned n;

		EXPECT(vdisk_read(vd, t, 1, buf, NULL) == WP_ERANGE, "past end");
		EXPECT(vdisk_read(vd, t - 1, 2, buf, NULL) == WP_ERANGE, "across end");
		EXPECT(vdisk_read(vd, t - 64, 64, buf, NULL) == WP_OK, "at end");
		EXPECT(!fatwalk_open(&w, vd, &cb_io) && !fatwalk_readdir(&w, w.root, &e, &n) &&
		       n == 4, "root");
		if (n == 4) {
			uint64_t lba = w.data_start + (uint64_t)(e[3].cluster - 2) * 64;
			EXPECT(vdisk_read(vd, lba, 64, buf, NULL) == WP_OK, "memory part");
			EXPECT(buf[0] == pat(0, 0) && buf[32767] == pat(0, 32767), "memory");
			EXPECT(vdisk_read(vd, lba + 128, 64, buf, NULL) == WP_EIO, "no io -> EIO");
			EXPECT(vdisk_read(vd, lba + 128, 64, buf, &cb_io) == WP_OK, "io");
			EXPECT(buf[66666 - 65536] == 0 && buf[66667 - 65536] == pat(0, 66667) &&
			       buf[98303 - 65536] == pat(0, 98303), "zero + callback");
			EXPECT(vdisk_read(vd, lba + 192, 64, buf, &cb_io) == WP_OK &&
			       buf[99999 - 98304] == pat(0, 99999) &&
			       buf[100000 - 98304] == 0, "callback + zero tail");
			free(e);
		}
	}
	free(vd);
	free(buf);
	fs_free(&s);
	return h_bad;
}

/* The mem hook: memory extents at addresses this process cannot touch. */
#define HIGH_BASE 0x7123400000000ull /* "physical" address of hook_mem[0] */
static uint8_t hook_mem[70000];
static uint64_t hook_lo = UINT64_MAX, hook_hi;
static unsigned hook_calls;
static int hook_fail;

/* Serve [addr, addr+len) from hook_mem, recording the range touched. */
static int hook_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	hook_calls++;
	if (hook_fail)
		return WP_EIO;
	if (addr < HIGH_BASE || addr + len > HIGH_BASE + sizeof hook_mem)
		return WP_ERANGE;
	if (addr < hook_lo)
		hook_lo = addr;
	if (addr + len > hook_hi)
		hook_hi = addr + len;
	memcpy(buf, hook_mem + (addr - HIGH_BASE), len);
	return 0;
}

static int t_mem_hook(void)
{
	/* one file: 40000 bytes at HIGH_BASE+1000, then 30000 at HIGH_BASE+40000+5000 */
	static const struct vdisk_extent ext[2] = {
		{ 0, 40000, HIGH_BASE + 1000 },
		{ 40000, 30000 - 1000 - 5000, HIGH_BASE + 46000 },
	};
	struct vdisk_file f = { "\\sources\\high.wim", 64000, ext, 2 };
	struct vdisk_io io = { NULL, NULL, hook_read };
	struct vdisk *vd = NULL;
	uint8_t *buf = malloc(128 * 512), want[64000];
	struct fatwalk w;
	struct fatwalk_ent *e = NULL;
	unsigned n = 0, i;
	int h_bad = 0;

	for (i = 0; i < sizeof hook_mem; i++)
		hook_mem[i] = pat(7, i);
	memcpy(want, hook_mem + 1000, 40000);
	memcpy(want + 40000, hook_mem + 46000, 24000);
	EXPECT(!vdisk_build(&vd, &f, 1, NULL), "build");
	if (vd && !fatwalk_open(&w, vd, &io) && !fatwalk_readdir(&w, w.root, &e, &n)) {
		uint32_t c = 0;

		for (i = 0; i < n; i++)
			if (!strcasecmp(e[i].name, "sources"))
				c = e[i].cluster;
		free(e);
		e = NULL;
		EXPECT(c && !fatwalk_readdir(&w, c, &e, &n) && n >= 1, "\\sources");
		for (i = 0; e && i < n; i++)
			if (!strcasecmp(e[i].name, "high.wim"))
				c = e[i].cluster;
		if (e) {
			uint64_t lba = w.data_start + (uint64_t)(c - 2) * 64;

			EXPECT(vdisk_read(vd, lba, 128, buf, &io) == WP_OK, "read via hook");
			EXPECT(!memcmp(buf, want, 64000), "bytes via hook");
			EXPECT(hook_lo == HIGH_BASE + 1000 && hook_hi == HIGH_BASE + 70000,
			       "hook saw 0x%llx-0x%llx", (unsigned long long)hook_lo,
			       (unsigned long long)hook_hi);
			EXPECT(hook_calls == 2, "one call per extent piece: %u", hook_calls);
			for (i = 64000; i < 65536; i++)
				EXPECT(buf[i] == 0, "tail zero at %u", i);
			hook_fail = 1;
			EXPECT(vdisk_read(vd, lba + 1, 1, buf, &io) == WP_EIO, "hook error passes up");
			hook_fail = 0;
		}
	} else {
		EXPECT(0, "walk");
	}
	free(e);
	free(vd);
	free(buf);
	return h_bad;
}

/* Run the vdisk layout tests. */
int main(void)
{
	RUN(t_layout);
	RUN(t_errors);
	RUN(t_callback_io);
	RUN(t_mem_hook);
	return H_DONE();
}
