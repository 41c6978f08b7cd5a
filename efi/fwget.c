/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fwget.c - module/fwget.h on UEFI: iPXE's download protocol, which iPXE
 * installs for the images it starts (here syslinux.efi, when iPXE is the
 * network card's driver): Start(URL, data and finish callbacks), then Poll
 * until the finish callback.  iPXE's own TCP/IP stack takes the card for
 * the transfer (TFTP: blksize and tsize, lock-step; HTTP) and calls us back
 * with each piece in order and, first, a zero-length piece whose offset
 * announces the size.  A watchdog aborts a transfer that brings nothing for
 * FW_IDLE_S seconds.
 */
#include <efi.h>
#include <stdio.h>
#include <string.h>
#include "fw.h"
#include "fwget.h"
#include "tftp_url.h"

#define FW_IDLE_S 15

/* The protocol as iPXE defines it (src/include/ipxe/efi/efi_download.h). */
typedef EFI_STATUS (EFIAPI *dl_data_fn)(VOID *ctx, VOID *buf, UINTN len, UINTN off);
typedef VOID (EFIAPI *dl_finish_fn)(VOID *ctx, EFI_STATUS status);
struct ipxe_download {
	EFI_STATUS (EFIAPI *Start)(struct ipxe_download *self, CHAR8 *url, dl_data_fn data,
				   dl_finish_fn finish, VOID *ctx, VOID **file);
	EFI_STATUS (EFIAPI *Abort)(struct ipxe_download *self, VOID *file, EFI_STATUS status);
	EFI_STATUS (EFIAPI *Poll)(struct ipxe_download *self);
};
static EFI_GUID g_dl_guid = { 0x3eaeaebd, 0xdecf, 0x493b,
			      { 0x9b, 0xd1, 0xcd, 0xb2, 0xde, 0xca, 0xe7, 0x19 } };

/* One transfer, as the callbacks see it. */
struct dl_run {
	const struct tftp_io *io;
	uint64_t got, announced;
	uint64_t pieces;
	int rc;               /* the sink's or our own refusal (0: none) */
	bool finished;
	EFI_STATUS status;    /* iPXE's reason for finishing */
	struct wp_err *err;
	const char *url;
};

static struct ipxe_download *g_dl;
static int g_looked;

/* iPXE's download protocol, looked up once; NULL when the firmware has none. */
static struct ipxe_download *download_protocol(void)
{
	struct efi_fw fw;
	struct wp_err e2;
	void *p = NULL;

	if (!g_looked) {
		g_looked = 1;
		if (!efi_fw_init(&fw, false, &e2) &&
		    !EFI_ERROR(fw.bs->LocateProtocol(&g_dl_guid, NULL, &p)) && p)
			g_dl = p;
	}
	return g_dl;
}

/* The firmware's client: iPXE's, for TFTP and HTTP alike. */
const char *winpe_fw_client(enum fw_proto p)
{
	(void)p;
	return download_protocol() ? "iPXE" : NULL;
}

/* The task priority level we run at (raised to the top and put back). */
static EFI_TPL tpl_now(EFI_BOOT_SERVICES *bs)
{
	EFI_TPL t = bs->RaiseTPL(TPL_HIGH_LEVEL);

	bs->RestoreTPL(t);
	return t;
}

/* iPXE's data callback: the size hint, then the bytes, in order, to the sink. */
static EFI_STATUS EFIAPI on_data(VOID *ctx, VOID *buf, UINTN len, UINTN off)
{
	struct dl_run *r = ctx;
	int rc;

	if (r->rc)
		return EFI_ABORTED;
	if (!len) {
		/* a size hint comes before any data, at the file's end */
		if (off && !r->got && !r->announced) {
			r->announced = off;
			if (r->io->size && (rc = r->io->size(r->io->sink, off)) < 0) {
				r->rc = rc;
				return EFI_ABORTED;
			}
		}
		return EFI_SUCCESS;
	}
	if (off != r->got) {
		r->rc = wp_fail(r->err, WP_EIO, "%s: iPXE delivered bytes at %llu where %llu were due",
				r->url, (unsigned long long)off, (unsigned long long)r->got);
		return EFI_ABORTED;
	}
	if ((rc = r->io->data(r->io->sink, off, buf, len)) < 0) {
		r->rc = rc;
		return EFI_ABORTED;
	}
	r->got += len;
	r->pieces++;
	return EFI_SUCCESS;
}

/* iPXE's finish callback: the whole file, or why not. */
static VOID EFIAPI on_finish(VOID *ctx, EFI_STATUS status)
{
	struct dl_run *r = ctx;

	r->finished = true;
	r->status = status;
}

/* Read path through iPXE's download protocol (see fwget.h). */
int winpe_fw_get(enum fw_proto p, const char *host, uint16_t port, const char *path,
		 const struct tftp_io *io, struct tftp_stats *st, char *desc, size_t n,
		 struct wp_err *err)
{
	struct ipxe_download *dl = download_protocol();
	const char *proto = p == FW_TFTP ? "TFTP" : "HTTP";
	struct efi_fw fw;
	struct efi_pxe_nic nic;
	struct wp_err e2;
	struct dl_run r;
	char url[600];
	const uint8_t *b;
	uint32_t server = 0;
	uint64_t seen = 0;
	EFI_EVENT tick = NULL;
	VOID *file = NULL;
	EFI_TPL tpl0;
	EFI_STATUS s;

	if (st) {
		memset(st, 0, sizeof(*st));
		st->server_error = -1;
		st->windowsize = 1;
	}
	if (!dl || efi_fw_init(&fw, false, &e2) || strpbrk(path, " #") ||
	    (p == FW_TFTP && strpbrk(path, "%?")))
		return WP_EUNSUPP;
	if (host[0]) {
		if (!tftp_parse_ipv4(host, &server))
			return WP_EUNSUPP;
	} else if (!efi_pxe_nic(fw.bs, &nic)) {
		server = efi_pxe_boot_server(&nic);
	}
	if (!server)
		return WP_EUNSUPP;
	b = (const uint8_t *)&server;
	snprintf(desc, n, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
	if (p == FW_TFTP)
		snprintf(url, sizeof(url), "tftp://%s:%u/%s", desc, port ? port : TFTP_PORT, path);
	else
		snprintf(url, sizeof(url), "http://%s:%u%s", desc, port ? port : 80, path);
	if (strlen(url) >= sizeof(url) - 1)
		return WP_EUNSUPP;
	memset(&r, 0, sizeof(r));
	r.io = io;
	r.err = err;
	r.url = url;
	if (EFI_ERROR(fw.bs->CreateEvent(EVT_TIMER, 0, NULL, NULL, &tick)) ||
	    EFI_ERROR(fw.bs->SetTimer(tick, TimerPeriodic, FW_IDLE_S * 10000000ull))) {
		if (tick)
			fw.bs->CloseEvent(tick);
		return WP_EUNSUPP;
	}
	tpl0 = tpl_now(fw.bs);
	s = dl->Start(dl, (CHAR8 *)url, on_data, on_finish, &r, &file);
	if (EFI_ERROR(s)) {
		if (tpl_now(fw.bs) > tpl0)
			fw.bs->RestoreTPL(tpl0);
		fw.bs->CloseEvent(tick);
		if (s == EFI_NOT_FOUND)
			return wp_fail(err, WP_ENOENT, "%s: cannot open (the %s server %s has no such "
				       "file)", path, proto, desc);
		return wp_fail(err, WP_EIO, "%s: iPXE's %s client cannot start %s (EFI status "
			       "0x%llx)", path, proto, url, (unsigned long long)s);
	}
	while (!r.finished) {
		dl->Poll(dl);
		if (!r.finished && fw.bs->CheckEvent(tick) == EFI_SUCCESS) {
			/* a whole period with no new byte: give up on this transfer */
			if (r.got == seen && !r.rc)
				r.rc = wp_fail(err, WP_EIO, "%s: nothing from iPXE's %s client for %u s "
					       "(%llu bytes so far)", path, proto, FW_IDLE_S,
					       (unsigned long long)r.got);
			seen = r.got;
			if (r.rc)
				dl->Abort(dl, file, EFI_TIMEOUT); /* (calls on_finish) */
		}
	}
	fw.bs->CloseEvent(tick);
	/* iPXE raises the TPL to TPL_CALLBACK while it holds the card and
	 * (2019's, Debian 12's ipxe-qemu) leaves it there: the firmware's own
	 * network timers, and so syslinux.efi's next TFTP, would stop */
	if (tpl_now(fw.bs) > tpl0)
		fw.bs->RestoreTPL(tpl0);
	if (st) {
		st->bytes = r.got;
		st->blocks = r.pieces;
		st->have_tsize = r.announced != 0;
		st->tsize = r.announced;
		st->oack = true;
	}
	if (r.rc)
		return r.rc;
	if (r.status == EFI_NOT_FOUND)
		return wp_fail(err, WP_ENOENT, "%s: cannot open (the %s server %s has no such file)",
			       path, proto, desc);
	if (EFI_ERROR(r.status))
		return wp_fail(err, WP_EIO, "%s: iPXE's %s client stopped after %llu bytes from %s "
			       "(EFI status 0x%llx)", path, proto, (unsigned long long)r.got, desc,
			       (unsigned long long)r.status);
	if (r.announced && r.got != r.announced)
		return wp_fail(err, WP_EIO, "%s: the server announced %llu bytes but sent %llu", path,
			       (unsigned long long)r.announced, (unsigned long long)r.got);
	return 0;
}

/* Nothing is held between two of iPXE's downloads. */
void winpe_fw_done(void)
{
}
