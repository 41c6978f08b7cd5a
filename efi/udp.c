/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * udp.c - module/netudp.h over the firmware's UDP4 protocol: a UDP4 child
 * of the UDP4 service binding on the card we booted through (pxenic.c),
 * configured with the address the started IPv4 PXE base code got from DHCP, unconnected (every transmit names the
 * server; the server's TID is whatever port answers).  Polled: one
 * receive token stays armed between calls.  Only dotted-quad servers: a
 * name makes the caller use syslinux's client.
 */
#include <efi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fw.h"
#include "netudp.h"
#include "progress.h"
#include "tftp_url.h"

static EFI_GUID g_udp_sb_guid = EFI_UDP4_SERVICE_BINDING_PROTOCOL;
static EFI_GUID g_udp_guid = EFI_UDP4_PROTOCOL;

struct udp_ctx {
	EFI_BOOT_SERVICES *bs;
	EFI_SERVICE_BINDING *sb;
	EFI_HANDLE child;
	EFI_UDP4 *udp;
	EFI_IPv4_ADDRESS server, gw;
	bool use_gw;
	EFI_EVENT tx_ev, rx_ev;
	EFI_UDP4_COMPLETION_TOKEN rx;
	bool rx_armed;
};

static struct udp_ctx g_udp;

/* Send one datagram to the server's port. */
static int udp_send(void *ctx, uint16_t port, const void *pkt, size_t len)
{
	struct udp_ctx *u = ctx;
	EFI_UDP4_SESSION_DATA sess;
	EFI_UDP4_TRANSMIT_DATA tx;
	EFI_UDP4_COMPLETION_TOKEN tok;
	unsigned spins;

	memset(&sess, 0, sizeof(sess));
	memset(&tx, 0, sizeof(tx));
	memset(&tok, 0, sizeof(tok));
	sess.DestinationAddress = u->server;
	sess.DestinationPort = port;
	tx.UdpSessionData = &sess;
	tx.GatewayAddress = u->use_gw ? &u->gw : NULL;
	tx.DataLength = (UINT32)len;
	tx.FragmentCount = 1;
	tx.FragmentTable[0].FragmentLength = (UINT32)len;
	tx.FragmentTable[0].FragmentBuffer = (void *)pkt;
	tok.Event = u->tx_ev;
	tok.Status = EFI_NOT_READY;
	tok.Packet.TxData = &tx;
	if (EFI_ERROR(u->udp->Transmit(u->udp, &tok)))
		return -1;
	for (spins = 0; tok.Status == EFI_NOT_READY && spins < 20000; spins++) {
		u->udp->Poll(u->udp);
		if (tok.Status == EFI_NOT_READY)
			u->bs->Stall(10);
	}
	if (tok.Status == EFI_NOT_READY) {
		u->udp->Cancel(u->udp, &tok);
		return -1;
	}
	return EFI_ERROR(tok.Status) ? -1 : 0;
}

/* Wait up to timeout_ms for one datagram (the receive token stays armed). */
static int udp_recv(void *ctx, void *buf, size_t cap, uint16_t *port, bool *from_server,
		    unsigned timeout_ms)
{
	struct udp_ctx *u = ctx;
	uint32_t start = progress_now_ms();
	uint64_t waited_us = 0;

	for (;;) {
		if (!u->rx_armed) {
			memset(&u->rx, 0, sizeof(u->rx));
			u->rx.Event = u->rx_ev;
			u->rx.Status = EFI_NOT_READY;
			if (EFI_ERROR(u->udp->Receive(u->udp, &u->rx)))
				return -1;
			u->rx_armed = true;
		}
		u->udp->Poll(u->udp);
		if (u->rx.Status != EFI_NOT_READY) {
			EFI_UDP4_RECEIVE_DATA *d = u->rx.Packet.RxData;
			size_t n = 0;
			UINT32 i;
			u->rx_armed = false;
			if (EFI_ERROR(u->rx.Status) || !d)
				continue; /* e.g. an ICMP error: wait on */
			for (i = 0; i < d->FragmentCount && n < cap; i++) {
				size_t k = d->FragmentTable[i].FragmentLength;
				if (k > cap - n)
					k = cap - n;
				memcpy((uint8_t *)buf + n, d->FragmentTable[i].FragmentBuffer, k);
				n += k;
			}
			*port = d->UdpSession.SourcePort;
			*from_server = !memcmp(&d->UdpSession.SourceAddress, &u->server, 4);
			u->bs->SignalEvent(d->RecycleSignal);
			if (n)
				return (int)n;
			continue;
		}
		/* the ms timer may not tick while we poll: count our own stalls too */
		if (progress_now_ms() - start >= timeout_ms || waited_us / 1000 >= timeout_ms)
			return 0;
		u->bs->Stall(20);
		waited_us += 20;
	}
}

/* Open the endpoint (module/netudp.h). */
int winpe_udp_open(const char *host, struct tftp_io *io, char *desc, size_t n,
		   struct wp_err *err)
{
	struct udp_ctx *u = &g_udp;
	struct efi_fw fw;
	struct wp_err e2;
	struct efi_pxe_nic nic;
	EFI_HANDLE sbh;
	EFI_UDP4_CONFIG_DATA cfg;
	uint32_t server = 0;
	const uint8_t *b;

	if (efi_fw_init(&fw, false, &e2))
		return WP_EUNSUPP;
	if (efi_pxe_nic(fw.bs, &nic) || !(sbh = efi_nic_binding(fw.bs, &nic, &g_udp_sb_guid)))
		return WP_EUNSUPP;
	if (host[0]) {
		if (!tftp_parse_ipv4(host, &server))
			return WP_EUNSUPP; /* no resolver here: syslinux's client resolves it */
	} else {
		server = efi_pxe_boot_server(&nic);
	}
	if (!server || !nic.me)
		return WP_EUNSUPP;
	memset(u, 0, sizeof(*u));
	u->bs = fw.bs;
	memcpy(&u->server, &server, 4);
	u->use_gw = efi_pxe_gateway(&nic, server, &u->gw);
	if (EFI_ERROR(fw.bs->HandleProtocol(sbh, &g_udp_sb_guid, (void **)&u->sb)) ||
	    EFI_ERROR(u->sb->CreateChild(u->sb, &u->child)))
		return WP_EUNSUPP;
	if (EFI_ERROR(fw.bs->HandleProtocol(u->child, &g_udp_guid, (void **)&u->udp)) ||
	    EFI_ERROR(fw.bs->CreateEvent(0, 0, NULL, NULL, &u->tx_ev)) ||
	    EFI_ERROR(fw.bs->CreateEvent(0, 0, NULL, NULL, &u->rx_ev)))
		goto fail;
	memset(&cfg, 0, sizeof(cfg));
	cfg.TimeToLive = 64;
	cfg.UseDefaultAddress = FALSE;
	memcpy(&cfg.StationAddress, &nic.me, 4);
	memcpy(&cfg.SubnetMask, &nic.mask, 4);
	cfg.StationPort = 0; /* the driver picks a fresh port: a new TID per transfer */
	if (EFI_ERROR(u->udp->Configure(u->udp, &cfg)))
		goto fail;
	b = (const uint8_t *)&server;
	snprintf(desc, n, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	io->ctx = u;
	io->send = udp_send;
	io->recv = udp_recv;
	return 0;
fail:
	winpe_udp_close(io);
	(void)err;
	return WP_EUNSUPP;
}

/* Cancel the armed receive, unconfigure and destroy the child. */
void winpe_udp_close(struct tftp_io *io)
{
	struct udp_ctx *u = &g_udp;

	if (u->udp) {
		u->udp->Cancel(u->udp, NULL);
		u->udp->Configure(u->udp, NULL);
	}
	if (u->tx_ev)
		u->bs->CloseEvent(u->tx_ev);
	if (u->rx_ev)
		u->bs->CloseEvent(u->rx_ev);
	if (u->child && u->sb)
		u->sb->DestroyChild(u->sb, u->child);
	memset(u, 0, sizeof(*u));
	(void)io;
}
