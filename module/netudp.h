/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * netudp.h - the firmware's UDP, for the module's TFTP client (tftpfetch.c).
 * BIOS: com32/udp.c over the PXE UDP API (pxelinux.0 only); UEFI: efi/udp.c.
 * Both builds define them; WP_EUNSUPP sends the caller to syslinux's client.
 */
#ifndef WINPE_NETUDP_H
#define WINPE_NETUDP_H
#include "tftp.h"

/*
 * Open a UDP endpoint towards host (a dotted quad or a name; "" = the
 * server the machine booted from) and fill io->ctx/send/recv.  Returns 0;
 * WP_EUNSUPP when this loader has no usable UDP (lpxelinux, a disk boot):
 * the caller uses syslinux's client; another negative code with err filled.
 * desc receives "a.b.c.d" of the server.
 */
int winpe_udp_open(const char *host, struct tftp_io *io, char *desc, size_t n,
		   struct wp_err *err);
/* Close what winpe_udp_open opened. */
void winpe_udp_close(struct tftp_io *io);

#endif
