/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tcp.c - module/nettcp.h over the firmware's TCP4 protocol (UEFI spec,
 * "EFI TCPv4 Protocol"): a TCP4 child of the TCP4 service binding on the
 * NIC the PXE base code runs on, configured like efi/udp.c with the
 * address, subnet and gateway the started IPv4 PXE base code got from
 * DHCP, actively opened to the server.  Everything is polled tokens with our own clock, so nothing
 * waits for ever: the connection must open within TCP_CONNECT_MS, a send
 * finish within TCP_SEND_MS, and recv gives up after the caller's timeout.
 * One receive token stays armed on a buffer of our own; recv hands out
 * what it holds.  Closed abortively (RST) once the body is in: nothing of
 * ours is left for the firmware to resend.
 */
#include <efi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fw.h"
#include "nettcp.h"
#include "progress.h"
#include "tftp_url.h"

#define TCP_CONNECT_MS 8000u
#define TCP_SEND_MS 8000u
#define TCP_CLOSE_MS 500u
#define TCP_RX_BUF (64u << 10)

static EFI_GUID g_tcp_sb_guid = EFI_TCP4_SERVICE_BINDING_PROTOCOL;
static EFI_GUID g_tcp_guid = EFI_TCP4_PROTOCOL;

struct tcp_ctx {
	EFI_BOOT_SERVICES *bs;
	EFI_SERVICE_BINDING *sb;
	EFI_HANDLE child;
	EFI_TCP4 *tcp;
	EFI_EVENT ev;                /* the tokens' (unused) event */
	EFI_TCP4_IO_TOKEN rx;
	EFI_TCP4_RECEIVE_DATA rxd;
	bool rx_armed, fin;
	uint8_t *buf;                /* TCP_RX_BUF: what the receive token fills */
	size_t have, pos;            /* bytes in buf, next one to hand out */
};

static struct tcp_ctx g_tcp;

/* Poll until *status leaves EFI_NOT_READY or ms pass; false on time-out. */
static bool wait_token(struct tcp_ctx *t, volatile EFI_STATUS *status, unsigned ms)
{
	uint32_t start = progress_now_ms();
	uint64_t waited_us = 0;
	unsigned spins = 0;

	for (;;) {
		t->tcp->Poll(t->tcp);
		if (*status != EFI_NOT_READY)
			return true;
		if (spins++ < 64)
			continue; /* data flowing: poll again at once */
		/* the ms timer may not tick while we poll: count our own stalls too */
		if (progress_now_ms() - start >= ms || waited_us / 1000 >= ms)
			return false;
		t->bs->Stall(20);
		waited_us += 20;
	}
}

/* Send all len bytes. */
static int tcp_send(void *ctx, const void *buf, size_t len)
{
	struct tcp_ctx *t = ctx;
	EFI_TCP4_TRANSMIT_DATA tx;
	EFI_TCP4_IO_TOKEN tok;

	memset(&tx, 0, sizeof(tx));
	memset(&tok, 0, sizeof(tok));
	tx.Push = TRUE;
	tx.DataLength = (UINT32)len;
	tx.FragmentCount = 1;
	tx.FragmentTable[0].FragmentLength = (UINT32)len;
	tx.FragmentTable[0].FragmentBuffer = (void *)buf;
	tok.CompletionToken.Event = t->ev;
	tok.CompletionToken.Status = EFI_NOT_READY;
	tok.Packet.TxData = &tx;
	if (EFI_ERROR(t->tcp->Transmit(t->tcp, &tok)))
		return -1;
	if (!wait_token(t, &tok.CompletionToken.Status, TCP_SEND_MS)) {
		t->tcp->Cancel(t->tcp, &tok.CompletionToken);
		return -1;
	}
	return EFI_ERROR(tok.CompletionToken.Status) ? -1 : 0;
}

