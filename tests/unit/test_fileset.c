/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_fileset.c - core/fileset.c: which file takes each role (a user's file
 * first, then the last given; BCD/boot.sdi only in a boot directory; the
 * UEFI boot manager order), which files are injected, completion from a WIM
 * captured by wimlib (exact bytes, warnings through the callback), the WIM
 * patch (image N+1, hidden buffers, the message) and the BCD rules (not a
 * hive: a warning; rawbcd/rawwim: untouched), and the disk's visible files.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wimlib.h>
#include "harness.h"
#include "fileset.h"
#include "wimpatch.h"

/* Messages said through the callback, '|'-separated, W: for warnings. */
static char said[2048];

/* fileset_opts.say: keep the message. */
static void keep(void *ctx, bool warning, const char *msg)
{
	size_t l = strlen(said);

	(void)ctx;
	snprintf(said + l, sizeof said - l, "%s%s|", warning ? "W:" : "", msg);
}

/* Append a file (a copy of d) to the set. */
static void put(struct fileset_file **f, unsigned *n, const char *name, const void *d,
		size_t len, bool user, bool inject)
{
	struct fileset_file *x;

	*f = realloc(*f, (*n + 1) * sizeof(**f));
	x = &(*f)[(*n)++];
	memset(x, 0, sizeof(*x));
	x->name = strdup(name);
	x->src = strdup(name);
	x->data = malloc(len ? len : 1);
	memcpy(x->data, d, len);
	x->size = len;
	x->user = user;
	x->inject = inject;
}

/* Index of the visible file called name, or -1. */
static int find(const struct fileset_file *f, unsigned n, const char *name)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!f[i].hidden && !f[i].inject && !strcmp(f[i].name, name))
			return (int)i;
	return -1;
}

static uint8_t *wim;
static size_t wim_len;

/* Write text to dir/rel (directories created). */
static void put_file(const char *dir, const char *rel, const char *text)
{
	char cmd[600], path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, rel);
	snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\"", path);
	if (system(cmd))
		return;
	f = fopen(path, "wb");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* A small WinPE-like WIM (wimlib, LZX): bootmgr.exe, the PCAT BCD/boot.sdi, one font. */
static int make_wim(void)
{
	char dir[256], path[600];
	struct wimlib_wim_info info = { .boot_index = 1 };
	WIMStruct *w = NULL;
	struct stat st;
	FILE *f;

	snprintf(dir, sizeof dir, "%s/fileset-%d", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 (int)getpid());
	put_file(dir, "Windows/Boot/PXE/bootmgr.exe", "MZ the BIOS boot manager");
	put_file(dir, "Windows/Boot/DVD/PCAT/BCD", "not a hive: the PCAT BCD");
	put_file(dir, "Windows/Boot/DVD/PCAT/boot.sdi", "the PCAT boot.sdi");
	put_file(dir, "Windows/Boot/Fonts/wgl4_boot.ttf", "a font");
	put_file(dir, "Windows/System32/winload.exe", "winload");
	snprintf(path, sizeof path, "%s.wim", dir);
	if (wimlib_create_new_wim(WIMLIB_COMPRESSION_TYPE_LZX, &w) ||
	    wimlib_add_image(w, dir, "test", NULL, 0) ||
	    wimlib_set_wim_info(w, &info, WIMLIB_CHANGE_BOOT_INDEX) ||
	    wimlib_write(w, path, WIMLIB_ALL_IMAGES, 0, 0))
		return -1;
	wimlib_free(w);
	f = fopen(path, "rb");
	if (!f || fstat(fileno(f), &st))
		return -1;
	wim_len = (size_t)st.st_size;
	wim = malloc(wim_len);
	if (fread(wim, 1, wim_len, f) != wim_len)
		return -1;
	fclose(f);
	snprintf(path, sizeof path, "rm -rf '%s' '%s.wim'", dir, dir);
	return system(path) ? -1 : 0;
}

