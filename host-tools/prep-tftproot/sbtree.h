/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sbtree.h - the Secure Boot path of a TFTP root: Microsoft's signed boot
 * manager as the DHCP boot file (ROOT/windows/NAME/bootmgfw.efi, already in the
 * image tree), its signature checked on the host, and the files it reads at
 * the TFTP root by the names it asks for: boot/bcd (one entry per image),
 * efi/microsoft/boot/{boot.stl, fonts/, resources/bootres.dll}.
 */
#ifndef PT_SBTREE_H
#define PT_SBTREE_H
#include "media.h"

/* Options of the Secure Boot step. */
struct sb_opts {
	const char *trust_ca;       /* --sb-trust-ca PEM (also accepted as signer CA) */
	unsigned long blocksize;    /* ramdisktftpblocksize (0: default 1456) */
	unsigned long windowsize;   /* ramdisktftpwindowsize (0: default 16) */
	int force;                  /* replace a root BCD / files we did not make */
};

/* What the step did, for the report. */
struct sb_result {
	int ok;                     /* root updated for this image */
	char why[600];              /* when !ok: why the Secure Boot path was refused */
	char bootfile[128];         /* "windows/NAME/bootmgfw.efi" */
	char ca[256];               /* CA the client's db must trust */
	char signer[256];
	char bootfile_ex[128];      /* "" or "windows/NAME/bootmgfw_ex.efi" */
	char ca_ex[320];            /* its CA, with "(not verified)" when not pinned */
	int images;                 /* entries in the root store */
	int files;                  /* root support files written */
	char skipped[300];          /* a root file kept because someone else made it */
};

/* Set up the Secure Boot path of ROOT for the prepared image NAME (tree at
 * ROOT/windows/NAME, media m for the extra resources) with menu text title.
 * Refusals (unsigned boot file, foreign root BCD) are reported in r->why and
 * leave the root unchanged; returns -1 only for I/O errors (message in r->why). */
int sbtree_update(const char *root, const char *name, const char *title, const struct media *m,
		  const struct sb_opts *o, struct sb_result *r);

/* Take image NAME out of ROOT/boot/bcd (a store this tool made).  Returns 1
 * when it was listed (with dry_run: would be), 0 when it was not or there is
 * no such store of ours, -1 with why filled on an I/O error.  The root
 * support files stay: the other images' boot managers read them too. */
int sbtree_drop(const char *root, const char *name, int dry_run, char *why, size_t cap);

#endif
