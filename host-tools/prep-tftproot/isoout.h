/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * isoout.h - `prep-tftproot ISO --iso OUT.iso`: one hybrid image that boots
 * BIOS (isolinux, El Torito; isohybrid MBR for USB) and UEFI (an El Torito
 * EFI image in hard-disk emulation: an MBR + FAT ESP with syslinux.efi, the
 * efi64 runtime and a copy of windows/; on USB that FAT is MBR partition 2),
 * built by xorriso from a staging tree; an existing OUT.iso is read back so
 * its other images and the user's config lines stay.
 */
#ifndef PT_ISOOUT_H
#define PT_ISOOUT_H
#include "mediacli.h"

/* The whole --iso run; returns the exit status (errors exit via mc_die). */
int isoout_run(struct mc_opts *o);

#endif
