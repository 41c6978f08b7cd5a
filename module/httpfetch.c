/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * httpfetch.c - http:// sources through the module's own client
 * (httpfetch.h): one TCP connection per file, GET with Connection: close,
 * the body streamed into memory as it comes (memsink.c: one block of the
 * announced Content-Length), hashed on the way when the manifest has a
 * SHA-256, and its length checked against Content-Length and the manifest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "httpfetch.h"
#include "memsink.h"
#include "nettcp.h"
#include "tftp_url.h"

bool http_fetch_classic;
static bool g_no_tcp;

/* Fetch src with the module's client (see httpfetch.h). */
int http_fetch(const char *src, const struct fetch_expect *exp, uint8_t **data,
	       uint64_t *size, struct progress *p, struct wp_err *err)
{
	struct http_url u;
	struct http_io io;
	struct http_stats st;
	struct http_opts o;
	struct mem_sink s;
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
	mem_sink_init(&s, src, exp, p, err);
	io.sink = &s;
	io.size = mem_sink_size;
	io.data = mem_sink_data;
	memset(&o, 0, sizeof(o));
	o.idle_ms = 15000;
	rc = http_get(src, &u, &o, &io, &st, err);
	winpe_tcp_close(&io);
	rc = mem_sink_finish(&s, rc);
	if (!p->quiet && st.status == 200) {
		t0 = progress_now_ms() - t0;
		progress_rate(rate, sizeof(rate), st.bytes, t0);
		printf("winpe: %s: HTTP %u from %s, %llu bytes%s in %u ms (%s)\n", src, st.status,
		       server, (unsigned long long)st.bytes,
		       st.have_len ? "" : " (no Content-Length: up to the close)", (unsigned)t0, rate);
	}
	if (rc) {
		mem_sink_drop(&s);
		if (rc == WP_ENOENT || rc == WP_ENOMEM || rc == WP_ERANGE || rc == WP_EUNSUPP ||
		    rc == WP_EINVAL || s.hard)
			return rc;
		return 1; /* a bad transfer: fetch_file tries again */
	}
	mem_sink_take(&s, data, size);
	return 0;
}
