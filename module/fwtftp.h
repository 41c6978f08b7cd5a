/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fwtftp.h - the firmware's own TFTP client, which tftpfetch.c uses once a
 * server has shown that it reads lock-step (no windowsize).  BIOS:
 * com32/fwtftp.c, iPXE's PXE TFTP API under pxelinux.0: iPXE ACKs and
 * waits inside one PXE call per block, where a client over the PXE UDP
 * API makes three (the ACK, a read that iPXE spends on its other task,
 * the read that brings the block), each a round trip through real mode.
 * UEFI: efi/fwtftp.c (none: WP_EUNSUPP).
 */
#ifndef WINPE_FWTFTP_H
#define WINPE_FWTFTP_H
#include "tftp.h"

/* The firmware client's name ("iPXE") when there is one to use, else NULL. */
const char *winpe_fwtftp_name(void);
/*
 * Read path from host ("" = the boot server, or a dotted quad) at port
 * through the firmware's client: in-order bytes to io->data, the size (if
 * the firmware tells it) to io->size.  st gets blksize, blocks, bytes.
 * Returns 0; WP_ENOENT when the server has no such file; WP_EUNSUPP when
 * this firmware client cannot take the request (the caller uses its own);
 * WP_EIO on a failed transfer; the negative return of io->size/io->data.
 * desc receives "a.b.c.d" of the server.
 */
int winpe_fwtftp_get(const char *host, uint16_t port, const char *path,
		     const struct tftp_io *io, struct tftp_stats *st, char *desc, size_t n,
		     struct wp_err *err);

#endif
