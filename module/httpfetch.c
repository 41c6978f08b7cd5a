/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * httpfetch.c - http:// sources through the module's own client
 * (httpfetch.h): one TCP connection per file, GET with Connection: close,
 * the body streamed into memory as it comes (one block of the announced
 * Content-Length from the firmware glue's page allocator, winpe.h), hashed
 * on the way when the manifest has a SHA-256, and its length checked
 * against Content-Length and the manifest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "httpfetch.h"
#include "nettcp.h"
#include "sha256.h"
#include "tftp_url.h"
#include "winpe.h"

#define SMALL_FILE (1u << 20) /* below this, malloc; above, firmware pages */

bool http_fetch_classic;
static bool g_no_tcp;

struct sink {
	const char *src;
	const struct fetch_expect *exp;
	struct progress *p;
	struct wp_err *err;
	uint8_t *buf;
	uint64_t cap, got, announced;
	bool started, hashing, hard, grabbed;
	struct sha256_ctx hc;
};

/* Memory for want bytes (known, or a first guess grown as data comes); start
 * the progress line. */
static int sink_alloc(struct sink *s, uint64_t want, bool known)
{
	if (!known || want >= SMALL_FILE) {
		s->buf = winpe_stream_grab(&s->cap);
		while (s->buf && s->cap < want && winpe_stream_grow(s->buf, &s->cap))
			;
		if (s->buf && s->cap < want) {
			winpe_stream_free(s->buf);
			s->buf = NULL;
		}
		s->grabbed = s->buf != NULL;
	}
	if (!s->buf) {
		s->cap = !known ? SMALL_FILE : want ? want : 1;
		s->buf = malloc((size_t)s->cap);
	}
	if (!s->buf) {
		s->hard = true;
		return wp_fail(s->err, WP_ENOMEM, "%s: not enough memory for %llu bytes; add RAM (all "
			       "files are held in memory together) or use smaller files",
			       s->src, (unsigned long long)want);
	}
	s->started = true;
	progress_start(s->p, s->src, s->announced);
	return 0;
}

/* Content-Length: check it against the manifest, allocate once. */
static int sink_size(void *ctx, uint64_t len)
{
	struct sink *s = ctx;

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
static int sink_grow(struct sink *s, uint64_t end)
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

/* In-order body bytes: into the buffer, hashed. */
static int sink_data(void *ctx, uint64_t off, const void *b, size_t len)
{
	struct sink *s = ctx;
	int rc;

	if (!s->started && (rc = sink_alloc(s, 0, false)))
		return rc;
	if (off + len > s->cap && (s->announced || (rc = sink_grow(s, off + len))))
		return s->announced ? wp_fail(s->err, WP_EIO, "%s: more than %llu bytes", s->src,
					      (unsigned long long)s->cap) : rc;
	memcpy(s->buf + off, b, len);
	if (s->hashing)
		sha256_update(&s->hc, b, len);
	s->got = off + len;
	progress_update(s->p, s->got);
	return 0;
}

/* After a complete transfer: length and hash against the manifest. */
static int sink_verify(struct sink *s)
{
	uint8_t h[SHA256_DIGEST_SIZE];

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

/* Fetch src with the module's client (see httpfetch.h). */
int http_fetch(const char *src, const struct fetch_expect *exp, uint8_t **data,
	       uint64_t *size, struct progress *p, struct wp_err *err)
{
	struct http_url u;
	struct http_io io;
	struct http_stats st;
	struct http_opts o;
	struct sink s;
	char server[32], rate[24];
	uint32_t ip, t0;
	int rc;

	if (http_fetch_classic || g_no_tcp || strncmp(src, "http://", 7))
		return HTTP_FETCH_CLASSIC;
	if (http_url_parse(src, &u, err) || !tftp_parse_ipv4(u.host, &ip))
		return HTTP_FETCH_CLASSIC; /* a name, user info, ...: syslinux's client */
	memset(&io, 0, sizeof(io));
	err->msg[0] = 0;
	t0 = progress_now_ms();
	rc = winpe_tcp_open(u.host, u.port, &io, server, sizeof(server), err);
	if (rc == WP_EUNSUPP) {
		if (err->msg[0] && !p->quiet)
			printf("winpe: %s; using syslinux's HTTP client\n", err->msg);
		g_no_tcp = true;
		return HTTP_FETCH_CLASSIC;
	}
	if (rc) {
		wp_fail(err, WP_EIO, "%s: %s", src, err->msg);
		return 1; /* fetch_file tries again */
	}
	memset(&s, 0, sizeof(s));
	s.src = src;
	s.exp = exp;
	s.p = p;
	s.err = err;
	s.hashing = exp && exp->sha256;
	if (s.hashing)
		sha256_init(&s.hc);
	io.sink = &s;
	io.size = sink_size;
	io.data = sink_data;
	memset(&o, 0, sizeof(o));
	o.idle_ms = 15000;
	rc = http_get(src, &u, &o, &io, &st, err);
	winpe_tcp_close(&io);
	if (rc == 0 && !s.started)
		rc = sink_alloc(&s, 0, true); /* an empty body */
	if (s.started)
		progress_end(p, rc == 0);
	if (!rc)
		rc = sink_verify(&s);
	if (!p->quiet && st.status == 200) {
		t0 = progress_now_ms() - t0;
		progress_rate(rate, sizeof(rate), st.bytes, t0);
		printf("winpe: %s: HTTP %u from %s, %llu bytes%s in %u ms (%s)\n", src, st.status,
		       server, (unsigned long long)st.bytes,
		       st.have_len ? "" : " (no Content-Length: up to the close)", (unsigned)t0, rate);
	}
	if (rc) {
		fetch_release(s.buf);
		if (rc == WP_ENOENT || rc == WP_ENOMEM || rc == WP_ERANGE || rc == WP_EUNSUPP ||
		    rc == WP_EINVAL || s.hard)
			return rc;
		return 1; /* a bad transfer: fetch_file tries again */
	}
	if (s.grabbed)
		s.buf = winpe_stream_trim(s.buf, s.got);
	*data = s.buf;
	*size = s.got;
	return 0;
}
