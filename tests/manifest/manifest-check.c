/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * manifest-check.c - test helper: parse MANIFEST with core/manifest.c and
 * verify every listed file under DIR (read whole, then manifest_verify()).
 * Prints "ok N files" or the first error message; exit 0 / 1 (2: usage or
 * a file that cannot be read).
 * Usage: manifest-check MANIFEST DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include "manifest.h"

/* Read a whole file into memory. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc(n ? n : 1)) &&
	    fread(buf, 1, n, f) == (size_t)n) {
		*len = n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* Parse the manifest, verify each entry's file. */
int main(int argc, char **argv)
{
	struct wp_err err = { 0, "" };
	struct manifest *m;
	uint8_t *text, *data;
	size_t len;
	unsigned i;

	if (argc != 3) {
		fprintf(stderr, "usage: manifest-check MANIFEST DIR\n");
		return 2;
	}
	text = slurp(argv[1], &len);
	if (!text) {
		fprintf(stderr, "manifest-check: cannot read %s\n", argv[1]);
		return 2;
	}
	if (manifest_parse(text, len, argv[1], &m, &err)) {
		printf("%s\n", err.msg);
		return 1;
	}
	for (i = 0; i < m->n; i++) {
		char path[4096];

		snprintf(path, sizeof(path), "%s/%s", argv[2], m->e[i].path);
		data = slurp(path, &len);
		if (!data) {
			printf("%s: cannot read\n", m->e[i].path);
			return 2;
		}
		if (manifest_verify(m, m->e[i].path, data, len, &err)) {
			printf("%s\n", err.msg);
			return 1;
		}
		free(data);
	}
	printf("ok %u files\n", m->n);
	manifest_free(m);
	free(text);
	return 0;
}
