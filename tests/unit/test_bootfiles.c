/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_bootfiles.c - core/bootfiles.c on WIMs captured by wimlib from
 * generated trees: what is added for BIOS and UEFI (exact bytes), what the
 * user's own files keep out, the fonts rule, and the exact messages for a
 * WIM without a boot manager, no WIM at all and a truncated WIM.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wimlib.h>
#include "harness.h"
#include "bootfiles.h"

/* An in-memory file set, as the module keeps it. */
struct tset {
	char *name[32];
	uint8_t *data[32];
	uint64_t size[32];
	unsigned n, added;
	char warn[512];
};

/* The part of a disk name after its last backslash. */
static const char *last_component(const char *s)
{
	const char *b = strrchr(s, '\\');
	return b ? b + 1 : s;
}

/* ops.get: by disk name, or by basename for bare names. */
static const uint8_t *t_get(void *ctx, const char *name, uint64_t *size)
{
	struct tset *s = ctx;
	int hit = -1;
	unsigned i;

	for (i = 0; i < s->n; i++)
		if (!strcasecmp(s->name[i], name) ||
		    (!strchr(s->name[i], '\\') &&
		     !strcasecmp(s->name[i], last_component(name))))
			hit = (int)i;
	if (hit < 0)
		return NULL;
	*size = s->size[hit];
	return s->data[hit];
}

/* ops.wim: the last *.wim. */
static const uint8_t *t_wim(void *ctx, uint64_t *size, const char **name)
{
	struct tset *s = ctx;
	int hit = -1;
	unsigned i;

	for (i = 0; i < s->n; i++) {
		size_t l = strlen(s->name[i]);
		if (l >= 4 && !strcasecmp(s->name[i] + l - 4, ".wim"))
			hit = (int)i;
	}
	if (hit < 0)
		return NULL;
	*size = s->size[hit];
	*name = s->name[hit];
	return s->data[hit];
}

/* ops.add: take the data. */
static int t_add(void *ctx, const char *name, uint8_t *data, uint64_t size)
{
	struct tset *s = ctx;

	s->name[s->n] = strdup(name);
	s->data[s->n] = data;
	s->size[s->n] = size;
	s->n++;
	s->added++;
	return 0;
}

/* ops.warn: keep the messages. */
static void t_warn(void *ctx, const char *msg)
{
	struct tset *s = ctx;
	size_t l = strlen(s->warn);

	snprintf(s->warn + l, sizeof s->warn - l, "%s|", msg);
}

/* ops.has_ext. */
static bool t_has_ext(void *ctx, const char *ext)
{
	struct tset *s = ctx;
	unsigned i;

	for (i = 0; i < s->n; i++) {
		size_t l = strlen(s->name[i]), e = strlen(ext);
		if (l >= e && !strcasecmp(s->name[i] + l - e, ext))
			return true;
	}
	return false;
}

/* Add a copy of bytes to the set under name. */
static void put(struct tset *s, const char *name, const void *d, size_t n)
{
	s->name[s->n] = strdup(name);
	s->data[s->n] = malloc(n ? n : 1);
	memcpy(s->data[s->n], d, n);
	s->size[s->n] = n;
	s->n++;
}

/* Free a set. */
static void tset_free(struct tset *s)
{
	unsigned i;
	for (i = 0; i < s->n; i++) {
		free(s->name[i]);
		free(s->data[i]);
	}
	memset(s, 0, sizeof *s);
}

/* Deterministic, partly compressible bytes of a named file. */
static void content(const char *name, uint8_t *out, size_t n)
{
	uint32_t x = 2166136261u;
	size_t i;

	for (i = 0; name[i]; i++)
		x = (x ^ (uint8_t)name[i]) * 16777619u;
	for (i = 0; i < n; i++) {
		x ^= x << 13; x ^= x >> 17; x ^= x << 5;
		out[i] = (uint8_t)(i % 7 ? x : 'A' + i % 26);
	}
}

/* The tree: relative path and size. */
struct tfile { const char *path; size_t size; };

