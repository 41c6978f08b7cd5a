/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fwget.c - module/fwget.h on BIOS: iPXE's TFTP client through the PXE
 * TFTP API (TFTP_GET_FSIZE, TFTP_OPEN, TFTP_READ per block, TFTP_CLOSE),
 * under pxelinux.0 only and only when the PXE stack answers the iPXE/gPXE
 * FILE_API_CHECK: other vendors' TFTP APIs are known for stopping at block
 * 65535, iPXE's counts past it.  No HTTP: pxelinux.0 is not asked for
 * http:// (lpxelinux.0's lwIP owns the card, and iPXE's stack is frozen
 * while an UNDI client has it open).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <com32.h>
#include <netinet/in.h>
#include <syslinux/pxe_api.h>
#include "fwget.h"
#include "pxeserver.h"

#define API_CHECK_IN  0x91d447b2u
#define API_CHECK_OUT 0xe9c17b20u
#define FW_BLKSIZE    1432u /* iPXE's largest TFTP block */
#define FW_BUF        2048u /* low-memory block buffer (>= any PacketSize accepted) */

static int g_have = -1; /* -1: not asked yet */
static const char g_name[] = "iPXE";

/* Does the PXE stack under pxelinux.0 say it is iPXE (or gPXE)? */
static const char *ipxe_name(void)
{
	t_PXENV_FILE_API_CHECK *c;

	if (g_have >= 0)
		return g_have ? g_name : NULL;
	g_have = 0;
	if (!pxe_plain_pxelinux() || !(c = lmalloc(sizeof(*c))))
		return NULL;
	memset(c, 0, sizeof(*c));
	c->Size = sizeof(*c);
	c->Magic = API_CHECK_IN;
	/* (iPXE answers with the provider code "gPXE", its predecessor's) */
	if (!pxe_call(PXENV_FILE_API_CHECK, c) && !c->Status && c->Magic == API_CHECK_OUT)
		g_have = 1;
	lfree(c);
	return g_have ? g_name : NULL;
}

/* The firmware's client for p: iPXE's TFTP, nothing for HTTP. */
const char *winpe_fw_client(enum fw_proto p)
{
	return p == FW_TFTP ? ipxe_name() : NULL;
}

/* A PXE status of the TFTP API as the module's error code and words. */
static int status_err(struct wp_err *err, uint16_t status, const char *path, const char *server,
		      uint64_t at)
{
	if (status == PXENV_STATUS_TFTP_FILE_NOT_FOUND)
		return wp_fail(err, WP_ENOENT, "%s: cannot open (the TFTP server %s has no such file)",
			       path, server);
	if (status == PXENV_STATUS_TFTP_ACCESS_VIOLATION)
		return wp_fail(err, WP_ENOENT, "%s: the TFTP server %s refuses to send it (access "
			       "violation): check the file's permissions", path, server);
	return wp_fail(err, WP_EIO, "%s: %s's TFTP client stopped after %llu bytes from %s "
		       "(PXE status 0x%02x)", path, g_name, (unsigned long long)at, server, status);
}

/* Read path through iPXE's TFTP client (see fwget.h). */
int winpe_fw_get(enum fw_proto p, const char *host, uint16_t port, const char *path,
		 const struct tftp_io *io, struct tftp_stats *st, char *desc, size_t n,
		 struct wp_err *err)
{
	t_PXENV_TFTP_GET_FSIZE *fs = NULL;
	t_PXENV_TFTP_OPEN *op = NULL;
	t_PXENV_TFTP_READ *rd = NULL;
	t_PXENV_TFTP_CLOSE *cl = NULL;
	struct pxe_target t;
	uint8_t *buf = NULL;
	uint64_t off = 0;
	uint16_t want = 1;
	size_t len = strlen(path);
	struct tftp_stats dummy;
	int rc;