/* Roles: user first, then the last; boot directories; UEFI order. */
static int t_roles(void)
{
	struct fileset_file *f = NULL;
	struct fileset_roles r;
	unsigned n = 0;
	int h_bad = 0;

	put(&f, &n, "\\boot\\bcd", "a", 1, false, false);        /* 0: from a DIR */
	put(&f, &n, "bcd", "b", 1, true, false);                 /* 1: the user's */
	put(&f, &n, "\\efi\\microsoft\\boot\\bcd", "c", 1, false, false); /* 2: later, not the user's */
	put(&f, &n, "\\foo\\boot.sdi", "d", 1, true, false);     /* 3: not in a boot directory */
	put(&f, &n, "a.wim", "e", 1, false, false);              /* 4 */
	put(&f, &n, "\\sources\\b.wim", "f", 1, false, false);   /* 5: the last WIM */
	put(&f, &n, "bootmgfw.efi", "g", 1, false, false);       /* 6 */
	put(&f, &n, "BOOTMGFW_EX.EFI", "h", 1, false, false);    /* 7 */
	put(&f, &n, "bootmgr.exe", "i", 1, false, true);         /* 8: inject=, no role */
	fileset_roles(f, n, LAYOUT_EFI, &r);
	EXPECT(r.pick[FILESET_BCD] == 1, "BCD %d, want the user's (1)", r.pick[FILESET_BCD]);
	EXPECT(r.pick[FILESET_SDI] == -1, "\\foo\\boot.sdi took the SDI role");
	EXPECT(r.pick[FILESET_WIM] == 5, "WIM %d, want the last (5)", r.pick[FILESET_WIM]);
	EXPECT(r.pick[FILESET_BOOTMGR_EXE] == -1, "an inject= file took a role");
	EXPECT(r.n_bootmgr == 2 && r.bootmgr[0] == 7 && r.bootmgr[1] == 6,
	       "UEFI order: %u, %d %d", r.n_bootmgr, r.bootmgr[0], r.bootmgr[1]);
	fileset_roles(f, n, LAYOUT_BIOS, &r);
	EXPECT(r.n_bootmgr == 0, "BIOS took a UEFI boot manager");
	EXPECT(fileset_role_of("\\EFI\\Boot\\BCD") == FILESET_BCD, "\\EFI\\Boot\\BCD");
	EXPECT(fileset_role_of("\\boot\\x\\bcd") == FILESET_OTHER, "\\boot\\x\\bcd");
	EXPECT(fileset_role_of("fonts\\wgl4_boot.TTF") == FILESET_FONT, "a font anywhere");
	fileset_free(f, n);
	return h_bad;
}

/* Names that take the same place on the disk (a bare name is in every standard directory). */
static int t_same_place(void)
{
	static const struct { const char *a, *b; bool same; } v[] = {
		{ "bcd", "\\boot\\bcd", true }, { "\\Boot\\BCD", "bcd", true },
		{ "bcd", "\\efi\\microsoft\\boot\\bcd", true }, { "x.txt", "\\x.txt", true },
		{ "x.txt", "x.TXT", true }, { "\\boot\\bcd", "/BOOT/bcd", true },
		{ "\\sources\\boot.wim", "sources\\boot.wim", true },
		{ "boot.wim", "\\sources\\boot.wim", true }, { "boot.wim", "\\sources\\x\\boot.wim", false },
		{ "bcd", "\\foo\\bcd", false },
		{ "\\boot\\bcd", "\\efi\\boot\\bcd", true },
		{ "\\efi\\microsoft\\boot\\fonts\\a.ttf", "\\boot\\fonts\\A.TTF", true },
		{ "\\efi\\boot\\x\\y", "\\efi\\x\\y", false }, { "y", "\\boot\\x\\y", false },
		{ "y", "\\efi\\microsoft\\y", true }, { "y", "\\efi\\microsoft\\boot\\resources\\y", true },
		{ "bcd", "bcd2", false }, { "\\boot\\fonts\\a.ttf", "a.ttf", true },
	};
	int h_bad = 0;
	unsigned i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		EXPECT(fileset_same_place(v[i].a, v[i].b) == v[i].same &&
		       fileset_same_place(v[i].b, v[i].a) == v[i].same, "%s ~ %s: want %d", v[i].a,
		       v[i].b, v[i].same);
	return h_bad;
}

