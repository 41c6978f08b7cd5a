/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * memsink.c - the memory a file fetched by the module's own clients goes
 * into (memsink.h).
 */
#include <stdlib.h>
#include <string.h>
#include "memsink.h"
#include "progress.h"
#include "winpe.h"

#define FIRST_GUESS (1u << 20) /* unknown size, no block from the glue: doubled as needed */

/* Start a sink for src. */
void mem_sink_init(struct mem_sink *s, const char *src, const struct fetch_expect *exp,
		   struct progress *p, struct wp_err *err)
{
	memset(s, 0, sizeof(*s));
	s->src = src;
	s->exp = exp;
	s->p = p;
	s->err = err;
	s->hashing = exp && exp->sha256;
	if (s->hashing)
		sha256_init(&s->hc);
	if (exp && exp->size)
		s->announced = exp->size;
}

/*
 * Memory for the file, as fetch.c takes it: an announced size gets exactly
 * that (malloc); an unknown one the glue's largest block, grown in place and
 * cut after the transfer (winpe_stream_grab), or a first guess that doubles
 * when the glue has none.  Starts the progress line.
 */
static int sink_alloc(struct mem_sink *s, uint64_t want, bool known)
{
	if (known) {
		s->cap = want;
		s->buf = malloc(want ? (size_t)want : 1);
	} else {
		s->buf = winpe_stream_grab(&s->cap);
		s->grabbed = s->buf != NULL;
		if (!s->buf) {
			s->cap = FIRST_GUESS;
			s->buf = malloc(FIRST_GUESS);
		}
	}
	if (!s->buf) {
		s->hard = true;
		return wp_fail(s->err, WP_ENOMEM, "%s: not enough memory for %llu bytes; add RAM (all "
			       "files are held in memory together) or use smaller files",
			       s->src, (unsigned long long)(known ? want : FIRST_GUESS));
	}
	s->started = true;
	progress_start(s->p, s->src, s->announced);
	return 0;
}

/* The announced size: checked against the manifest, memory taken once. */
int mem_sink_size(void *ctx, uint64_t len)
{
	struct mem_sink *s = ctx;

	if (s->exp && s->exp->size && len != s->exp->size) {
		s->hard = true;
		return wp_fail(s->err, WP_EIO, "%s: the server has %llu bytes but the manifest says %llu; "
			       "re-run prep-tftproot or fix the manifest", s->src,
			       (unsigned long long)len, (unsigned long long)s->exp->size);
	}
	if (len >= 0xFFFFFFFFull) {
		s->hard = true;
		return wp_fail(s->err, WP_ERANGE, "%s: %llu bytes is too large (limit 4 GiB - 1)",
			       s->src, (unsigned long long)len);
	}
	s->announced = len;
	return sink_alloc(s, len, true);
}

/* Make room for end bytes when no size was announced. */
static int sink_grow(struct mem_sink *s, uint64_t end)
{
	uint8_t *nb;
	uint64_t ncap = s->cap * 2;

	if (s->grabbed) {
		while (s->cap < end)
			if (!winpe_stream_grow(s->buf, &s->cap))
				goto full;
		return 0;
	}
	while (ncap < end)
		ncap *= 2;
	if (ncap < 0xFFFFFFFFull && (nb = realloc(s->buf, (size_t)ncap))) {
		s->buf = nb;
		s->cap = ncap;
		return 0;
	}
full:
	s->hard = true;
	return wp_fail(s->err, WP_ENOMEM, "%s: larger than the largest free block of memory (%llu "
		       "bytes); add RAM or use smaller files", s->src, (unsigned long long)s->cap);
}

/* In-order bytes at off: into the buffer, hashed. */
int mem_sink_data(void *ctx, uint64_t off, const void *b, size_t len)
{
	struct mem_sink *s = ctx;
	int rc;

	if (!s->started && (rc = s->announced ? sink_alloc(s, s->announced, true) :
			    sink_alloc(s, 0, false)))
		return rc;
	if (off + len > s->cap) {
		if (s->announced)
			return wp_fail(s->err, WP_EIO, "%s: the server sends more than %llu bytes",
				       s->src, (unsigned long long)s->announced);
		if ((rc = sink_grow(s, off + len)))
			return rc;
	}
	memcpy(s->buf + off, b, len);
	if (s->hashing)
		sha256_update(&s->hc, b, len);
	s->got = off + len;
	progress_update(s->p, s->got);
	return 0;
}

/* After the transfer: empty file, progress end, length and hash checks. */
int mem_sink_finish(struct mem_sink *s, int rc)
{
	uint8_t h[SHA256_DIGEST_SIZE];

	if (rc == 0 && !s->started)
		rc = sink_alloc(s, 0, true); /* an empty file */
	if (s->started)
		progress_end(s->p, rc == 0);
	if (rc)
		return rc;
	if (s->exp && s->exp->size && s->got != s->exp->size)
		return wp_fail(s->err, WP_EIO, "%s: the manifest says %llu bytes but the server sent %llu",
			       s->src, (unsigned long long)s->exp->size, (unsigned long long)s->got);
	if (s->hashing) {
		sha256_final(&s->hc, h);
		if (memcmp(h, s->exp->sha256, sizeof(h)))
			return wp_fail(s->err, WP_EIO, "%s: SHA-256 differs from the manifest", s->src);
	}
	return 0;
}

/* Hand the data out: the glue's block is cut to the file's length. */
void mem_sink_take(struct mem_sink *s, uint8_t **data, uint64_t *size)
{
	if (s->grabbed)
		s->buf = winpe_stream_trim(s->buf, s->got);
	*data = s->buf;
	*size = s->got;
	s->buf = NULL;
}

/* Free what the sink holds (a failed transfer). */
void mem_sink_drop(struct mem_sink *s)
{
	fetch_release(s->buf);
	s->buf = NULL;
}

/* A failure another transfer cannot mend (memsink.h). */
bool mem_sink_hard(const struct mem_sink *s, int rc)
{
	return rc == WP_ENOENT || rc == WP_ENOMEM || rc == WP_ERANGE || s->hard;
}
