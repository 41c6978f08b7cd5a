/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tftpfetch.c - TFTP sources through the module's own client (tftpfetch.h).
 * The window starts at TFTP_WINDOW_START and adapts between files (halved
 * after loss, doubled after a clean transfer); a server that ignores the
 * options is read lock-step, one that refuses them (or never answers the
 * request) sends this and every later file to syslinux's client.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "netudp.h"
#include "sha256.h"
#include "tftp_url.h"
#include "tftpfetch.h"

bool tftp_fetch_classic;
static bool g_refused;
static unsigned g_window = TFTP_WINDOW_START;

struct sink {
	const char *src;
	const struct fetch_expect *exp;
	struct progress *p;
	struct wp_err *err;
	uint8_t *buf;
	uint64_t cap, got, announced;
	bool started, hashing, hard;
	struct sha256_ctx hc;
};

/* Allocate the buffer for cap bytes and start the progress line. */
static int sink_alloc(struct sink *s, uint64_t cap)
{
	s->buf = malloc(cap ? (size_t)cap : 1);
	if (!s->buf) {
		s->hard = true;
		return wp_fail(s->err, WP_ENOMEM, "%s: not enough memory for %llu bytes; add RAM (all "
			       "files are held in memory together) or use smaller files",
			       s->src, (unsigned long long)cap);
	}
	s->cap = cap;
	s->started = true;
	progress_start(s->p, s->src, s->announced);
	return 0;
}

/* tsize: check it against the manifest, allocate exactly. */
static int sink_size(void *ctx, uint64_t tsize)
{
	struct sink *s = ctx;

	if (s->exp && s->exp->size && tsize != s->exp->size) {
		s->hard = true;
		return wp_fail(s->err, WP_EIO, "%s: the server has %llu bytes but the manifest says %llu; "
			       "re-run prep-tftproot or fix the manifest", s->src,
			       (unsigned long long)tsize, (unsigned long long)s->exp->size);
	}
	if (tsize >= 0xFFFFFFFFull) {
		s->hard = true;
		return wp_fail(s->err, WP_ERANGE, "%s: %llu bytes is too large (limit 4 GiB - 1)",
			       s->src, (unsigned long long)tsize);
	}
	s->announced = tsize;
	return sink_alloc(s, tsize);
}

/* In-order data: into the buffer (grown when no size is known), hashed. */
static int sink_data(void *ctx, uint64_t off, const void *b, size_t len)
{
	struct sink *s = ctx;
	int rc;

	if (!s->started && (rc = sink_alloc(s, s->announced ? s->announced : 1u << 20)))
		return rc;
	if (off + len > s->cap) {
		uint64_t ncap = s->cap * 2;
		uint8_t *nb;
		if (s->announced || ncap >= 0xFFFFFFFFull) {
			return wp_fail(s->err, WP_EIO, "%s: the server sends more than %llu bytes",
				       s->src, (unsigned long long)s->cap);
		}
		while (ncap < off + len)
			ncap *= 2;
		nb = realloc(s->buf, (size_t)ncap);
		if (!nb) {
			s->hard = true;
			return wp_fail(s->err, WP_ENOMEM, "%s: not enough memory", s->src);
		}
		s->buf = nb;
		s->cap = ncap;
	}
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

/* err->msg starts with the RRQ path: name the source as the user wrote it. */
static void name_source(struct wp_err *err, const char *path, const char *src)
{
	size_t n = strlen(path);
	char rest[sizeof(err->msg)];

	if (strcmp(path, src) && !strncmp(err->msg, path, n) && err->msg[n] == ':') {
		snprintf(rest, sizeof(rest), "%s", err->msg + n);
		snprintf(err->msg, sizeof(err->msg), "%s%s", src, rest);
	}
}

/* Fetch src with the module's client (see tftpfetch.h). */
int tftp_fetch(const char *src, const struct fetch_expect *exp, uint8_t **data,
	       uint64_t *size, struct progress *p, struct wp_err *err)
{
	struct tftp_target t;
	struct tftp_opts o;
	struct tftp_stats st;
	struct tftp_io io;
	struct sink s;
	char cwd[256], server[20];
	unsigned asked = g_window;
	int rc;

	if (tftp_fetch_classic || g_refused)
		return TFTP_FETCH_CLASSIC;
	if (!getcwd(cwd, sizeof(cwd)))
		cwd[0] = 0;
	rc = tftp_url_parse(src, cwd, &t, err);
	if (rc == WP_EUNSUPP)
		return TFTP_FETCH_CLASSIC;
	if (rc)
		return rc;
	memset(&io, 0, sizeof(io));
	if (winpe_udp_open(t.host, &io, server, sizeof(server), err))
		return TFTP_FETCH_CLASSIC; /* syslinux's client says what is wrong, if anything */
	memset(&s, 0, sizeof(s));
	s.src = src;
	s.exp = exp;
	s.p = p;
	s.err = err;
	s.hashing = exp && exp->sha256;
	if (s.hashing)
		sha256_init(&s.hc);
	if (exp && exp->size)
		s.announced = exp->size;
	io.sink = &s;
	io.size = sink_size;
	io.data = sink_data;
	memset(&o, 0, sizeof(o));
	o.port = t.port;
	o.blksize = TFTP_BLKSIZE_LAN;
	o.windowsize = asked;
	o.tsize = true;
	o.timeout_ms = 150; /* a LAN: a lost window tail costs little */
	o.timeout_max = 4000;
	o.retries = 8;
	rc = tftp_get(t.path, &o, &io, &st, err);
	winpe_udp_close(&io);
	if (rc)
		name_source(err, t.path, src);
	if (rc == 0 && !s.started)
		rc = sink_alloc(&s, 0); /* an empty file */
	if (s.started)
		progress_end(p, rc == 0);
	if ((rc == WP_EUNSUPP || (rc == WP_EIO && !st.server_port && st.server_error < 0)) &&
	    !s.started) {
		/* refused, or no answer at all to our request: syslinux's client */
		if (!p->quiet)
			printf("winpe: %s; using syslinux's TFTP client from now on\n", err->msg);
		g_refused = true;
		return TFTP_FETCH_CLASSIC;
	}
	if (!rc)
		rc = sink_verify(&s);
	else if (rc == WP_ENOENT)
		wp_fail(err, WP_ENOENT, "%s: cannot open (the TFTP server %s has no such file)", src, server);
	if (st.windowsize > 1 || st.gaps || st.timeouts)
		g_window = tftp_next_window(asked, &st, TFTP_WINDOW_LIMIT);
	if (!p->quiet && st.blocks)
		printf("winpe: %s: TFTP from %s:%u, blksize %u, windowsize %u%s, %u gap(s), "
		       "%u timeout(s)\n", src, server, t.port, st.blksize, st.windowsize,
		       st.oack ? (st.windowsize > 1 ? "" : " (lock-step)") :
		       " (lock-step: the server ignored the options)", st.gaps, st.timeouts);
	if (rc) {
		free(s.buf);
		if (rc == WP_ENOENT || rc == WP_ENOMEM || rc == WP_ERANGE || s.hard)
			return rc;
		return 1; /* a bad transfer: fetch_file tries again */
	}
	*data = s.buf;
	*size = s.got;
	return 0;
}
