/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tftp_url.h - which server, port and path a file source names, the way
 * pxelinux reads it: "tftp://host[:port]/path", "host::path" ("::path" is
 * the boot server), and a plain path taken relative to the current
 * directory (pxelinux's text prefix, e.g. "::" or "::pxe/").
 */
#ifndef WP_TFTP_URL_H
#define WP_TFTP_URL_H
#include "wp.h"

#define TFTP_URL_HOST 64
#define TFTP_URL_PATH 256

struct tftp_target {
	char host[TFTP_URL_HOST];  /* "" = the boot server */
	uint16_t port;             /* 69 unless given */
	char path[TFTP_URL_PATH];  /* as sent in the RRQ */
	bool explicit_url;         /* the source was a tftp:// URL */
};

/*
 * Resolve src against cwd (may be NULL or "").  Returns 0 and fills t for a
 * TFTP source; WP_EUNSUPP for another scheme (http://...), which is not
 * ours; WP_EINVAL (message naming src) for a malformed tftp:// URL or a
 * host/path too long.
 */
int tftp_url_parse(const char *src, const char *cwd, struct tftp_target *t, struct wp_err *err);

/* Parse a dotted IPv4 address into network byte order; false if it is not one. */
bool tftp_parse_ipv4(const char *s, uint32_t *ip);

#endif
