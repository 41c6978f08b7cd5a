/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * main.c - winpe.c32 entry: parse the APPEND words, fetch the files with a
 * progress line, verify them, then either report (check mode, a dry run) or
 * hand off to the firmware-specific boot (winpe_boot()).  Every failure
 * prints a message naming the file and the fix and returns to syslinux.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fetch.h"
#include "sha256.h"
#include "winpe.h"

/* Name on the disk for SRC[@NAME]: NAME, else the basename of SRC. */
static char *disk_name(const char *src, const char *at)
{
	const char *b;

	if (at)
		return strdup(at + 1);
	b = strrchr(src, '/');
	return strdup(b ? b + 1 : src);
}

/* Add one SRC[@NAME] to the set. */
static int add_file(struct winpe_set *s, const char *spec, size_t len)
{
	char *w = strndup(spec, len), *at;
	struct winpe_file *f;

	if (!w)
		return -1;
	at = strchr(w, '@');
	s->files = realloc(s->files, (s->n_files + 1) * sizeof(*s->files));
	if (!s->files)
		return -1;
	f = &s->files[s->n_files++];
	memset(f, 0, sizeof(*f));
	f->name = disk_name(w, at);
	if (at)
		*at = 0;
	f->src = w;
	return 0;
}

/* Parse the APPEND words (temporary: file=, initrdfile=, check, quiet, gui, pause[=quiet]). */
static int parse_args(struct winpe_set *s, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strncmp(a, "file=", 5)) {
			if (add_file(s, a + 5, strlen(a + 5)))
				return -1;
		} else if (!strncmp(a, "initrdfile=", 11)) {
			const char *p = a + 11, *c;
			while (*p) {
				c = strchr(p, ',');
				if (add_file(s, p, c ? (size_t)(c - p) : strlen(p)))
					return -1;
				if (!c)
					break;
				p = c + 1;
			}
		} else if (!strcmp(a, "check")) {
			s->opts.check = true;
		} else if (!strcmp(a, "quiet")) {
			s->opts.quiet = true;
		} else if (!strcmp(a, "gui")) {
			s->opts.gui = true;
		} else if (!strcmp(a, "pause")) {
			s->opts.pause = true;
		} else if (!strcmp(a, "pause=quiet")) {
			s->opts.pause_quiet = true;
		} else {
			printf("winpe: unknown word '%s' on the APPEND line\n", a);
			return -1;
		}
	}
	if (!s->n_files) {
		printf("winpe: no files given; APPEND a directory or file=SRC[@NAME] words\n");
		return -1;
	}
	return 0;
}

/* Print size and SHA-256 of every file (check mode). */
static void report_files(const struct winpe_set *s)
{
	uint8_t h[SHA256_DIGEST_SIZE];
	unsigned i, k;

	for (i = 0; i < s->n_files; i++) {
		const struct winpe_file *f = &s->files[i];
		sha256(f->data, (size_t)f->size, h);
		printf("WINPE FILE %s %llu ", f->name, (unsigned long long)f->size);
		for (k = 0; k < sizeof(h); k++)
			printf("%02x", h[k]);
		printf(" %s\n", f->src);
	}
}

/* Release everything the set owns. */
static void free_set(struct winpe_set *s)
{
	unsigned i;

	for (i = 0; i < s->n_files; i++) {
		free(s->files[i].name);
		free(s->files[i].src);
		free(s->files[i].data);
	}
	free(s->files);
}

/* Module entry point; returning gives control back to syslinux. */
int main(int argc, char **argv)
{
	struct winpe_set set;
	struct progress prog;
	struct wp_err err;
	unsigned i;
	int rc = 1;

	memset(&set, 0, sizeof(set));
	memset(&prog, 0, sizeof(prog));
	if (parse_args(&set, argc, argv))
		goto out;
	prog.quiet = set.opts.quiet;
	/* total for the overall percentage: sizes TFTP announces (HTTP does not) */
	for (i = 0; i < set.n_files; i++) {
		int64_t sz = strncmp(set.files[i].src, "http://", 7) ?
			fetch_size(set.files[i].src) : 0;
		if (sz > 0)
			prog.all_total += (uint64_t)sz;
	}
	printf("winpe: fetching %u file(s)\n", set.n_files);
	for (i = 0; i < set.n_files; i++) {
		struct winpe_file *f = &set.files[i];
		prog.label = f->name;
		if (fetch_file(f->src, NULL, &f->data, &f->size, &prog, &err)) {
			printf("winpe: %s\n", err.msg);
			goto out;
		}
	}
	if (set.opts.check) {
		report_files(&set);
		printf("WINPE CHECK OK %u files\n", set.n_files);
		rc = 0;
		goto out;
	}
	if (!winpe_boot) {
		printf("winpe: this build of winpe.c32 cannot boot yet (no hand-off for this firmware)\n");
		goto out;
	}
	rc = winpe_boot(&set);
out:
	if (rc)
		printf("winpe: not booting; returning to the syslinux menu\n");
	free_set(&set);
	return rc;
}