/* Injection: inject= and the user's non-boot files only. */
static int t_injects(void)
{
	struct fileset_file f;
	int h_bad = 0;

	memset(&f, 0, sizeof f);
	f.name = "startnet.cmd";
	EXPECT(!fileset_injects(&f), "a DIR's file is injected");
	f.user = true;
	EXPECT(fileset_injects(&f), "a user's non-boot file is not injected");
	f.name = "\\boot\\boot.sdi";
	EXPECT(!fileset_injects(&f), "a user's boot file is injected");
	f.user = false;
	f.inject = true;
	EXPECT(fileset_injects(&f), "inject= is not injected");
	f.hidden = true;
	EXPECT(!fileset_injects(&f), "hidden patch data is injected");
	return h_bad;
}

/* Completion for BIOS from the WIM: exact bytes; no WIM: warnings, no boot manager. */
static int t_complete(void)
{
	struct fileset_opts o = { LAYOUT_BIOS, 0, false, false, keep, NULL, NULL };
	struct fileset_file *f = NULL;
	struct wp_err err = { 0 };
	unsigned n = 0;
	int h_bad = 0, rc, i;

	put(&f, &n, "boot.wim", wim, wim_len, true, false);
	said[0] = 0;
	rc = fileset_complete(&f, &n, &o, &err);
	EXPECT(rc == 0, "rc %d: %s", rc, err.msg);
	EXPECT(n == 5, "%u files, want boot.wim + bootmgr.exe, bcd, boot.sdi, one font", n);
	i = find(f, n, "bootmgr.exe");
	EXPECT(i >= 0 && f[i].size == 24 && !memcmp(f[i].data, "MZ the BIOS boot manager", 24),
	       "bootmgr.exe");
	i = find(f, n, "\\boot\\bcd");
	EXPECT(i >= 0 && f[i].size == 24 && !memcmp(f[i].data, "not a hive: the PCAT BCD", 24),
	       "\\boot\\bcd");
	EXPECT(find(f, n, "\\boot\\boot.sdi") >= 0, "boot.sdi");
	EXPECT(find(f, n, "wgl4_boot.ttf") >= 0, "font");
	EXPECT(!said[0], "said '%s'", said);
	/* the BCD is not a hive: a warning; x.txt (the user's) goes into image 2 */
	put(&f, &n, "x.txt", "hello", 5, true, false);
	rc = fileset_patch(&f, &n, &o, &err);
	EXPECT(rc == 0, "patch rc %d: %s", rc, err.msg);
	EXPECT(!strcmp(said, "boot.wim: booting image 1 as image 2 of 2, 1 file(s) injected|"
		       "W:\\boot\\bcd is not a registry hive; left as it is|"), "said '%s'", said);
	i = find(f, n, "boot.wim");
	EXPECT(i >= 0 && f[i].ext && f[i].n_ext > 1 && f[i].size > wim_len, "WIM not patched");
	EXPECT(n == 10 && f[6].hidden && f[9].hidden, "%u files, want 4 hidden buffers", n);
	fileset_free(f, n);

	/* no WIM and no boot manager: an error; missing BCD/SDI only warnings */
	f = NULL;
	n = 0;
	said[0] = 0;
	put(&f, &n, "a.txt", "a", 1, true, false);
	rc = fileset_complete(&f, &n, &o, &err);
	EXPECT(rc == WP_ENOENT && strstr(err.msg, "no boot manager among the files"),
	       "rc %d: %s", rc, err.msg);
	fileset_free(f, n);
	f = NULL;
	n = 0;
	said[0] = 0;
	put(&f, &n, "bootmgr.exe", "MZ", 2, true, false);
	rc = fileset_complete(&f, &n, &o, &err);
	EXPECT(rc == 0 && strstr(said, "W:no \\boot\\bcd given and no boot.wim") &&
	       strstr(said, "W:no \\boot\\boot.sdi given"), "rc %d, said '%s'", rc, said);
	fileset_free(f, n);
	return h_bad;
}

