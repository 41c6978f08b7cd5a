/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * httpfetch.h - fetch an http:// source with the module's own client
 * (core/http.c) over the firmware's TCP (nettcp.h), into the same kind of
 * buffer fetch.c fills, with the same progress line, length checks and
 * hashing.  Used under syslinux.efi, whose own client never passes
 * Content-Length on and sometimes appends or drops 8 KiB (fetch.h).  Where
 * the firmware has its own client (fwget.h: iPXE's download protocol on
 * UEFI, iPXE's PXE FILE API on BIOS, where the module has no TCP), that one
 * fetches, until it fails once or http=own.
 */
#ifndef WINPE_HTTPFETCH_H
#define WINPE_HTTPFETCH_H
#include "fetch.h"

/* http_fetch's answer "not here: use syslinux's file API". */
#define HTTP_FETCH_CLASSIC 2

/* APPEND http=classic: never use the module's client. */
extern bool http_fetch_classic;
/* APPEND http=own: the module's client, never the firmware's (fwget.h). */
extern bool http_fetch_own;

/*
 * One transfer attempt as fetch_once (fetch.c) makes it: 0 done, 1 a bad
 * transfer (retry), negative a hard error, HTTP_FETCH_CLASSIC when src is
 * not an http:// URL with a dotted-quad host, http=classic was given, or
 * the firmware has no usable TCP (then syslinux's client, for the rest of
 * the run, after one line saying so).
 */
int http_fetch(const char *src, const struct fetch_expect *exp, uint8_t **data,
	       uint64_t *size, struct progress *p, struct wp_err *err);

#endif
