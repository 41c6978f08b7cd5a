/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gop.h - keep the boot manager in text mode (uefi-boot.md A.4): the first
 * OpenProtocol(GraphicsOutput) on each handle is refused once, after which a
 * private marker protocol on that handle lets later opens through.
 */
#ifndef WINPE_EFI_GOP_H
#define WINPE_EFI_GOP_H
#include <efi.h>

/* Patch bs->OpenProtocol (and recompute the table CRC). */
void gop_hook_install(EFI_BOOT_SERVICES *bs);
/* Restore the original OpenProtocol (the boot manager returned). */
void gop_hook_remove(void);

#endif
