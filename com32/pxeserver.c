/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pxeserver.c - the PXE stack under the module and the TFTP server's address (pxeserver.h). */
#include <stdio.h>
#include <string.h>
#include <com32.h>
#include <syslinux/config.h>
#include <syslinux/pxe_api.h>
#include "pxeserver.h"
#include "tftp_url.h"

#define API_CHECK_IN  0x91d447b2u /* FILE_API_CHECK magic, in and out */
#define API_CHECK_OUT 0xe9c17b20u

/* Is this pxelinux.0 (not lpxelinux.0, whose lwIP stack owns the UNDI interface)? */
bool pxe_plain_pxelinux(void)
{
	const char *v = syslinux_version()->version_string;

	if (syslinux_filesystem() != SYSLINUX_FS_PXELINUX || !pxe_call)
		return false;
	return !v || !strstr(v, "lwIP"); /* "PXELINUX 6.04 lwIP ..." is lpxelinux.0 */
}

/* Is this lpxelinux.0 (its lwIP stack drives the card through UNDI)? */
bool pxe_lwip(void)
{
	const char *v = syslinux_version()->version_string;

	return syslinux_filesystem() == SYSLINUX_FS_PXELINUX && pxe_call && v && strstr(v, "lwIP");
}

/* Does the PXE stack under pxelinux.0 or lpxelinux.0 say it is iPXE (or gPXE)? */
bool pxe_is_ipxe(void)
{
	static int have = -1; /* -1: not asked yet */
	t_PXENV_FILE_API_CHECK *c;

	if (have >= 0)
		return have;
	have = 0;
	if (!(pxe_plain_pxelinux() || pxe_lwip()) || !(c = lmalloc(sizeof(*c))))
		return false;
	memset(c, 0, sizeof(*c));
	c->Size = sizeof(*c);
	c->Magic = API_CHECK_IN;
	/* (iPXE answers with the provider code "gPXE", its predecessor's) */
	if (!pxe_call(PXENV_FILE_API_CHECK, c) && !c->Status && c->Magic == API_CHECK_OUT)
		have = 1;
	lfree(c);
	return have;
}

/* Resolve host to the server, the gateway towards it and our address (pxeserver.h). */
int pxe_target(const char *host, struct pxe_target *t, struct wp_err *err)
{
	const struct syslinux_ipinfo *ip;
	uint32_t server = 0;

	memset(t, 0, sizeof(*t));
	if (!pxe_plain_pxelinux() && !pxe_lwip())
		return WP_EUNSUPP;
	ip = syslinux_derivative_info()->pxe.ipinfo;
	if (!ip || !ip->myip)
		return WP_EUNSUPP;
	if (!host[0])
		server = ip->serverip;
	else if (!tftp_parse_ipv4(host, &server))
		server = pxe_dns(host);
	if (!server)
		return wp_fail(err, WP_ENOENT, "TFTP server '%s' cannot be resolved",
			       host[0] ? host : "(boot server)");
	t->server = server;
	t->myip = ip->myip;
	t->gw = ((server ^ ip->myip) & ip->netmask) ? ip->gateway : 0;
	return 0;
}

/* Format an address in network byte order as a dotted quad. */
void pxe_ntoa(uint32_t ip, char *buf, size_t n)
{
	const uint8_t *b = (const uint8_t *)&ip;

	snprintf(buf, n, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
}
