/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mediadir.h - `prep-tftproot ISO --media DIR`: windows/NAME, the syslinux
 * BIOS and efi64 runtime and marked config entries into a mounted FAT USB
 * file system (or any directory), plus the `syslinux --install` hint.
 */
#ifndef PT_MEDIADIR_H
#define PT_MEDIADIR_H
#include "mediacli.h"

/* The whole --media run; returns the exit status (errors exit via mc_die). */
int mediadir_run(struct mc_opts *o);

#endif
