/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * main.c - winpe-disk: show on Linux what winpe.c32 will present to the boot
 * manager.  Each subcommand lives in its own cmd_*.c file.
 */
#include <stdio.h>
#include <string.h>

#include "diskset.h"

#ifndef WD_VERSION
#define WD_VERSION "0.1"
#endif

int cmd_render(int argc, char **argv);
int cmd_ls(int argc, char **argv);
int cmd_wim_extract(int argc, char **argv);
int cmd_bootmgr_extract(int argc, char **argv);
int cmd_wim_ls(int argc, char **argv);

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *usage;
} cmds[] = {
	{ "render", cmd_render, "render OUT.img " DISKSET_USAGE },
	{ "ls", cmd_ls, "ls " DISKSET_USAGE },
	{ "wim-extract", cmd_wim_extract, "wim-extract WIM[:INDEX] \\PATH OUT|- | --all DIR" },
	{ "wim-ls", cmd_wim_ls, "wim-ls WIM[:INDEX]" },
	{ "bootmgr-extract", cmd_bootmgr_extract, "bootmgr-extract BOOTMGR OUT.exe" },
};

/* Print the usage of every subcommand. */
static int usage(FILE *f)
{
	unsigned i;

	fprintf(f, "usage:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  winpe-disk %s\n", cmds[i].usage);
	fprintf(f, "ls and render take the words of winpe.c32's APPEND line and show the disk it\n"
		"presents (default --firmware bios); old arguments still work: FILE[@NAME] (on\n"
		"the disk, not injected), --index N, --inject SRC[@\\PATH], --efi, --rawwim, --rawbcd\n");
	fprintf(f, "  winpe-disk --help | --version\nSee winpe-disk(1).\n");
	return f == stdout ? 0 : 2;
}

/* Dispatch to the subcommand named by argv[1]. */
int main(int argc, char **argv)
{
	unsigned i;

	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return usage(stdout);
	if (!strcmp(argv[1], "--version")) {
		printf("winpe-disk %s\n", WD_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		return cmds[i].fn(argc - 1, argv + 1);
	}
	fprintf(stderr, "winpe-disk: unknown command '%s'\n", argv[1]);
	return usage(stderr);
}
