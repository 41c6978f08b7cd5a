/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tcp.c - module/nettcp.h on BIOS: no TCP of our own.  http:// sources go
 * through iPXE's client (fwget.c, the PXE FILE API) where the PXE stack is
 * iPXE, else through syslinux's (lpxelinux.0's lwIP; pxelinux.0 on iPXE).
 */
#include "nettcp.h"

/* No TCP here: syslinux's client, silently. */
int winpe_tcp_open(const char *host, uint16_t port, struct http_io *io, char *desc, size_t n,
		   struct wp_err *err)
{
	err->msg[0] = 0;
	return WP_EUNSUPP;
}

/* Nothing was opened. */
void winpe_tcp_close(struct http_io *io)
{
}