/* Arm the receive token on our buffer; HTTP_RECV_* on failure, else 1. */
static int arm(struct tcp_ctx *t)
{
	EFI_STATUS s;

	memset(&t->rx, 0, sizeof(t->rx));
	memset(&t->rxd, 0, sizeof(t->rxd));
	t->rxd.DataLength = TCP_RX_BUF;
	t->rxd.FragmentCount = 1;
	t->rxd.FragmentTable[0].FragmentLength = TCP_RX_BUF;
	t->rxd.FragmentTable[0].FragmentBuffer = t->buf;
	t->rx.CompletionToken.Event = t->ev;
	t->rx.CompletionToken.Status = EFI_NOT_READY;
	t->rx.Packet.RxData = &t->rxd;
	s = t->tcp->Receive(t->tcp, &t->rx);
	if (s == EFI_CONNECTION_FIN) {
		t->fin = true;
		return HTTP_RECV_CLOSED;
	}
	if (EFI_ERROR(s))
		return HTTP_RECV_FAILED;
	t->rx_armed = true;
	return 1;
}

/* Up to cap bytes: what the buffer holds, else wait up to timeout_ms for more. */
static int tcp_recv(void *ctx, void *buf, size_t cap, unsigned timeout_ms)
{
	struct tcp_ctx *t = ctx;
	EFI_STATUS s;
	size_t n;
	int rc;

	while (t->pos == t->have) {
		if (t->fin)
			return HTTP_RECV_CLOSED;
		if (!t->rx_armed && (rc = arm(t)) != 1)
			return rc;
		if (!wait_token(t, &t->rx.CompletionToken.Status, timeout_ms))
			return HTTP_RECV_IDLE; /* the token stays armed */
		t->rx_armed = false;
		s = t->rx.CompletionToken.Status;
		if (s == EFI_CONNECTION_FIN) {
			t->fin = true;
			return HTTP_RECV_CLOSED;
		}
		if (EFI_ERROR(s))
			return HTTP_RECV_FAILED;
		t->have = t->rxd.DataLength <= TCP_RX_BUF ? t->rxd.DataLength : TCP_RX_BUF;
		t->pos = 0; /* an empty completion: wait again */
	}
	n = t->have - t->pos < cap ? t->have - t->pos : cap;
	memcpy(buf, t->buf + t->pos, n);
	t->pos += n;
	return (int)n;
}

/* Open the connection (module/nettcp.h). */
int winpe_tcp_open(const char *host, uint16_t port, struct http_io *io, char *desc, size_t n,
		   struct wp_err *err)
{
	struct tcp_ctx *t = &g_tcp;
	struct efi_fw fw;
	struct wp_err e2;
	struct efi_pxe_nic nic;
	EFI_HANDLE sbh;
	EFI_TCP4_CONFIG_DATA cfg;
	EFI_TCP4_CONNECTION_TOKEN conn;
	EFI_IPv4_ADDRESS zero, gw;
	EFI_STATUS s;
	uint32_t server;
	const uint8_t *b;

