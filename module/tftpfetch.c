/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tftpfetch.c - TFTP sources through the module's own client (tftpfetch.h).
 * The window starts at TFTP_WINDOW_START and adapts between files (halved
 * after loss, doubled after a clean transfer); a server that ignores the
 * options is read lock-step, one that refuses them (or never answers the
 * request) sends this and every later file to syslinux's client.  Once a
 * server has read a whole file lock-step (it does not know windowsize), the
 * next files go through the firmware's own client where there is one
 * (fwget.h: iPXE's), until it fails once or tftp=own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fetch.h"
#include "fwget.h"
#include "memsink.h"
#include "netudp.h"
#include "progress.h"
#include "tftp_url.h"
#include "tftpfetch.h"

bool tftp_fetch_classic, tftp_fetch_own;
static bool g_refused;
static unsigned g_window = TFTP_WINDOW_START;
static const char *g_fw;  /* the firmware's client, once a server read lock-step */
static char g_fw_server[80]; /* that server, "host:port" as in the source */
static bool g_fw_off;     /* it failed once: the module's own client only */

/* Is t the server that read a file lock-step (g_fw_server)? */
static bool fw_server(const struct tftp_target *t)
{
	char k[sizeof(g_fw_server)];

	snprintf(k, sizeof(k), "%s:%u", t->host, t->port);
	return g_fw && !strcmp(k, g_fw_server);
}

/* One transfer through the firmware's client (fw) or the module's own. */
static int run_client(bool fw, const struct tftp_target *t, unsigned window, struct tftp_io *io,
		      struct tftp_stats *st, char *server, size_t sn, struct wp_err *err)
{
	struct tftp_opts o;
	int rc;

	if (fw)
		return winpe_fw_get(FW_TFTP, t->host, t->port, t->path, io, st, server, sn, err);
	if (winpe_udp_open(t->host, io, server, sn, err))
		return TFTP_FETCH_CLASSIC; /* syslinux's client says what is wrong, if anything */
	memset(&o, 0, sizeof(o));
	o.port = t->port;
	o.blksize = TFTP_BLKSIZE_LAN;
	o.windowsize = window;
	o.tsize = true;
	o.timeout_ms = 150; /* a LAN: a lost window tail costs little */
	o.timeout_max = 4000;
	o.retries = 8;
	rc = tftp_get(t->path, &o, io, st, err);
	winpe_udp_close(io);
	return rc;
}

/* Fetch src with the module's client or the firmware's (see tftpfetch.h). */
int tftp_fetch(const char *src, const struct fetch_expect *exp, uint8_t **data,
	       uint64_t *size, struct progress *p, struct wp_err *err)
{
	struct tftp_target t;
	struct tftp_stats st;
	struct tftp_io io;
	struct mem_sink s;
	char cwd[256], server[20];
	unsigned asked = g_window;
	bool fw;
	uint32_t t0 = progress_now_ms();
	char rate[24];
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
	fw = fw_server(&t);
	memset(&io, 0, sizeof(io));
	mem_sink_init(&s, src, exp, p, err);
	io.sink = &s;
	io.size = mem_sink_size;
	io.data = mem_sink_data;
	rc = run_client(fw, &t, asked, &io, &st, server, sizeof(server), err);
	if (fw && rc == WP_EUNSUPP && !s.started) {
		fw = false; /* a name the firmware's client cannot take: this file with ours */
		rc = run_client(false, &t, asked, &io, &st, server, sizeof(server), err);
	}
	if (rc == TFTP_FETCH_CLASSIC)
		return rc;
	if (rc)
		fetch_name_source(err, t.path, src);
	rc = mem_sink_finish(&s, rc); /* (not started: rc as it was) */
	if (!fw && (rc == WP_EUNSUPP || (rc == WP_EIO && !st.server_port && st.server_error < 0)) &&
	    !s.started) {
		/* refused, or no answer at all to our request: syslinux's client */
		if (!p->quiet)
			printf("winpe: %s; using syslinux's TFTP client from now on\n", err->msg);
		g_refused = true;
		return TFTP_FETCH_CLASSIC;
	}
	if (rc == WP_ENOENT && !fw)
		wp_fail(err, WP_ENOENT, "%s: cannot open (the TFTP server %s has no such file)", src, server);
	if (!fw && (st.windowsize > 1 || st.gaps || st.timeouts))
		g_window = tftp_next_window(asked, &st, TFTP_WINDOW_LIMIT);
	if (!p->quiet && st.blocks && fw && !rc) {
		t0 = progress_now_ms() - t0;
		progress_rate(rate, sizeof(rate), st.bytes, t0);
		printf("winpe: %s: TFTP from %s:%u by %s, %llu bytes in %u ms (%s)\n", src, server,
		       t.port, winpe_fw_client(FW_TFTP), (unsigned long long)st.bytes, (unsigned)t0, rate);
	} else if (!p->quiet && st.blocks && !fw) {
		printf("winpe: %s: TFTP from %s:%u, blksize %u, windowsize %u%s, %u gap(s), "
		       "%u timeout(s)\n", src, server, t.port, st.blksize, st.windowsize,
		       st.oack ? (st.windowsize > 1 ? "" : " (lock-step)") :
		       " (lock-step: the server ignored the options)", st.gaps, st.timeouts);
	}
	if (rc) {
		mem_sink_drop(&s);
		if (mem_sink_hard(&s, rc))
			return rc;
		if (fw) {
			/* the retry, and every later file, with the module's own client */
			if (!p->quiet)
				printf("winpe: %s; the module's own TFTP client from now on\n", err->msg);
			g_fw = NULL;
			g_fw_off = true;
		}
		return 1; /* a bad transfer: fetch_file tries again */
	}
	/* a lock-step server: the firmware's client needs fewer calls per block */
	if (!fw && !g_fw && !tftp_fetch_own && !g_fw_off && asked > 1 && st.windowsize <= 1 &&
	    !st.gaps && !st.timeouts && (g_fw = winpe_fw_client(FW_TFTP))) {
		snprintf(g_fw_server, sizeof(g_fw_server), "%s:%u", t.host, t.port);
		if (!p->quiet)
			printf("winpe: the TFTP server %s reads lock-step (no windowsize): %s's TFTP "
			       "client fetches its next files\n", server, g_fw);
	}
	mem_sink_take(&s, data, size);
	return 0;
}
