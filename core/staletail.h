/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * staletail.h - recognise syslinux.efi's stale receive buffer at the end of
 * an HTTP transfer when no manifest gives the file's size.
 *
 * syslinux.efi's HTTP client (efi/tcp.c) receives into one static 8 KiB
 * buffer; when a Receive completes with the connection's FIN it still hands
 * on the whole buffer, so the file grows by exactly STALE_TAIL_BYTES of old
 * buffer contents.  For a small file those still hold this response's own
 * headers, whose Content-Length is the true size: that makes the tail
 * certain.  Seen on Debian's syslinux.efi (12-byte file -> 8204 bytes):
 *   "hello winpe\n" + "hello winpe\n OK\r\nServer: ...Content-Length: 12\r\n..."
 *   "hello winpe\n" + "HTTP/1.0 200 OK\r\nServer: ...Content-Length: 12\r\n..."
 * A large file's stale tail holds only its own last data: not recognised.
 */
#ifndef WP_STALETAIL_H
#define WP_STALETAIL_H
#include "wp.h"

#define STALE_TAIL_BYTES 8192u

/*
 * The true length of a transfer of got bytes whose last STALE_TAIL_BYTES are
 * syslinux.efi's stale buffer holding this response's header (a
 * "Content-Length: N" line, N = got - STALE_TAIL_BYTES, ended by CR LF, with
 * an end of header after it); got itself when the tail is not that.
 */
uint64_t stale_tail_strip(const uint8_t *buf, uint64_t got);

#endif
