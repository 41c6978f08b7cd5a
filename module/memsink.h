/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * memsink.h - where the module's own clients (tftpfetch.c, httpfetch.c)
 * put a file: its announced size checked against the manifest, memory
 * taken once (exactly the announced size; for an unknown size the glue's
 * largest block, cut afterwards: winpe.h), bytes copied in order and hashed
 * as they come,
 * then length and SHA-256 checked against the manifest.
 */
#ifndef WINPE_MEMSINK_H
#define WINPE_MEMSINK_H
#include "fetch.h"
#include "sha256.h"

struct mem_sink {
	const char *src;
	const struct fetch_expect *exp;
	struct progress *p;
	struct wp_err *err;
	uint8_t *buf;
	uint64_t cap, got, announced;
	bool started;  /* memory taken, progress line started */
	bool hashing;  /* the manifest gives a SHA-256 */
	bool hard;     /* the error is not worth another transfer */
	bool grabbed;  /* buf is the glue's block (winpe_stream_grab) */
	struct sha256_ctx hc;
};

/* Start a sink for src (exp may be NULL). */
void mem_sink_init(struct mem_sink *s, const char *src, const struct fetch_expect *exp,
		   struct progress *p, struct wp_err *err);
/* The size the server announced: checked against the manifest, memory taken
 * once.  (A tftp_io/http_io size callback: ctx is the sink.) */
int mem_sink_size(void *ctx, uint64_t len);
/* In-order bytes at off: copied and hashed (the data callback). */
int mem_sink_data(void *ctx, uint64_t off, const void *b, size_t len);
/* After the transfer: take memory for an empty file, end the progress line
 * (ok says whether the transfer completed), then check length and hash
 * when it did.  Returns 0 or a negative WP_E* with s->err filled. */
int mem_sink_finish(struct mem_sink *s, int rc);
/* Hand the data out (the block cut to its length), or free it on failure. */
void mem_sink_take(struct mem_sink *s, uint8_t **data, uint64_t *size);
void mem_sink_drop(struct mem_sink *s);
/* Is rc, the end of a failed transfer into s, not worth another transfer
 * (no such file, no memory, too large, or the sink said so)? */
bool mem_sink_hard(const struct mem_sink *s, int rc);

#endif
