/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxeserver.h - which PXE stack the module runs on and where a TFTP server
 * is, for the BIOS transports (udp.c, fwget.c, pxelend.c).
 */
#ifndef WINPE_PXESERVER_H
#define WINPE_PXESERVER_H
#include <stdbool.h>
#include <stdint.h>
#include "wp.h"

struct pxe_target {
	uint32_t server, gw, myip; /* network byte order; gw 0: same subnet */
};

/* Is this pxelinux.0 (not lpxelinux.0, not a disk boot)? */
bool pxe_plain_pxelinux(void);
/* Is the PXE stack iPXE (it answers the FILE_API_CHECK of iPXE/gPXE)? */
bool pxe_is_ipxe(void);
/* Is this lpxelinux.0 (lwIP holds the card through the UNDI API)? */
bool pxe_lwip(void);
/*
 * Resolve host ("" = the boot server, a dotted quad or a DNS name) on
 * pxelinux.0 or lpxelinux.0.  Returns 0; WP_EUNSUPP when this is neither or
 * it has no address; WP_ENOENT (err filled) when the name does not resolve.
 */
int pxe_target(const char *host, struct pxe_target *t, struct wp_err *err);
/* "a.b.c.d" of an address in network byte order. */
void pxe_ntoa(uint32_t ip, char *buf, size_t n);

#endif