static const struct tfile full_tree[] = {
	{ "Windows/Boot/PXE/bootmgr.exe", 70001 },
	{ "Windows/Boot/DVD/PCAT/BCD", 24576 },
	{ "Windows/Boot/DVD/PCAT/boot.sdi", 100000 },
	{ "Windows/Boot/DVD/EFI/BCD", 28672 },
	{ "Windows/Boot/DVD/EFI/boot.sdi", 100001 },
	{ "Windows/Boot/EFI/bootmgfw.efi", 90000 },
	{ "Windows/Boot/EFI/boot.stl", 12000 },
	{ "Windows/Boot/Fonts/segmono_boot.ttf", 4000 },
	{ "Windows/Boot/Fonts/segoen_slboot.ttf", 5000 },
	{ "Windows/Boot/Fonts/segoe_slboot.ttf", 6000 },
	{ "Windows/Boot/Fonts/wgl4_boot.ttf", 7000 },
	{ "Windows/Boot/Fonts/chs_boot.ttf", 8000 },
	{ "Windows/System32/winload.exe", 3000 },
	{ NULL, 0 },
};
static const struct tfile bare_tree[] = {
	{ "Windows/System32/winload.exe", 3000 },
	{ NULL, 0 },
};

/* Create every directory leading to path (below base). */
static void mkdirs(char *path, size_t base)
{
	char *p;

	for (p = path + base; (p = strchr(p, '/')); p++) {
		*p = 0;
		mkdir(path, 0755);
		*p = '/';
	}
}

/* Capture tree into an LZX WIM with wimlib; returns its bytes. */
static uint8_t *make_wim(const char *tag, const struct tfile *t, size_t *len)
{
	static uint8_t buf[200000];
	char dir[256], path[512], wimpath[300];
	struct wimlib_wim_info info = { .boot_index = 1 };
	struct stat st;
	WIMStruct *w = NULL;
	uint8_t *data = NULL;
	FILE *f;
	unsigned i;

	snprintf(dir, sizeof dir, "%s/bootfiles-%s-%d",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", tag, (int)getpid());
	mkdir(dir, 0755);
	for (i = 0; t[i].path; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, t[i].path);
		mkdirs(path, strlen(dir) + 1);
		content(t[i].path, buf, t[i].size);
		f = fopen(path, "wb");
		if (!f || fwrite(buf, 1, t[i].size, f) != t[i].size)
			return NULL;
		fclose(f);
	}
	snprintf(wimpath, sizeof wimpath, "%s.wim", dir);
	if (wimlib_create_new_wim(WIMLIB_COMPRESSION_TYPE_LZX, &w) ||
	    wimlib_add_image(w, dir, "test", NULL, 0) ||
	    wimlib_set_wim_info(w, &info, WIMLIB_CHANGE_BOOT_INDEX) ||
	    wimlib_write(w, wimpath, WIMLIB_ALL_IMAGES, 0, 0))
		return NULL;
	wimlib_free(w);
	f = fopen(wimpath, "rb");
	if (f && !fstat(fileno(f), &st)) {
		data = malloc((size_t)st.st_size);
		if (fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
			free(data);
			data = NULL;
		}
		*len = (size_t)st.st_size;
	}
	if (f)
		fclose(f);
	snprintf(path, sizeof path, "rm -rf '%s' '%s'", dir, wimpath);
	if (system(path))
		return NULL;
	return data;
}

static uint8_t *full_wim, *bare_wim;
static size_t full_len, bare_len;

/* Does the set hold name with the bytes of tree file tpath? */
static int has(struct tset *s, const char *name, const char *tpath, size_t size)
{
	static uint8_t want[200000];
	uint64_t n = 0;
	const uint8_t *d = NULL;
	unsigned i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->name[i], name)) {
			d = s->data[i];
			n = s->size[i];
		}
	content(tpath, want, size);
	return d && n == size && !memcmp(d, want, size);
}

#define OPS(s) { t_get, t_wim, t_add, t_warn, &(s), t_has_ext }