	err->msg[0] = 0;
	if (efi_fw_init(&fw, false, &e2) || !tftp_parse_ipv4(host, &server))
		return WP_EUNSUPP;
	if (efi_pxe_nic(fw.bs, &nic))
		return WP_EUNSUPP; /* not a network boot (or IPv6): syslinux's client */
	sbh = efi_nic_binding(fw.bs, &nic, &g_tcp_sb_guid);
	if (!sbh)
		return wp_fail(err, WP_EUNSUPP, "the firmware has no TCP4 on the network card");
	if (!nic.me)
		return wp_fail(err, WP_EUNSUPP, "the PXE base code has no IPv4 address");
	memset(t, 0, sizeof(*t));
	t->bs = fw.bs;
	t->buf = malloc(TCP_RX_BUF);
	if (!t->buf)
		return wp_fail(err, WP_EUNSUPP, "no memory for the TCP receive buffer");
	if (EFI_ERROR(fw.bs->HandleProtocol(sbh, &g_tcp_sb_guid, (void **)&t->sb)) ||
	    EFI_ERROR(t->sb->CreateChild(t->sb, &t->child))) {
		free(t->buf);
		memset(t, 0, sizeof(*t));
		return wp_fail(err, WP_EUNSUPP, "the firmware's TCP4 gives no connection");
	}
	if (EFI_ERROR(fw.bs->HandleProtocol(t->child, &g_tcp_guid, (void **)&t->tcp)) ||
	    EFI_ERROR(fw.bs->CreateEvent(0, 0, NULL, NULL, &t->ev))) {
		wp_fail(err, WP_EUNSUPP, "the firmware's TCP4 gives no connection");
		goto fail;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.TimeToLive = 64;
	cfg.AccessPoint.UseDefaultAddress = FALSE;
	memcpy(&cfg.AccessPoint.StationAddress, &nic.me, 4);
	memcpy(&cfg.AccessPoint.SubnetMask, &nic.mask, 4);
	cfg.AccessPoint.StationPort = 0; /* the driver picks one */
	memcpy(&cfg.AccessPoint.RemoteAddress, &server, 4);
	cfg.AccessPoint.RemotePort = port;
	cfg.AccessPoint.ActiveFlag = TRUE;
	/* the driver's defaults: asking for a 1 MiB window with scaling made no
	 * difference in bench-boot (the firmware's stack under TCG is the limit) */
	cfg.ControlOption = NULL;
	s = t->tcp->Configure(t->tcp, &cfg);
	if (EFI_ERROR(s)) {
		wp_fail(err, WP_EUNSUPP, "the firmware's TCP4 refuses the configuration (status %lx)",
			(unsigned long)s);
		goto fail;
	}
	if (efi_pxe_gateway(&nic, server, &gw)) {
		memset(&zero, 0, sizeof(zero));
		t->tcp->Routes(t->tcp, FALSE, &zero, &zero, &gw);
	}
	b = (const uint8_t *)&server;
	snprintf(desc, n, "%u.%u.%u.%u:%u", b[0], b[1], b[2], b[3], port);
	memset(&conn, 0, sizeof(conn));
	conn.CompletionToken.Event = t->ev;
	conn.CompletionToken.Status = EFI_NOT_READY;
	if (EFI_ERROR(t->tcp->Connect(t->tcp, &conn))) {
		wp_fail(err, WP_EIO, "cannot connect to %s", desc);
		goto fail;
	}
	if (!wait_token(t, &conn.CompletionToken.Status, TCP_CONNECT_MS)) {
		t->tcp->Cancel(t->tcp, &conn.CompletionToken);
		wp_fail(err, WP_EIO, "no TCP answer from %s within %u s", desc, TCP_CONNECT_MS / 1000);
		goto fail;
	}
	if (EFI_ERROR(conn.CompletionToken.Status)) {
		wp_fail(err, WP_EIO, "cannot connect to %s (%s)", desc,
			conn.CompletionToken.Status == EFI_CONNECTION_REFUSED ? "refused" :
			conn.CompletionToken.Status == EFI_TIMEOUT ? "no answer" : "failed");
		goto fail;
	}
	io->ctx = t;
	io->send = tcp_send;
	io->recv = tcp_recv;
	return 0;
fail:
	winpe_tcp_close(io);
	return err->code;
}

/* Close abortively, wait a little for it, destroy the child. */
void winpe_tcp_close(struct http_io *io)
{
	struct tcp_ctx *t = &g_tcp;
	EFI_TCP4_CLOSE_TOKEN ct;

	if (t->tcp) {
		if (t->rx_armed)
			t->tcp->Cancel(t->tcp, &t->rx.CompletionToken);
		memset(&ct, 0, sizeof(ct));
		ct.CompletionToken.Event = t->ev;
		ct.CompletionToken.Status = EFI_NOT_READY;
		ct.AbortOnClose = TRUE;
		if (!EFI_ERROR(t->tcp->Close(t->tcp, &ct)) &&
		    !wait_token(t, &ct.CompletionToken.Status, TCP_CLOSE_MS))
			t->tcp->Cancel(t->tcp, &ct.CompletionToken);
		t->tcp->Configure(t->tcp, NULL);
	}
	if (t->ev)
		t->bs->CloseEvent(t->ev);
	if (t->child && t->sb)
		t->sb->DestroyChild(t->sb, t->child);
	free(t->buf);
	memset(t, 0, sizeof(*t));
	(void)io;
}
