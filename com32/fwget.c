/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fwget.c - module/fwget.h on BIOS (pxelinux.0, lpxelinux.0), when the PXE
 * stack answers the iPXE/gPXE FILE_API_CHECK:
 * - TFTP: iPXE's client through the PXE TFTP API
 *   (TFTP_GET_FSIZE, TFTP_OPEN, TFTP_READ per block, TFTP_CLOSE); other
 *   vendors' TFTP APIs are known for stopping at block 65535, iPXE's counts
 *   past it.
 * - HTTP: iPXE's client through the PXE FILE
 *   API (FILE_OPEN of the URL, GET_FILE_SIZE: the Content-Length, FILE_READ
 *   until it returns nothing, FILE_CLOSE), the way pxelinux.0 itself reads
 *   a URL on iPXE.
 * Under lpxelinux.0 the card is lent from lwIP to iPXE's stack (pxelend.h)
 * at the first such transfer and stays lent until winpe_fw_done(): each
 * lending reopens the card, and a card that negotiates its link anew costs
 * a second or more (QEMU's e1000: 1 s).  FILE_READ never waits: it answers
 *   "not yet" (PXE status TFTP_OPEN) and a watchdog ends a transfer that
 *   brings nothing for FW_IDLE_S seconds.  FILE_OPEN itself returns with
 *   the first byte of the body or iPXE's own error: iPXE has no timeout of
 *   its own for a server that accepts the connection and answers nothing,
 *   so that holds the boot until the server closes (measured: 600 s of a
 *   silent server, then PXE status 0x01); such a failure is named as one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <com32.h>
#include <netinet/in.h>
#include <syslinux/pxe_api.h>
#include "fwget.h"
#include "progress.h"
#include "pxelend.h"
#include "pxeserver.h"
#include "tftp_url.h"

#define FW_BLKSIZE    1432u /* iPXE's largest TFTP block */
#define FW_BUF        2048u /* low-memory block buffer (>= any PacketSize accepted) */
#define FW_HTTP_BUF   8192u /* low-memory FILE_READ buffer (iPXE hands over one packet per call) */
#define FW_IDLE_S     15u   /* no new byte for this long: the HTTP transfer is given up */
#define FW_URL_MAX    512u

static const char g_name[] = "iPXE";

/* The firmware's client for p: iPXE's, TFTP and HTTP alike. */
const char *winpe_fw_client(enum fw_proto p)
{
	(void)p;
	return pxe_is_ipxe() ? g_name : NULL;
}

/* A PXE status of the TFTP or FILE API as the module's error code and words. */
static int status_err(struct wp_err *err, const char *proto, uint16_t status, const char *path,
		      const char *server, uint64_t at)
{
	if (status == PXENV_STATUS_TFTP_FILE_NOT_FOUND)
		return wp_fail(err, WP_ENOENT, "%s: cannot open (the %s server %s has no such file)",
			       path, proto, server);
	if (status == PXENV_STATUS_TFTP_ACCESS_VIOLATION)
		return wp_fail(err, WP_ENOENT, "%s: the %s server %s refuses to send it (access "
			       "violation): check the file's permissions", path, proto, server);
	return wp_fail(err, WP_EIO, "%s: %s's %s client stopped after %llu bytes from %s "
		       "(PXE status 0x%02x)", path, g_name, proto, (unsigned long long)at, server,
		       status);
}

/* low-memory parameter blocks and buffer of one FILE API transfer */
struct file_api {
	t_PXENV_FILE_OPEN op;
	t_PXENV_GET_FILE_SIZE fs;
	t_PXENV_FILE_READ rd;
	t_PXENV_FILE_CLOSE cl;
	char url[FW_URL_MAX];
	uint8_t buf[FW_HTTP_BUF];
};

/* Read http://host:port/path through iPXE's FILE API (see fwget.h). */
static int ipxe_http(const char *host, uint16_t port, const char *path, const struct tftp_io *io,
		    struct tftp_stats *st, char *desc, size_t n, struct wp_err *err)
{
	struct file_api *f;
	uint64_t off = 0, announced = 0;
	uint32_t server, last, waited;
	int rc;

	if (!tftp_parse_ipv4(host, &server) || path[0] != '/' || strpbrk(path, " #"))
		return WP_EUNSUPP;
	pxe_ntoa(server, desc, n);
	if (!(f = lmalloc(sizeof(*f))))
		return WP_EUNSUPP;
	memset(f, 0, sizeof(*f));
	if ((size_t)snprintf(f->url, sizeof(f->url), "http://%s:%u%s", desc, port ? port : 80,
			     path) >= sizeof(f->url)) {
		lfree(f);
		return WP_EUNSUPP;
	}
	if (pxe_card_to_ipxe()) {
		lfree(f);
		return WP_EUNSUPP;
	}
	f->op.FileName = FAR_PTR(f->url);
	waited = progress_now_ms();
	if (pxe_call(PXENV_FILE_OPEN, &f->op) || f->op.Status) {
		waited = progress_now_ms() - waited;
		if (f->op.Status != PXENV_STATUS_TFTP_FILE_NOT_FOUND && waited >= FW_IDLE_S * 1000u)
			rc = wp_fail(err, WP_EIO, "%s: no answer from the HTTP server %s for %u s "
				     "(%s's HTTP client gave up: PXE status 0x%02x)", path, desc,
				     (unsigned)(waited / 1000u), g_name, f->op.Status);
		else
			rc = status_err(err, "HTTP", f->op.Status, path, desc, 0);
		goto out;
	}
	f->fs.FileHandle = f->op.FileHandle;
	if (!pxe_call(PXENV_GET_FILE_SIZE, &f->fs) && !f->fs.Status && f->fs.FileSize) {
		announced = f->fs.FileSize; /* Content-Length (0: none, or an empty file) */
		st->have_tsize = true;
		st->tsize = announced;
		if (io->size && (rc = io->size(io->sink, announced)) < 0)
			goto close;
	}
	last = progress_now_ms();
	for (;;) {
		memset(&f->rd, 0, sizeof(f->rd));
		f->rd.FileHandle = f->op.FileHandle;
		f->rd.BufferSize = sizeof(f->buf);
		f->rd.Buffer = FAR_PTR(f->buf);
		if (pxe_call(PXENV_FILE_READ, &f->rd) || f->rd.Status) {
			if (f->rd.Status != PXENV_STATUS_TFTP_OPEN) {
				rc = status_err(err, "HTTP", f->rd.Status, path, desc, off);
				goto close;
			}
			/* nothing yet */
			if (progress_now_ms() - last > FW_IDLE_S * 1000u) {
				rc = wp_fail(err, WP_EIO, "%s: nothing from %s's HTTP client for %u s "
					     "(%llu bytes so far)", path, g_name, FW_IDLE_S,
					     (unsigned long long)off);
				goto close;
			}
			continue;
		}
		if (!f->rd.BufferSize)
			break; /* the end of the body */
		if (f->rd.BufferSize > sizeof(f->buf) ||
		    (announced && off + f->rd.BufferSize > announced)) {
			rc = wp_fail(err, WP_EIO, "%s: the HTTP server sends more than the %llu bytes "
				     "it announced", path, (unsigned long long)announced);
			goto close;
		}
		if ((rc = io->data(io->sink, off, f->buf, f->rd.BufferSize)) < 0)
			goto close;
		off += f->rd.BufferSize;
		st->bytes = off;
		st->blocks++;
		last = progress_now_ms();
	}
	rc = 0;
	if (announced && off != announced)
		rc = wp_fail(err, WP_EIO, "%s: the server announced %llu bytes but sent %llu", path,
			     (unsigned long long)announced, (unsigned long long)off);
close:
	f->cl.FileHandle = f->op.FileHandle;
	pxe_call(PXENV_FILE_CLOSE, &f->cl);
out:
	lfree(f);
	return rc;
}

/* Read path through iPXE's TFTP client (see fwget.h). */
static int ipxe_tftp(const char *host, uint16_t port, const char *path, const struct tftp_io *io,
		    struct tftp_stats *st, char *desc, size_t n, struct wp_err *err)
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
	int rc;

	/* the API takes 127 characters; iPXE builds a URI from the name */
	if (!len || len >= sizeof(op->FileName) || strpbrk(path, ":?#% "))
		return WP_EUNSUPP;
	if ((rc = pxe_target(host, &t, err)))
		return rc;
	if (pxe_card_to_ipxe())
		return WP_EUNSUPP;
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
			rc = status_err(err, "TFTP", fs->Status, path, desc, 0);
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
		rc = status_err(err, "TFTP", op->Status, path, desc, 0);
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
			rc = status_err(err, "TFTP", rd->Status, path, desc, off);
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

/* Read path through iPXE's client for p (see fwget.h). */
int winpe_fw_get(enum fw_proto p, const char *host, uint16_t port, const char *path,
		 const struct tftp_io *io, struct tftp_stats *st, char *desc, size_t n,
		 struct wp_err *err)
{
	struct tftp_stats dummy;

	if (!st)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	st->server_error = -1;
	st->windowsize = 1;
	if (!winpe_fw_client(p))
		return WP_EUNSUPP;
	if (p == FW_HTTP)
		return ipxe_http(host, port, path, io, st, desc, n, err);
	return ipxe_tftp(host, port, path, io, st, desc, n, err);
}

/* Give lpxelinux.0's card back to lwIP (see fwget.h). */
void winpe_fw_done(void)
{
	pxe_card_to_lwip();
}
