/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmdline.h - the APPEND words of winpe.c32 (argv[1..]), shared by the BIOS
 * and the EFI build.  Words in, struct out; no syslinux dependency.
 *
 * Grammar (one word each, case-sensitive keywords):
 *   DIR                    a bare word that is not an option: the directory
 *                          prep-tftproot laid out (TFTP path or http:// URL
 *                          prefix); at most one; stored without trailing '/'
 *                          ("/" is stored as "")
 *   initrdfile=SRC[@NAME],SRC[@NAME],...   files for the virtual disk
 *   initrd=...             the same (other PXE front ends pass initrd=)
 *   file=SRC[@NAME]        one file for the virtual disk (repeatable)
 *   inject=SRC[@\PATH]     a file injected into the WIM (repeatable)
 *   bootmgr=SRC bcd=SRC sdi=SRC wim=SRC   shorthands for file=, named
 *                          bootmgr.exe (or "bootmgr" when SRC's basename is
 *                          "bootmgr"), BCD, boot.sdi, boot.wim unless @NAME
 *                          is given; each at most once
 *   index=N (N >= 1)  pause  pause=quiet  gui  quiet  rawbcd  rawwim
 *   check  verify  noverify
 *   linear                 never place file data above 4 GiB (BIOS; wimboot's word)
 *   highmem                place file data above 4 GiB whenever PAE and RAM allow
 *   systab=image           UEFI: find the system table by scanning syslinux.efi's
 *                          image, not through the EFI_SYSTEM_TABLE_POINTER (for
 *                          firmware whose pointer is missing or wrong)
 *   tftp=classic           fetch TFTP sources with syslinux's own client, not
 *                          the module's windowed one (module/tftpfetch.c)
 *   http=classic           fetch http:// sources with syslinux's own client
 *                          (lpxelinux.0's lwIP, syslinux.efi's), not iPXE's or
 *                          the module's (module/httpfetch.c)
 *   http=own               never the firmware's (iPXE's) HTTP client: the
 *                          module's own (UEFI), syslinux's (BIOS)
 *   BOOTIF=... ip=... SYSUUID=... and the other keys syslinux appends for
 *                          IPAPPEND/SYSAPPEND: accepted and ignored
 *
 * SRC is a TFTP path or an http:// URL.  NAME is a bare name ("boot.wim") or
 * a path ("\sources\boot.wim", '\' or '/'); the default NAME is the basename
 * of SRC (a URL's query or fragment dropped).  The '@' separating NAME is the
 * last '@' of the item, except inside the user-info of a URL's authority.
 * NAME must not contain ".." or empty components, control characters or any
 * of : * ? " < > |.  Every option at most once; verify conflicts with
 * noverify, pause with pause=quiet; at most CMDLINE_MAX_FILES files; two
 * files of the same kind may not share a NAME (case-insensitive).
 */
#ifndef WP_CMDLINE_H
#define WP_CMDLINE_H
#include "wp.h"

#define CMDLINE_MAX_FILES 1024
#define CMDLINE_MAX_INDEX 65535

enum cmdline_kind {
	CMDLINE_FILE,   /* a file of the virtual disk */
	CMDLINE_INJECT, /* a file injected into the WIM */
};

struct cmdline_file {
	char *src;               /* TFTP path or URL (relative to dir if set) */
	char *name;              /* bare name or \path, never empty */
	enum cmdline_kind kind;
};

struct cmdline {
	char *dir;               /* NULL: no directory given */
	unsigned index;          /* WIM image, 0 = not given */
	bool pause, pause_quiet, gui, quiet, rawbcd, rawwim, check, verify,
	     noverify, linear, highmem, systab_image, tftp_classic, tftp_own,
	     http_classic, http_own;
	struct cmdline_file *files;
	unsigned n_files;
};

/*
 * Parse n words (argv[1..argc-1] of the module).  On success *out is a new
 * struct owning all its strings; free it with cmdline_free().
 */
int cmdline_parse(int n, const char *const *words, struct cmdline **out,
		  struct wp_err *err);
void cmdline_free(struct cmdline *c);

#endif
