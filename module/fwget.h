/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fwget.h - the firmware's own download client, for tftpfetch.c (once a
 * server has read a whole file lock-step) and httpfetch.c.
 *
 * BIOS (com32/fwget.c): iPXE's PXE TFTP API under pxelinux.0: iPXE ACKs
 * and waits inside one PXE call per block, where a client over the PXE UDP
 * API makes three (the ACK, a read that iPXE spends on its other task, the
 * read that brings the block), each a round trip through real mode.
 * iPXE's PXE FILE API for HTTP under pxelinux.0 and lpxelinux.0, whose
 * lwIP lends the card to iPXE's stack for as long as the module fetches
 * over HTTP (winpe_fw_done() gives it back).
 * UEFI (efi/fwget.c): iPXE's download protocol, TFTP and HTTP, when iPXE is
 * the network card's driver (QEMU/KVM, Proxmox and libvirt with OVMF):
 * iPXE's own stack takes the card for the transfer and hands the data over
 * as it arrives, instead of every packet crossing the firmware's UDP4/TCP4.
 *
 * Only io->sink, io->size (the announced size) and io->data (in-order
 * bytes) are used.
 */
#ifndef WINPE_FWGET_H
#define WINPE_FWGET_H
#include "tftp.h"

enum fw_proto { FW_TFTP, FW_HTTP };

/* The firmware client's name ("iPXE") when there is one for p, else NULL. */
const char *winpe_fw_client(enum fw_proto p);
/*
 * Read path (TFTP: as in the RRQ; HTTP: from the first '/') from host (""
 * = the boot server, or a dotted quad) at port through the firmware's
 * client.  st (may be NULL) gets blksize, blocks, bytes.  Returns 0;
 * WP_ENOENT when the server has no such file; WP_EUNSUPP when this client
 * cannot take the request (the caller uses its own); WP_EIO on a failed
 * transfer; the negative return of io->size/io->data.  desc receives
 * "a.b.c.d" of the server.
 */
int winpe_fw_get(enum fw_proto p, const char *host, uint16_t port, const char *path,
		 const struct tftp_io *io, struct tftp_stats *st, char *desc, size_t n,
		 struct wp_err *err);

/*
 * Give back whatever the firmware's client still holds (BIOS: the card
 * lent from lpxelinux.0's lwIP): before syslinux's own client reads a file,
 * after the last fetch, before the hand-off or the return to syslinux.
 */
void winpe_fw_done(void);

#endif
