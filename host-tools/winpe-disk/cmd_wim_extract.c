/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_wim_extract.c - `winpe-disk wim-extract WIM[:INDEX] \PATH OUT`:
 * extract one file of a WIM image with the core reader ("-" = stdout);
 * `wim-extract WIM[:INDEX] --all DIR` extracts the whole image into DIR;
 * `winpe-disk wim-ls WIM[:INDEX]` lists the image (type, size, path).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/stat.h>
#include "hostfile.h"
#include "wim.h"

#define BLOCK 1000003 /* odd on purpose: reads straddle chunk boundaries */

/* An open WIM with its selected image. */
struct wimarg {
	char path[4096];
	unsigned index;
	struct wp_src src;
	struct wim *w;
};

/* Split "WIM[:INDEX]", open the WIM and select the image. */
static int open_wimarg(const char *arg, struct wimarg *a)
{
	const char *colon = strrchr(arg, ':');
	struct wp_err err = { 0, "" };
	const char *base;
	int rc;

	a->index = 0;
	snprintf(a->path, sizeof(a->path), "%s", arg);
	if (colon && colon[1] && strspn(colon + 1, "0123456789") == strlen(colon + 1)) {
		a->index = (unsigned)strtoul(colon + 1, NULL, 10);
		a->path[colon - arg] = '\0';
	}
	if (hostfile_open(a->path, &a->src))
		return 1;
	base = strrchr(a->path, '/');
	base = base ? base + 1 : a->path;
	rc = wim_open(&a->w, &a->src, base, &err);
	if (!rc)
		rc = wim_select_image(a->w, a->index, &err);
	if (rc) {
		fprintf(stderr, "winpe-disk: %s\n", err.msg);
		wim_close(a->w);
		hostfile_close(&a->src);
		return 1;
	}
	return 0;
}

/* Close what open_wimarg() opened. */
static void close_wimarg(struct wimarg *a)
{
	wim_close(a->w);
	hostfile_close(&a->src);
}

/* Copy the data of f to the stream out (named outname for messages). */
static int copy_out(struct wim *w, const struct wim_file *f, FILE *out,
		    const char *what, const char *outname, uint8_t *buf)
{
	struct wp_err err = { 0, "" };
	uint64_t off = 0;

	while (off < f->size) {
		size_t n = f->size - off > BLOCK ? BLOCK : (size_t)(f->size - off);

		if (wim_read(w, f, off, buf, n, &err)) {
			fprintf(stderr, "winpe-disk: %s: %s\n", what, err.msg);
			return 1;
		}
		if (fwrite(buf, 1, n, out) != n) {
			fprintf(stderr, "winpe-disk: %s: %s\n", outname, strerror(errno));
			return 1;
		}
		off += n;
	}
	return 0;
}

/* Write f to the host file outname ("-" = stdout). */
static int write_file(struct wim *w, const struct wim_file *f, const char *what,
		      const char *outname, uint8_t *buf)
{
	FILE *out = strcmp(outname, "-") ? fopen(outname, "wb") : stdout;
	int rc;

	if (!out) {
		fprintf(stderr, "winpe-disk: %s: %s\n", outname, strerror(errno));
		return 1;
	}
	rc = copy_out(w, f, out, what, outname, buf);
	if (out != stdout) {
		if (fclose(out) && !rc) {
			fprintf(stderr, "winpe-disk: %s: %s\n", outname, strerror(errno));
			rc = 1;
		}
	} else if (fflush(out) && !rc) {
		rc = 1;
	}
	return rc;
}

/* State of `--all DIR`. */
struct all_ctx {
	struct wim *w;
	const char *dir;
	uint8_t *buf;
	unsigned long files, dirs;
};

/* Walk callback of --all: create the directory or write the file. */
static int all_one(void *ctx, const char *path, const struct wim_file *f)
{
	struct all_ctx *a = ctx;
	char *host, *p;
	int rc = 0;

	if (asprintf(&host, "%s%s", a->dir, path) < 0)
		return 1;
	for (p = host + strlen(a->dir); *p; p++)
		if (*p == '\\')
			*p = '/';
	if (strstr(host + strlen(a->dir), "/../") || strstr(host + strlen(a->dir), "/./")) {
		fprintf(stderr, "winpe-disk: %s: unsafe name\n", path);
		free(host);
		return 1;
	}
	if (f->attributes & 0x10) {
		if (mkdir(host, 0755) && errno != EEXIST) {
			fprintf(stderr, "winpe-disk: %s: %s\n", host, strerror(errno));
			rc = 1;
		}
		a->dirs++;
	} else {
		rc = write_file(a->w, f, path, host, a->buf);
		a->files++;
	}
	free(host);
	return rc;
}

/* winpe-disk wim-extract WIM[:INDEX] \PATH OUT | --all DIR */
int cmd_wim_extract(int argc, char **argv)
{
	struct wp_err err = { 0, "" };
	struct wimarg a;
	struct wim_file f;
	uint8_t *buf;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: winpe-disk wim-extract WIM[:INDEX] \\PATH OUT\n"
				"       winpe-disk wim-extract WIM[:INDEX] --all DIR\n");
		return 2;
	}
	if (open_wimarg(argv[1], &a))
		return 1;
	buf = malloc(BLOCK);
	if (!buf) {
		close_wimarg(&a);
		return 1;
	}
	if (!strcmp(argv[2], "--all")) {
		struct all_ctx c = { a.w, argv[3], buf, 0, 0 };

		if (mkdir(argv[3], 0755) && errno != EEXIST) {
			fprintf(stderr, "winpe-disk: %s: %s\n", argv[3], strerror(errno));
			rc = 1;
		} else {
			rc = wim_walk(a.w, all_one, &c, &err);
			if (rc < 0)
				fprintf(stderr, "winpe-disk: %s\n", err.msg);
			else if (!rc)
				fprintf(stderr, "winpe-disk: %s: %lu files, %lu directories\n",
					a.path, c.files, c.dirs);
		}
	} else {
		rc = wim_lookup(a.w, argv[2], &f, &err);
		if (rc)
			fprintf(stderr, "winpe-disk: %s\n", err.msg);
		else if (f.attributes & 0x10) {
			fprintf(stderr, "winpe-disk: %s: %s: is a directory\n", a.path, argv[2]);
			rc = 1;
		} else
			rc = write_file(a.w, &f, argv[2], argv[3], buf);
	}
	free(buf);
	close_wimarg(&a);
	return rc ? 1 : 0;
}

/* Walk callback of wim-ls: one line per entry. */
static int ls_one(void *ctx, const char *path, const struct wim_file *f)
{
	(void)ctx;
	printf("%c %12llu %s\n", (f->attributes & 0x10) ? 'd' : '-',
	       (unsigned long long)f->size, path);
	return 0;
}

/* winpe-disk wim-ls WIM[:INDEX]: list the files of an image. */
int cmd_wim_ls(int argc, char **argv)
{
	struct wp_err err = { 0, "" };
	struct wimarg a;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: winpe-disk wim-ls WIM[:INDEX]\n");
		return 2;
	}
	if (open_wimarg(argv[1], &a))
		return 1;
	printf("# %s: image %u of %u (boot index %u)\n", a.path,
	       a.index ? a.index : (wim_boot_index(a.w) ? wim_boot_index(a.w) : 1),
	       wim_image_count(a.w), wim_boot_index(a.w));
	rc = wim_walk(a.w, ls_one, NULL, &err);
	if (rc)
		fprintf(stderr, "winpe-disk: %s\n", err.msg);
	close_wimarg(&a);
	return rc ? 1 : 0;
}