/* BIOS: everything from the WIM, the four fonts (not the fifth). */
static int t_bios_all(void)
{
	static struct tset s;
	struct bootfiles_ops ops = OPS(s);
	struct wp_err err = { 0 };
	int h_bad = 0, rc;

	put(&s, "boot.wim", full_wim, full_len);
	rc = bootfiles_complete(LAYOUT_BIOS, 0, &ops, &err);
	EXPECT(rc == 0, "rc %d: %s", rc, err.msg);
	EXPECT(s.added == 7, "added %u", s.added);
	EXPECT(has(&s, "bootmgr.exe", "Windows/Boot/PXE/bootmgr.exe", 70001), "bootmgr.exe");
	EXPECT(has(&s, "\\boot\\bcd", "Windows/Boot/DVD/PCAT/BCD", 24576), "bcd");
	EXPECT(has(&s, "\\boot\\boot.sdi", "Windows/Boot/DVD/PCAT/boot.sdi", 100000), "sdi");
	EXPECT(has(&s, "segmono_boot.ttf", "Windows/Boot/Fonts/segmono_boot.ttf", 4000), "font 1");
	EXPECT(has(&s, "segoen_slboot.ttf", "Windows/Boot/Fonts/segoen_slboot.ttf", 5000), "font 2");
	EXPECT(has(&s, "segoe_slboot.ttf", "Windows/Boot/Fonts/segoe_slboot.ttf", 6000), "font 3");
	EXPECT(has(&s, "wgl4_boot.ttf", "Windows/Boot/Fonts/wgl4_boot.ttf", 7000), "font 4");
	EXPECT(!s.warn[0], "warnings: %s", s.warn);
	tset_free(&s);
	return h_bad;
}

/* UEFI: bootmgfw.efi, the EFI BCD and sdi, boot.stl, fonts. */
static int t_efi_all(void)
{
	static struct tset s;
	struct bootfiles_ops ops = OPS(s);
	struct wp_err err = { 0 };
	int h_bad = 0, rc;

	put(&s, "\\sources\\boot.wim", full_wim, full_len);
	rc = bootfiles_complete(LAYOUT_EFI, 1, &ops, &err);
	EXPECT(rc == 0, "rc %d: %s", rc, err.msg);
	EXPECT(s.added == 8, "added %u", s.added);
	EXPECT(has(&s, "bootmgfw.efi", "Windows/Boot/EFI/bootmgfw.efi", 90000), "bootmgfw");
	EXPECT(has(&s, "\\boot\\bcd", "Windows/Boot/DVD/EFI/BCD", 28672), "bcd");
	EXPECT(has(&s, "\\boot\\boot.sdi", "Windows/Boot/DVD/EFI/boot.sdi", 100001), "sdi");
	EXPECT(has(&s, "\\efi\\microsoft\\boot\\boot.stl", "Windows/Boot/EFI/boot.stl", 12000), "stl");
	EXPECT(has(&s, "wgl4_boot.ttf", "Windows/Boot/Fonts/wgl4_boot.ttf", 7000), "font");
	tset_free(&s);
	return h_bad;
}

/* The user's files win; one user font keeps every WIM font out. */
static int t_user_files_kept(void)
{
	static struct tset s;
	struct bootfiles_ops ops = OPS(s);
	struct wp_err err = { 0 };
	int h_bad = 0, rc;

	put(&s, "boot.wim", full_wim, full_len);
	put(&s, "BCD", "mine", 4);
	put(&s, "\\boot\\fonts\\mine.ttf", "font", 4);
	rc = bootfiles_complete(LAYOUT_BIOS, 0, &ops, &err);
	EXPECT(rc == 0, "rc %d: %s", rc, err.msg);
	EXPECT(s.added == 2, "added %u (bootmgr.exe and boot.sdi only)", s.added);
	EXPECT(has(&s, "\\boot\\boot.sdi", "Windows/Boot/DVD/PCAT/boot.sdi", 100000), "sdi");
	EXPECT(!t_has_ext(&s, "_boot.ttf"), "no WIM font");
	tset_free(&s);
	return h_bad;
}