/* rawwim and rawbcd leave the files as they are and say nothing. */
static int t_raw(void)
{
	struct fileset_opts o = { LAYOUT_EFI, 0, true, true, keep, NULL, NULL };
	struct fileset_file *f = NULL;
	struct wp_err err = { 0 };
	struct vdisk *vd = NULL;
	unsigned n = 0;
	int h_bad = 0, rc;

	put(&f, &n, "boot.wim", wim, wim_len, true, false);
	put(&f, &n, "bcd", "regf", 4, true, false);
	put(&f, &n, "x.txt", "hello", 5, true, false);
	put(&f, &n, "y.txt", "inject me", 9, false, true);
	said[0] = 0;
	rc = fileset_patch(&f, &n, &o, &err);
	EXPECT(rc == 0 && n == 4 && !f[0].ext && f[0].size == wim_len && !said[0],
	       "rc %d, n %u, said '%s'", rc, n, said);
	rc = fileset_disk(f, n, &vd, &err);
	EXPECT(rc == 0 && vd, "disk rc %d: %s", rc, err.msg);
	free(vd);
	fileset_free(f, n);
	return h_bad;
}

/* The whole disk read through vdisk_read() (malloc'd). */
static uint8_t *read_disk(const struct vdisk *vd)
{
	uint64_t n = vdisk_sectors(vd);
	uint8_t *buf = malloc((size_t)n * VDISK_SECTOR);

	if (buf && vdisk_read(vd, 0, (uint32_t)n, buf, NULL)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/*
 * Relocation: the data of a patched set (WIM extents into injected files
 * and hidden buffers) is copied elsewhere and the originals wiped; the
 * relocated disk must read exactly as before.
 */
static int t_relocate(void)
{
	struct fileset_opts o = { LAYOUT_BIOS, 0, true, false, keep, NULL, NULL };
	struct fileset_file *f = NULL;
	struct wp_err err = { 0 };
	struct vdisk *vd = NULL;
	uint8_t *before, *after, **copy;
	uint64_t *dst;
	unsigned n = 0, i;
	int h_bad = 0, rc;

	put(&f, &n, "bootmgr.exe", "MZ", 2, true, false);
	put(&f, &n, "boot.wim", wim, wim_len, true, false);
	put(&f, &n, "x.txt", "hello, relocated", 16, true, false);
	put(&f, &n, "y.txt", "only in the WIM", 15, false, true);
	rc = fileset_patch(&f, &n, &o, &err);
	EXPECT(rc == 0 && f[1].ext && f[1].data_len == wim_len, "patch rc %d: %s", rc, err.msg);
	rc = fileset_disk(f, n, &vd, &err);
	EXPECT(rc == 0, "disk rc %d: %s", rc, err.msg);
	if (rc)
		return h_bad;
	before = read_disk(vd);
	copy = calloc(n, sizeof(*copy));
	dst = calloc(n, sizeof(*dst));
	for (i = 0; i < n; i++) {
		uint64_t len = fileset_data_len(&f[i]);
		copy[i] = malloc(len ? len : 1);
		memcpy(copy[i], f[i].data, len);
		memset(f[i].data, 0xEE, len);
		dst[i] = (uint64_t)(uintptr_t)copy[i];
	}
	fileset_relocate(vd, f, n, dst);
	after = read_disk(vd);
	EXPECT(before && after && !memcmp(before, after, (size_t)vdisk_sectors(vd) * VDISK_SECTOR),
	       "the relocated disk reads differently");
	for (i = 0; i < n; i++)
		free(copy[i]);
	free(copy);
	free(dst);
	free(before);
	free(after);
	free(vd);
	fileset_free(f, n);
	return h_bad;
}

int main(void)
{
	if (make_wim()) {
		printf("FAIL fileset-fixture: wimlib could not capture the test tree\n");
		return 1;
	}
	RUN(t_roles);
	RUN(t_same_place);
	RUN(t_injects);
	RUN(t_complete);
	RUN(t_raw);
	RUN(t_relocate);
	free(wim);
	return H_DONE();
}
