/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mkbcd.c - test helper: `mkbcd OUT bios|efi [TIMEOUT]` writes a RAM-disk
 * BCD store for \sources\boot.wim with prep-tftproot's generator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../host-tools/prep-tftproot/bcdgen.h"

/* Entry point. */
int main(int argc, char **argv)
{
	struct bcd_model m;
	char err[256];

	if (argc < 3)
		return 2;
	bcd_model_default(&m, !strcmp(argv[2], "efi"), "Windows PE test");
	m.timeout = argc > 3 ? strtoull(argv[3], NULL, 10) : 0;
	if (bcd_generate(argv[1], &m, err, sizeof(err))) {
		fprintf(stderr, "mkbcd: %s\n", err);
		return 1;
	}
	return 0;
}
