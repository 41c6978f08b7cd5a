/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fwtftp.c - module/fwtftp.h on UEFI: the module's own client over UDP4
 * (udp.c) reads every server, so there is no firmware client to hand over to.
 */
#include "fwtftp.h"

/* No firmware TFTP client on this build. */
const char *winpe_fwtftp_name(void)
{
	return NULL;
}

/* Never called on UEFI (winpe_fwtftp_name says none). */
int winpe_fwtftp_get(const char *host, uint16_t port, const char *path,
		     const struct tftp_io *io, struct tftp_stats *st, char *desc, size_t n,
		     struct wp_err *err)
{
	(void)host; (void)port; (void)path; (void)io; (void)st; (void)desc; (void)n; (void)err;
	return WP_EUNSUPP;
}
