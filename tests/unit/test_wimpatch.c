/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_wimpatch.c - core/wimpatch*.c on a WIM captured by wimlib: which
 * names count as boot files, the unchanged result without files or index,
 * an injection (a new file under \Windows\System32 by bare name, a new
 * directory, a replaced file) read back by wimlib from the patched bytes
 * (image 2 is the boot image, wimlib verifies the WIM, the contents are
 * exact, image 1 is untouched), wimpatch_read across extents, and the
 * message for an index the WIM does not have.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wimlib.h>
#include "harness.h"
#include "wimpatch.h"

static char tmp[256];
static uint8_t *wim;
static size_t wim_len;

/* Write len bytes to path; 0 on success. */
static int write_file(const char *path, const void *d, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(d, 1, len, f) == len;

	if (f)
		fclose(f);
	return ok ? 0 : -1;
}

/* Read a whole file (malloc'd) or NULL. */
static uint8_t *read_file(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *d;
	FILE *f = fopen(path, "rb");

	if (!f || fstat(fileno(f), &st)) {
		if (f)
			fclose(f);
		return NULL;
	}
	d = malloc((size_t)st.st_size + 1);
	*len = fread(d, 1, (size_t)st.st_size, f);
	fclose(f);
	return d;
}

/* Capture a small tree into tmp/base.wim (LZX, boot index 1) and load it. */
static int make_wim(void)
{
	char cmd[700], path[400];
	struct wimlib_wim_info info = { .boot_index = 1 };
	WIMStruct *w = NULL;

	snprintf(tmp, sizeof tmp, "%s/wimpatch-%d", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
		 (int)getpid());
	snprintf(cmd, sizeof cmd, "mkdir -p '%s/tree/Windows/System32'", tmp);
	if (system(cmd))
		return -1;
	snprintf(path, sizeof path, "%s/tree/Windows/System32/startnet.cmd", tmp);
	write_file(path, "wpeinit\r\n", 9);
	snprintf(path, sizeof path, "%s/tree/Windows/System32/winload.exe", tmp);
	write_file(path, "the original winload", 20);
	snprintf(path, sizeof path, "%s/base.wim", tmp);
	if (wimlib_create_new_wim(WIMLIB_COMPRESSION_TYPE_LZX, &w))
		return -1;
	snprintf(cmd, sizeof cmd, "%s/tree", tmp);
	if (wimlib_add_image(w, cmd, "PE", NULL, 0) ||
	    wimlib_set_wim_info(w, &info, WIMLIB_CHANGE_BOOT_INDEX) ||
	    wimlib_write(w, path, WIMLIB_ALL_IMAGES, 0, 0))
		return -1;
	wimlib_free(w);
	wim = read_file(path, &wim_len);
	return wim ? 0 : -1;
}

