/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nettcp.h - the firmware's TCP, for the module's HTTP client (httpfetch.c).
 * UEFI: efi/tcp.c over EFI_TCP4; BIOS: com32/tcp.c says WP_EUNSUPP
 * (lpxelinux's lwIP owns the NIC there: syslinux's client is used).
 */
#ifndef WINPE_NETTCP_H
#define WINPE_NETTCP_H
#include "http.h"

/*
 * Connect to host (a dotted quad) at port and fill io->ctx/send/recv.
 * Returns 0; WP_EUNSUPP when this loader has no usable TCP (err->msg says
 * why in one line, or is empty when there is nothing to say): the caller
 * uses syslinux's client; WP_EIO with err filled when the connection
 * failed (refused, no answer).  desc receives "a.b.c.d:port".
 */
int winpe_tcp_open(const char *host, uint16_t port, struct http_io *io, char *desc, size_t n,
		   struct wp_err *err);
/* Close what winpe_tcp_open opened (an abortive close: the body is in). */
void winpe_tcp_close(struct http_io *io);

#endif
