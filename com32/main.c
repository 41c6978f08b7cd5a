/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c - winpe.c32 entry point (placeholder until the fetch slice lands). */
#include <stdio.h>
#include "wp.h"

/* Module entry: print the arguments and return to syslinux. */
int main(int argc, char **argv)
{
	int i;

	printf("winpe.c32:");
	for (i = 1; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	return 0;
}