/* The boot-file rule (wimboot's): any case, the basename of a path. */
static int t_boot_file(void)
{
	static const char *const yes[] = { "bootmgr", "BOOTMGR.EXE", "bootmgr.efi", "BCD",
		"\\boot\\bcd", "boot.stl", "wimboot", "x.sdi", "\\sources\\boot.WIM",
		"bootmgfw.efi", "segoe_slboot.ttf" };
	static const char *const no[] = { "startnet.cmd", "winpeshl.ini", "bcd.txt", "wim",
		"\\boot\\x.inf", "sdi" };
	int h_bad = 0;
	unsigned i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		EXPECT(wimpatch_is_boot_file(yes[i]), "%s is a boot file", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		EXPECT(!wimpatch_is_boot_file(no[i]), "%s is not a boot file", no[i]);
	return h_bad;
}

/* No files, index 0: the original, one extent, nothing new. */
static int t_unchanged(void)
{
	struct wimpatch p;
	struct wp_err err = { 0 };
	uint8_t buf[64];
	int h_bad = 0, rc;

	rc = wimpatch_build(&p, wim, wim_len, "base.wim", 0, NULL, 0, &err);
	EXPECT(rc == 0, "rc %d: %s", rc, err.msg);
	if (rc)
		return h_bad;
	EXPECT(!p.patched && p.n_ext == 1 && p.size == wim_len, "patched %d, %u extents, size %llu",
	       p.patched, p.n_ext, (unsigned long long)p.size);
	EXPECT(!wimpatch_read(&p, 100, buf, sizeof buf) && !memcmp(buf, wim + 100, sizeof buf),
	       "read differs");
	wimpatch_free(&p);
	return h_bad;
}

/* Extract image `image`'s path into tmp/out (flat) and compare with want. */
static int extracted_is(WIMStruct *w, int image, const char *path, const char *want)
{
	char out[400], file[500];
	const char *paths[1] = { path };
	const char *base = strrchr(path, '\\') ? strrchr(path, '\\') + 1 : path;
	size_t len = 0;
	uint8_t *got;
	int ok;

	snprintf(out, sizeof out, "%s/out%d", tmp, image);
	if (wimlib_extract_paths(w, image, out, paths, 1, WIMLIB_EXTRACT_FLAG_NO_PRESERVE_DIR_STRUCTURE))
		return 0;
	snprintf(file, sizeof file, "%s/%s", out, base);
	got = read_file(file, &len);
	ok = got && len == strlen(want) && !memcmp(got, want, len);
	free(got);
	unlink(file);
	return ok;
}

/* Inject three files; wimlib reads the patched WIM back. */
static int t_inject(void)
{
	static const struct wimpatch_file f[] = {
		{ "winpeshl.ini", (const uint8_t *)"[LaunchApps]\r\n", 14 },
		{ "\\Windows\\Setup\\Scripts\\x.cmd", (const uint8_t *)"@echo injected\r\n", 16 },
		{ "/Windows/System32/winload.exe", (const uint8_t *)"a replaced winload", 18 },
	};
	struct wimpatch p;
	struct wp_err err = { 0 };
	struct wimlib_wim_info info;
	WIMStruct *w = NULL;
	char path[400];
	uint8_t *all, chunk[777];
	uint64_t off;
	int h_bad = 0, rc;

	rc = wimpatch_build(&p, wim, wim_len, "base.wim", 0, f, 3, &err);
	EXPECT(rc == 0, "rc %d: %s", rc, err.msg);
	if (rc)
		return h_bad;
	EXPECT(p.patched && p.image == 1 && p.image_count == 2 && p.boot_index == 2 &&
	       p.n_new_blobs == 3, "patched %d image %u count %u boot %u blobs %u", p.patched,
	       p.image, p.image_count, p.boot_index, p.n_new_blobs);
	all = malloc((size_t)p.size);
	EXPECT(!wimpatch_read(&p, 0, all, (size_t)p.size), "read");
	/* the original bytes come first, unchanged after the 208-byte header */
	EXPECT(!memcmp(all + 208, wim + 208, 1000), "original bytes moved");
	/* any piece read alone equals the whole read */
	for (off = 0; off + sizeof chunk <= p.size; off += 4099)
		if (wimpatch_read(&p, off, chunk, sizeof chunk) || memcmp(chunk, all + off, sizeof chunk)) {
			EXPECT(0, "piece at %llu differs", (unsigned long long)off);
			break;
		}
	snprintf(path, sizeof path, "%s/patched.wim", tmp);
	EXPECT(!write_file(path, all, (size_t)p.size), "write");
	rc = wimlib_open_wim(path, 0, &w);
	EXPECT(rc == 0, "wimlib cannot open the patched WIM: %d", rc);
	if (!rc) {
		EXPECT(!wimlib_verify_wim(w, 0), "wimlib_verify_wim failed");
		EXPECT(!wimlib_get_wim_info(w, &info) && info.image_count == 2 && info.boot_index == 2,
		       "image count %u boot index %u", info.image_count, info.boot_index);
		EXPECT(extracted_is(w, 2, "\\Windows\\System32\\winpeshl.ini", "[LaunchApps]\r\n"),
		       "winpeshl.ini in image 2");
		EXPECT(extracted_is(w, 2, "\\Windows\\Setup\\Scripts\\x.cmd", "@echo injected\r\n"),
		       "x.cmd in a new directory of image 2");
		EXPECT(extracted_is(w, 2, "\\Windows\\System32\\winload.exe", "a replaced winload"),
		       "winload.exe replaced in image 2");
		EXPECT(extracted_is(w, 2, "\\Windows\\System32\\startnet.cmd", "wpeinit\r\n"),
		       "startnet.cmd kept in image 2");
		EXPECT(extracted_is(w, 1, "\\Windows\\System32\\winload.exe", "the original winload"),
		       "image 1 changed");
		wimlib_free(w);
	}
	free(all);
	wimpatch_free(&p);
	return h_bad;
}

/* index= beyond the WIM's images: a message naming the WIM. */
static int t_bad_index(void)
{
	struct wimpatch p;
	struct wp_err err = { 0 };
	int h_bad = 0, rc;

	rc = wimpatch_build(&p, wim, wim_len, "base.wim", 3, NULL, 0, &err);
	EXPECT(rc < 0 && strstr(err.msg, "base.wim"), "rc %d: %s", rc, err.msg);
	if (!rc)
		wimpatch_free(&p);
	return h_bad;
}

int main(void)
{
	char cmd[300];
	int rc;

	if (make_wim()) {
		printf("FAIL wimpatch-fixture: wimlib could not capture the test tree\n");
		return 1;
	}
	RUN(t_boot_file);
	RUN(t_unchanged);
	RUN(t_inject);
	RUN(t_bad_index);
	free(wim);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	rc = system(cmd);
	(void)rc;
	return H_DONE();
}