/* A WIM with none of the boot files: exact messages. */
static int t_bare_wim(void)
{
	static struct tset s;
	struct bootfiles_ops ops = OPS(s);
	struct wp_err err = { 0 };
	int h_bad = 0, rc;

	put(&s, "boot.wim", bare_wim, bare_len);
	rc = bootfiles_complete(LAYOUT_BIOS, 0, &ops, &err);
	EXPECT(rc == WP_ENOENT, "rc %d", rc);
	EXPECT(!strcmp(err.msg, "boot.wim has no \\Windows\\Boot\\PXE\\bootmgr.exe and no "
		       "bootmgr/bootmgr.exe was given; add file=.../bootmgr.exe or use a WIM "
		       "made from Windows media"), "msg: %s", err.msg);
	put(&s, "bootmgr.exe", "MZ", 2);
	memset(&err, 0, sizeof err);
	rc = bootfiles_complete(LAYOUT_BIOS, 0, &ops, &err);
	EXPECT(rc == 0 && s.added == 0, "rc %d added %u", rc, s.added);
	EXPECT(!strcmp(s.warn, "no \\boot\\bcd given and boot.wim has no "
		       "\\Windows\\Boot\\DVD\\PCAT\\BCD; add file=...@\\boot\\bcd|"
		       "no \\boot\\boot.sdi given and boot.wim has no "
		       "\\Windows\\Boot\\DVD\\PCAT\\boot.sdi; add file=...@\\boot\\boot.sdi|"),
	       "warn: %s", s.warn);
	tset_free(&s);
	return h_bad;
}

/* No WIM and no boot manager; a truncated WIM. */
static int t_missing_and_truncated(void)
{
	static struct tset s;
	struct bootfiles_ops ops = OPS(s);
	struct wp_err err = { 0 };
	int h_bad = 0, rc;

	put(&s, "BCD", "x", 1);
	rc = bootfiles_complete(LAYOUT_BIOS, 0, &ops, &err);
	EXPECT(rc == WP_ENOENT && !strcmp(err.msg, "no boot manager among the files: add "
		       "file=.../bootmgr.exe or bootmgr (or a boot.wim that holds one)"),
	       "rc %d msg %s", rc, err.msg);
	tset_free(&s);
	put(&s, "boot.wim", full_wim, full_len / 2);
	memset(&err, 0, sizeof err);
	rc = bootfiles_complete(LAYOUT_BIOS, 0, &ops, &err);
	EXPECT(rc != 0 && strstr(err.msg, "boot.wim") &&
	       strstr(err.msg, "; the WIM is damaged or truncated: copy it again from the media"),
	       "rc %d msg %s", rc, err.msg);
	EXPECT(s.added == 0, "added %u", s.added);
	tset_free(&s);
	return h_bad;
}

/* Fonts are optional: a boot.wim that is no WIM does not stop a complete set. */
static int t_fonts_optional(void)
{
	static struct tset s;
	static uint8_t junk[50000];
	struct bootfiles_ops ops = OPS(s);
	struct wp_err err = { 0 };
	int h_bad = 0, rc;

	content("junk", junk, sizeof junk);
	put(&s, "bootmgr.exe", "MZ", 2);
	put(&s, "BCD", "b", 1);
	put(&s, "boot.sdi", "s", 1);
	put(&s, "boot.wim", junk, sizeof junk);
	rc = bootfiles_complete(LAYOUT_BIOS, 0, &ops, &err);
	EXPECT(rc == 0 && s.added == 0, "rc %d added %u: %s", rc, s.added, err.msg);
	EXPECT(!s.warn[0], "warnings: %s", s.warn);
	tset_free(&s);
	return h_bad;
}

/* Run the boot-file completion tests. */
int main(void)
{
	full_wim = make_wim("full", full_tree, &full_len);
	bare_wim = make_wim("bare", bare_tree, &bare_len);
	h_result(full_wim && bare_wim, "wimlib_capture", "wimlib could not make the test WIMs");
	if (!full_wim || !bare_wim)
		return 1;
	RUN(t_bios_all);
	RUN(t_efi_all);
	RUN(t_user_files_kept);
	RUN(t_bare_wim);
	RUN(t_missing_and_truncated);
	RUN(t_fonts_optional);
	free(full_wim);
	free(bare_wim);
	return H_DONE();
}