	if (!st)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	st->server_error = -1;
	st->windowsize = 1;
	/* the API takes 127 characters; iPXE builds a URI from the name */
	if (p != FW_TFTP || !ipxe_name() || !len || len >= sizeof(op->FileName) || strpbrk(path, ":?#% "))
		return WP_EUNSUPP;
	if ((rc = pxe_target(host, &t, err)))
		return rc;
	pxe_ntoa(t.server, desc, n);
	fs = lmalloc(sizeof(*fs));
	op = lmalloc(sizeof(*op));
	rd = lmalloc(sizeof(*rd));
	cl = lmalloc(sizeof(*cl));
	buf = lmalloc(FW_BUF);
	if (!fs || !op || !rd || !cl || !buf) {
		rc = wp_fail(err, WP_ENOMEM, "out of low memory for the TFTP client");
		goto out;
	}
	/* the size first (tsize, port 69 only): the sink takes exactly that memory */
	if (!port || port == TFTP_PORT) {
		memset(fs, 0, sizeof(*fs));
		fs->ServerIPAddress = t.server;
		fs->GatewayIPAddress = t.gw;
		memcpy(fs->FileName, path, len + 1);
		if (!pxe_call(PXENV_TFTP_GET_FSIZE, fs) && !fs->Status) {
			st->have_tsize = true;
			st->tsize = fs->FileSize;
			if (io->size && (rc = io->size(io->sink, fs->FileSize)) < 0)
				goto out;
		} else if (fs->Status == PXENV_STATUS_TFTP_FILE_NOT_FOUND ||
			   fs->Status == PXENV_STATUS_TFTP_ACCESS_VIOLATION) {
			rc = status_err(err, fs->Status, path, desc, 0);
			goto out;
		}
	}
	memset(op, 0, sizeof(*op));
	op->ServerIPAddress = t.server;
	op->GatewayIPAddress = t.gw;
	memcpy(op->FileName, path, len + 1);
	op->TFTPPort = htons(port ? port : TFTP_PORT);
	op->PacketSize = FW_BLKSIZE;
	if (pxe_call(PXENV_TFTP_OPEN, op) || op->Status) {
		rc = status_err(err, op->Status, path, desc, 0);
		goto out;
	}
	if (op->PacketSize < 8 || op->PacketSize > FW_BUF) {
		rc = wp_fail(err, WP_EIO, "%s: %s's TFTP client reports a block size of %u", path,
			     g_name, op->PacketSize);
		goto close;
	}
	st->oack = true;
	st->blksize = op->PacketSize;
	st->server_port = port ? port : TFTP_PORT;
	for (;;) {
		memset(rd, 0, sizeof(*rd));
		rd->PacketNumber = (uint16_t)(want - 1);
		rd->BufferSize = (uint16_t)st->blksize;
		rd->Buffer = FAR_PTR(buf);
		if (pxe_call(PXENV_TFTP_READ, rd) || rd->Status) {
			rc = status_err(err, rd->Status, path, desc, off);
			goto close;
		}
		if (rd->PacketNumber != want || rd->BufferSize > st->blksize) {
			rc = wp_fail(err, WP_EIO, "%s: %s's TFTP client returned block %u (%u bytes) "
				     "where block %u was due", path, g_name, rd->PacketNumber,
				     rd->BufferSize, want);
			goto close;
		}
		if (st->have_tsize && off + rd->BufferSize > st->tsize) {
			rc = wp_fail(err, WP_EIO, "%s: the TFTP server sends more than the %llu bytes "
				     "it announced", path, (unsigned long long)st->tsize);
			goto close;
		}
		if (rd->BufferSize && (rc = io->data(io->sink, off, buf, rd->BufferSize)) < 0)
			goto close;
		off += rd->BufferSize;
		st->bytes = off;
		st->blocks++;
		want++;
		if (rd->BufferSize < st->blksize)
			break;
	}
	rc = 0;
	if (st->have_tsize && off != st->tsize)
		rc = wp_fail(err, WP_EIO, "%s: the TFTP server announced %llu bytes but sent %llu",
			     path, (unsigned long long)st->tsize, (unsigned long long)off);
close:
	memset(cl, 0, sizeof(*cl));
	pxe_call(PXENV_TFTP_CLOSE, cl);
out:
	lfree(fs);
	lfree(op);
	lfree(rd);
	lfree(cl);
	lfree(buf);
	return rc;
}
