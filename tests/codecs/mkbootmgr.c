/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mkbootmgr.c - test fixture generator: `mkbootmgr lznt1|xca PE_SIZE SEED
 * OUT.container OUT.exe` writes a synthetic PE stand-in and a bootmgr
 * container holding it compressed (16 KiB stub, payload, 16 KiB padding).
 * `mkbootmgr lznt1|xca --wrap IN.exe OUT.container` compresses an existing
 * PE (the probe boot manager of the QEMU tests) instead.
 */
#include <stdio.h>
#include "mk_container.c"

/* Write n bytes to path. */
static int put(const char *path, const uint8_t *d, size_t n)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(d, 1, n, f) == n;

	if (f && fclose(f))
		ok = 0;
	if (!ok)
		fprintf(stderr, "mkbootmgr: %s: cannot write\n", path);
	return ok ? 0 : 1;
}

/* Read a whole file into malloc'd memory; NULL on error. */
static uint8_t *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *d = NULL;
	long l;

	if (f && !fseek(f, 0, SEEK_END) && (l = ftell(f)) > 0 && !fseek(f, 0, SEEK_SET) &&
	    (d = malloc((size_t)l)) && fread(d, 1, (size_t)l, f) == (size_t)l)
		*n = (size_t)l;
	else {
		free(d);
		d = NULL;
		fprintf(stderr, "mkbootmgr: %s: cannot read\n", path);
	}
	if (f)
		fclose(f);
	return d;
}

/* Generate a synthetic PE + container, or wrap a given PE. */
int main(int argc, char **argv)
{
	size_t n, len;
	uint8_t *pe, *c;
	int fmt;

	if ((argc != 6 && !(argc == 5 && !strcmp(argv[2], "--wrap"))) ||
	    (strcmp(argv[1], "lznt1") && strcmp(argv[1], "xca"))) {
		fprintf(stderr, "usage: mkbootmgr lznt1|xca PE_SIZE SEED OUT.container OUT.exe\n"
			"       mkbootmgr lznt1|xca --wrap IN.exe OUT.container\n");
		return 2;
	}
	fmt = strcmp(argv[1], "lznt1") ? 2 : 1;
	if (!strcmp(argv[2], "--wrap")) {
		if (!(pe = slurp(argv[3], &n)))
			return 1;
		c = mk_container(fmt, pe, n, 16384, 16384, &len);
		return put(argv[4], c, len);
	}
	n = strtoul(argv[2], NULL, 0);
	if (n < 512)
		n = 512;
	pe = malloc(n);
	mk_pe(pe, n, (uint32_t)strtoul(argv[3], NULL, 0));
	c = mk_container(fmt, pe, n, 16384, 16384, &len);
	return put(argv[4], c, len) | put(argv[5], pe, n);
}
