/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * readall.c - readall.c32, the baseline of `make bench-bios`: a COM32
 * module that reads every file named on its command line with a plain
 * streaming fopen/fread loop (64 KiB pieces, bytes discarded), i.e. the
 * time syslinux itself needs to fetch those bytes.  Prints READALL BEGIN
 * and READALL END <bytes> <files> on the console (and serial).
 */
#include <stdio.h>
#include <stdlib.h>

/* Read every file of argv; returns to syslinux. */
int main(int argc, char **argv)
{
	unsigned long long total = 0;
	char *buf = malloc(65536);
	size_t n;
	int i, files = 0;

	printf("READALL BEGIN\n");
	if (!buf)
		return 1;
	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");

		if (!f) {
			printf("READALL cannot open %s\n", argv[i]);
			continue;
		}
		while ((n = fread(buf, 1, 65536, f)) > 0)
			total += n;
		fclose(f);
		files++;
	}
	printf("READALL END %llu bytes %d files\n", total, files);
	free(buf);
	return 0;
}
