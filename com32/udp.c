/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * udp.c - module/netudp.h over the PXE UDP API (PXENV_UDP_WRITE/READ), the
 * same calls pxelinux.0 makes for its own TFTP: pxelinux opened the UDP
 * stack at start-up with the machine's address, so writes name our own
 * source port and reads filter on it.  Under lpxelinux.0, whose lwIP stack
 * holds the card through UNDI, the card is lent to iPXE's stack first
 * (pxelend.h; where that cannot be done, syslinux's client is used).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <com32.h>
#include <netinet/in.h>
#include <syslinux/pxe_api.h>
#include "netudp.h"
#include "progress.h"
#include "pxelend.h"
#include "pxeserver.h"
#include "tftp_url.h"

#define RX_MAX 2048u /* >= 4 + TFTP_BLKSIZE_LAN + 1 */

struct udp_ctx {
	uint32_t server, gw, myip;   /* network byte order */
	uint16_t lport;              /* our port, host order */
	t_PXENV_UDP_WRITE *w;        /* low memory */
	t_PXENV_UDP_READ *r;
	uint8_t *txbuf, *rxbuf;      /* low memory */
};

static struct udp_ctx g_udp;
static uint16_t g_next_port;

/* Send one datagram to the server's port (host order). */
static int udp_send(void *ctx, uint16_t port, const void *pkt, size_t len)
{
	struct udp_ctx *u = ctx;

	if (len > RX_MAX)
		return -1;
	memcpy(u->txbuf, pkt, len);
	memset(u->w, 0, sizeof(*u->w));
	u->w->ip = u->server;
	u->w->gw = u->gw;
	u->w->src_port = htons(u->lport);
	u->w->dst_port = htons(port);
	u->w->buffer_size = (uint16_t)len;
	u->w->buffer = FAR_PTR(u->txbuf);
	if (pxe_call(PXENV_UDP_WRITE, u->w) || u->w->status)
		return -1;
	return 0;
}

/* Poll for one datagram to our port until timeout_ms has passed. */
static int udp_recv(void *ctx, void *buf, size_t cap, uint16_t *port, bool *from_server,
		    unsigned timeout_ms)
{
	struct udp_ctx *u = ctx;
	uint32_t start = progress_now_ms();

	for (;;) {
		memset(u->r, 0, sizeof(*u->r));
		u->r->dest_ip = u->myip;
		u->r->d_port = htons(u->lport);
		u->r->buffer_size = RX_MAX;
		u->r->buffer = FAR_PTR(u->rxbuf);
		if (!pxe_call(PXENV_UDP_READ, u->r) && !u->r->status) {
			size_t n = u->r->buffer_size;
			if (n > cap)
				n = cap;
			memcpy(buf, u->rxbuf, n);
			*port = ntohs(u->r->s_port);
			*from_server = u->r->src_ip == u->server;
			return n ? (int)n : 0;
		}
		if (progress_now_ms() - start >= timeout_ms)
			return 0;
	}
}

/* Open the endpoint (module/netudp.h). */
int winpe_udp_open(const char *host, struct tftp_io *io, char *desc, size_t n,
		   struct wp_err *err)
{
	struct udp_ctx *u = &g_udp;
	struct pxe_target t;
	int rc;

	if ((rc = pxe_target(host, &t, err)))
		return rc;
	if (pxe_card_to_ipxe())
		return WP_EUNSUPP;
	memset(u, 0, sizeof(*u));
	u->w = lmalloc(sizeof(*u->w));
	u->r = lmalloc(sizeof(*u->r));
	u->txbuf = lmalloc(RX_MAX);
	u->rxbuf = lmalloc(RX_MAX);
	if (!u->w || !u->r || !u->txbuf || !u->rxbuf) {
		winpe_udp_close(io);
		return wp_fail(err, WP_ENOMEM, "out of low memory for the TFTP client");
	}
	u->server = t.server;
	u->myip = t.myip;
	u->gw = t.gw;
	/* a fresh port (TID) per transfer, above pxelinux's own range */
	if (!g_next_port)
		g_next_port = (uint16_t)(0xD000 + (progress_now_ms() & 0x0FFF));
	u->lport = g_next_port++;
	if (g_next_port >= 0xFF00)
		g_next_port = 0xD000;
	pxe_ntoa(u->server, desc, n);
	io->ctx = u;
	io->send = udp_send;
	io->recv = udp_recv;
	return 0;
}

/* Release the low-memory buffers. */
void winpe_udp_close(struct tftp_io *io)
{
	struct udp_ctx *u = &g_udp;

	lfree(u->w);
	lfree(u->r);
	lfree(u->txbuf);
	lfree(u->rxbuf);
	memset(u, 0, sizeof(*u));
	(void)io;
}
