/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmd_bootmgr.c - `winpe-disk bootmgr-extract BOOTMGR OUT.exe`: unpack the
 * bootmgr.exe embedded in a media-root bootmgr container (core/bootmgr.c).
 */
#include <stdio.h>
#include "bootmgr.h"
#include "hostfile.h"

int cmd_bootmgr_extract(int argc, char **argv);

/* Write len bytes to path; prints an error naming the file on failure. */
static int write_file(const char *path, const uint8_t *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len) {
		fprintf(stderr, "winpe-disk: %s: cannot write\n", path);
		if (f)
			fclose(f);
		return -1;
	}
	if (fclose(f)) {
		fprintf(stderr, "winpe-disk: %s: cannot write\n", path);
		return -1;
	}
	return 0;
}

/* Entry point of the bootmgr-extract subcommand. */
int cmd_bootmgr_extract(int argc, char **argv)
{
	struct wp_err err = { 0, "" };
	uint8_t *data, *exe;
	uint64_t size;
	size_t exe_len, off;
	enum bootmgr_fmt fmt;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: winpe-disk bootmgr-extract BOOTMGR OUT.exe\n");
		return 2;
	}
	if (hostfile_load(argv[1], &data, &size))
		return 1;
	if (size > SIZE_MAX) {
		fprintf(stderr, "winpe-disk: %s: too large\n", argv[1]);
		free(data);
		return 1;
	}
	rc = bootmgr_extract(argv[1], data, (size_t)size, &exe, &exe_len, &fmt, &off, &err);
	free(data);
	if (rc) {
		fprintf(stderr, "winpe-disk: %s\n", err.msg);
		return 1;
	}
	rc = write_file(argv[2], exe, exe_len);
	if (!rc)
		printf("%s: %s bootmgr.exe at offset %zu, %zu bytes -> %s\n", argv[1],
		       fmt == BOOTMGR_LZNT1 ? "LZNT1" : "XCA", off, exe_len, argv[2]);
	free(exe);
	return rc ? 1 : 0;
}
