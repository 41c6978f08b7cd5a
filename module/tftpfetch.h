/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tftpfetch.h - fetch a TFTP source with the module's own client
 * (core/tftp.c: windowsize, blksize, tsize) over the firmware's UDP
 * (netudp.h), into the same kind of buffer fetch.c fills, with the same
 * progress line, length checks and hashing.
 */
#ifndef WINPE_TFTPFETCH_H
#define WINPE_TFTPFETCH_H
#include "fetch.h"

/* tftp_fetch's answer "not here: use syslinux's file API". */
#define TFTP_FETCH_CLASSIC 2

/* iPXE's e1000 keeps 16 receive descriptors: a window of 32 loses its tail */
#define TFTP_WINDOW_START 16u  /* first window asked for */
#define TFTP_WINDOW_LIMIT 16u  /* most a clean run grows it to */

/* APPEND tftp=classic: never use the module's client. */
extern bool tftp_fetch_classic;
/* APPEND tftp=own: the module's client only, never the firmware's (fwget.h). */
extern bool tftp_fetch_own;

/*
 * One transfer attempt as fetch_once (fetch.c) makes it: 0 done, 1 a bad
 * transfer (retry), negative a hard error, TFTP_FETCH_CLASSIC when src is
 * not a TFTP source this loader's UDP can reach, tftp=classic was given, or
 * the server refused the options or never answered the request (then
 * syslinux's client, for the rest of the run).
 */
int tftp_fetch(const char *src, const struct fetch_expect *exp, uint8_t **data,
	       uint64_t *size, struct progress *p, struct wp_err *err);

#endif
