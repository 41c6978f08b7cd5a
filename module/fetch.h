/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fetch.h - streaming file fetch over TFTP/HTTP through syslinux's file API. */
#ifndef WINPE_FETCH_H
#define WINPE_FETCH_H
#include <stdint.h>
#include "progress.h"
#include "staletail.h"
#include "wp.h"

#define FETCH_RETRIES 3
/*
 * syslinux.efi's HTTP client appends its stale 8 KiB TCP receive buffer to
 * some transfers (its Receive completes with FIN but keeps the fragment
 * length).  A transfer exactly this much too long whose first `size` bytes
 * have the manifest's SHA-256 is accepted without the tail; without a
 * manifest, a tail that holds this response's own header (staletail.h).
 */
#define FETCH_STALE_RX STALE_TAIL_BYTES

/* What a transfer must give, when known (from a manifest). */
struct fetch_expect {
	uint64_t size;          /* 0: unknown */
	const uint8_t *sha256;  /* NULL: unknown */
};

/*
 * Fetch src into one buffer (free it with fetch_release()), checking the length against what the
 * server announced (TFTP tsize) and against exp (size, SHA-256), and
 * re-fetching a bad transfer up to FETCH_RETRIES times (FETCH_STALE_RX
 * aside).  exp may be NULL.
 * Returns 0, WP_ENOENT (cannot open), WP_EIO (bad transfers), WP_ENOMEM.
 */
int fetch_file(const char *src, const struct fetch_expect *exp, uint8_t **data,
	       uint64_t *size, struct progress *p, struct wp_err *err);
/* Free a buffer fetch_file() returned (it may be firmware pages, winpe.h). */
void fetch_release(void *p);
/* Size the server announces for src (0 if unknown); -1 if it cannot be opened. */
int64_t fetch_size(const char *src);
/* A client's message starts "PATH:" (the path it asked for): make it "SRC:",
 * the source as the user wrote it. */
void fetch_name_source(struct wp_err *err, const char *path, const char *src);

#endif
