/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * httpfetch.c - http:// sources through the module's own client
 * (httpfetch.h): one TCP connection per file, GET with Connection: close,
 * the body streamed into memory as it comes (memsink.c: one block of the
 * announced Content-Length), hashed on the way when the manifest has a
 * SHA-256, and its length checked against Content-Length and the manifest.
 * The firmware's own client (fwget.h) takes the file first where there is
 * one: after its first failure the module's client fetches the retry and
 * every later file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fetch.h"
#include "fwget.h"
#include "httpfetch.h"
#include "memsink.h"
#include "nettcp.h"
#include "progress.h"
#include "tftp_url.h"

#ifdef __FIRMWARE_BIOS__
#define OWN_CLIENT "syslinux's" /* no TCP of the module's own on BIOS (com32/tcp.c) */
#else
#define OWN_CLIENT "the module's own"
#endif

bool http_fetch_classic, http_fetch_own;
static bool g_no_tcp;
static bool g_fw_off; /* the firmware's client failed once: ours from now on */

/* One transfer through the firmware's client; HTTP_FETCH_CLASSIC: not here. */
static int fw_fetch(const char *src, const struct http_url *u, const struct fetch_expect *exp,
		    uint8_t **data, uint64_t *size, struct progress *p, struct wp_err *err)
{
	const char *name = winpe_fw_client(FW_HTTP);
	struct tftp_io io;
	struct tftp_stats st;
	struct mem_sink s;
	char server[32], rate[24];
	uint32_t t0 = progress_now_ms();
	int rc;

	if (!name || http_fetch_own || g_fw_off)
		return HTTP_FETCH_CLASSIC;
	memset(&io, 0, sizeof(io));
	mem_sink_init(&s, src, exp, p, err);
	io.sink = &s;
	io.size = mem_sink_size;
	io.data = mem_sink_data;
	rc = winpe_fw_get(FW_HTTP, u->host, u->port, u->path, &io, &st, server, sizeof(server), err);
	if (rc == WP_EUNSUPP && !s.started)
		return HTTP_FETCH_CLASSIC; /* a URL it cannot take: the module's client */
	if (rc)
		fetch_name_source(err, u->path, src);
	rc = mem_sink_finish(&s, rc);
	if (!p->quiet && st.bytes && !rc) {
		t0 = progress_now_ms() - t0;
		progress_rate(rate, sizeof(rate), st.bytes, t0);
		printf("winpe: %s: HTTP from %s by %s, %llu bytes in %u ms (%s)\n", src, server, name,
		       (unsigned long long)st.bytes, (unsigned)t0, rate);
	}
	if (rc) {
		mem_sink_drop(&s);
		if (mem_sink_hard(&s, rc))
			return rc;
		if (!p->quiet)
			printf("winpe: %s; %s HTTP client from now on\n", err->msg, OWN_CLIENT);
		g_fw_off = true;
		return 1; /* a bad transfer: fetch_file tries again */
	}
	mem_sink_take(&s, data, size);
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
	struct mem_sink s;
	char server[32], rate[24];
	uint32_t ip, t0;
	int rc;

	if (http_fetch_classic || g_no_tcp || strncmp(src, "http://", 7))
		return HTTP_FETCH_CLASSIC;
	if (http_url_parse(src, &u, err) || !tftp_parse_ipv4(u.host, &ip))
		return HTTP_FETCH_CLASSIC; /* a name, user info, ...: syslinux's client */
	if ((rc = fw_fetch(src, &u, exp, data, size, p, err)) != HTTP_FETCH_CLASSIC)
		return rc;
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
		if (mem_sink_hard(&s, rc) || rc == WP_EUNSUPP || rc == WP_EINVAL)
			return rc;
		return 1; /* a bad transfer: fetch_file tries again */
	}
	mem_sink_take(&s, data, size);
	return 0;
}
