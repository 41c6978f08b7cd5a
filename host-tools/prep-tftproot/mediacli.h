/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mediacli.h - `prep-tftproot ISO --iso OUT.iso` and `--media DIR`: bootable
 * USB sticks and ISOs with the same windows/NAME trees and menu entries as
 * the PXE tree.  The tree itself is built by prep-tftproot's own PXE code,
 * run as a child with --root pointing into the medium (or its staging copy),
 * so it is staged, checked and swapped atomically exactly like on a server.
 */
#ifndef PT_MEDIACLI_H
#define PT_MEDIACLI_H
#include <stddef.h>
#include <stdint.h>

struct mc_opts {
	const char *src;        /* the Windows ISO or tree */
	const char *out;        /* --iso OUT.iso or --media DIR */
	int iso;                /* 1: --iso, 0: --media */
	const char *name, *title;
	int force;
	char module_dir[4096];
	char **fwd;             /* argv for the tree child (without --iso/--media) */
	int nfwd;
};

/* Hook for main(): -1 when argv holds neither --iso nor --media, else the
 * exit status of the media run. */
int mediacli_main(int argc, char **argv);

/* Print "prep-tftproot: error: ...", remove the registered staging
 * directory, exit 1. */
void mc_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* Register (or clear with NULL) the directory mc_die removes. */
void mc_set_cleanup(const char *dir);
/* Run argv[0] (PATH lookup; "prep-tftproot" is this program) with stdout captured into out (cap > 0) or
 * discarded; stderr is kept.  The exit status (128+N for signal N). */
int mc_run(char *const argv[], char *out, size_t cap);
/* Build or update ROOT/windows/NAME with the PXE tree code; fills name and
 * state ("created", "updated", "unchanged"). */
void mc_build_tree(const struct mc_opts *o, const char *root, char *name, size_t ncap, char *state,
		   size_t scap);
/* Size of the source's sources/boot.wim (dies when it has none). */
uint64_t mc_wim_size(const struct mc_opts *o);
/* Free bytes on the file system holding path (UINT64_MAX if unknown). */
uint64_t mc_free_space(const char *path);

#endif
