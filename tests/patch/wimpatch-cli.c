/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wimpatch-cli.c - test helper: `wimpatch-cli OUT.wim IN.wim INDEX
 * [SRC[@TARGET]]...` writes the patched WIM (core/wimpatch) to OUT.wim by
 * reading it through wimpatch_read(), for checks with wimlib-imagex.
 */
#include <stdio.h>
#include "wimpatch.h"
#include "hostfile.h"

/* Read a whole file into malloc'd memory. */
static uint8_t *slurp(const char *path, uint64_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *d;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	d = malloc(n ? (size_t)n : 1);
	if (d && fread(d, 1, (size_t)n, f) != (size_t)n) {
		free(d);
		d = NULL;
	}
	fclose(f);
	*size = (uint64_t)n;
	return d;
}

/* Entry point. */
int main(int argc, char **argv)
{
	struct wimpatch p;
	struct wimpatch_file *f;
	struct wp_err err = { 0, "" };
	uint64_t len, off;
	uint8_t *wim, buf[65536];
	FILE *out;
	int i, n;

	if (argc < 4) {
		fprintf(stderr, "usage: wimpatch-cli OUT.wim IN.wim INDEX [SRC[@TARGET]]...\n");
		return 2;
	}
	wim = slurp(argv[2], &len);
	n = argc - 4;
	f = calloc((size_t)n + 1, sizeof(*f));
	if (!wim || !f)
		return 1;
	for (i = 0; i < n; i++) {
		char *a = argv[4 + i], *at = strrchr(a, '@'), *b;
		if (at)
			*at = 0;
		f[i].data = slurp(a, &f[i].size);
		if (!f[i].data) {
			perror(a);
			return 1;
		}
		b = strrchr(a, '/');
		f[i].target = at ? at + 1 : b ? b + 1 : a;
	}
	if (wimpatch_build(&p, wim, len, argv[2], (unsigned)atoi(argv[3]), f,
			   (unsigned)n, &err)) {
		fprintf(stderr, "wimpatch-cli: %s\n", err.msg);
		return 1;
	}
	out = fopen(argv[1], "wb");
	if (!out)
		return 1;
	for (off = 0; off < p.size; off += sizeof(buf)) {
		size_t c = p.size - off < sizeof(buf) ? (size_t)(p.size - off) : sizeof(buf);
		if (wimpatch_read(&p, off, buf, c) || fwrite(buf, 1, c, out) != c)
			return 1;
	}
	printf("images %u boot %u from %u extents %u new-blobs %u\n", p.image_count,
	       p.boot_index, p.image, p.n_ext, p.n_new_blobs);
	wimpatch_free(&p);
	return fclose(out) ? 1 : 0;
}
