/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mkbootmgr.c - test fixture generator: `mkbootmgr lznt1|xca PE_SIZE SEED
 * OUT.container OUT.exe` writes a synthetic PE stand-in and a bootmgr
 * container holding it compressed (16 KiB stub, payload, 16 KiB padding).
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

int main(int argc, char **argv)
{
	size_t n, len;
	uint8_t *pe, *c;
	int fmt;

	if (argc != 6 || (strcmp(argv[1], "lznt1") && strcmp(argv[1], "xca"))) {
		fprintf(stderr, "usage: mkbootmgr lznt1|xca PE_SIZE SEED OUT.container OUT.exe\n");
		return 2;
	}
	fmt = strcmp(argv[1], "lznt1") ? 2 : 1;
	n = strtoul(argv[2], NULL, 0);
	if (n < 512)
		n = 512;
	pe = malloc(n);
	mk_pe(pe, n, (uint32_t)strtoul(argv[3], NULL, 0));
	c = mk_container(fmt, pe, n, 16384, 16384, &len);
	return put(argv[4], c, len) | put(argv[5], pe, n);
}
