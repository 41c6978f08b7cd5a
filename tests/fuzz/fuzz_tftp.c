/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_tftp.c - libFuzzer target for core/tftp.c: the input is the sequence
 * of datagrams the "server" sends (each: 1 byte flags, 2 bytes length, the
 * bytes; flag bit 0 = from another port, bit 1 = a timeout instead).  The
 * client must never deliver data out of order, beyond tsize or past what it
 * received, must end on its own (the input runs out: timeouts), and must
 * return 0 only with the whole announced size.
 * Run: make fuzz FUZZ_TARGETS=fuzz_tftp
 */
#include <stdlib.h>
#include <string.h>
#include "tftp.h"

struct fz {
	const uint8_t *p;
	size_t left;
	uint64_t got, tsize;
	bool have_tsize;
	unsigned sends;
};

/* Abort (a finding) when an invariant does not hold. */
static void must(int cond)
{
	if (!cond)
		abort();
}

/* Sends go nowhere; count them (bounded work per input). */
static int fz_send(void *ctx, uint16_t port, const void *pkt, size_t len)
{
	struct fz *f = ctx;

	must(len >= 4 && len <= 512);
	f->sends++;
	return 0;
}

/* The next scripted datagram, or a timeout. */
static int fz_recv(void *ctx, void *buf, size_t cap, uint16_t *port, bool *from_server,
		   unsigned timeout_ms)
{
	struct fz *f = ctx;
	uint8_t flags;
	size_t n;

	if (f->left < 3)
		return 0;
	flags = f->p[0];
	n = (size_t)(f->p[1] | f->p[2] << 8);
	f->p += 3;
	f->left -= 3;
	if (n > f->left)
		n = f->left;
	if (flags & 2)
		return 0;
	*port = (flags & 1) ? 2000 : 1000;
	*from_server = !(flags & 4);
	if (n > cap)
		n = cap;
	memcpy(buf, f->p, n);
	f->p += n;
	f->left -= n;
	return (int)n;
}

/* tsize: remembered for the checks. */
static int fz_size(void *ctx, uint64_t tsize)
{
	struct fz *f = ctx;

	must(!f->got);
	f->have_tsize = true;
	f->tsize = tsize;
	return 0;
}

/* Data must come in order and within tsize. */
static int fz_data(void *ctx, uint64_t off, const void *b, size_t len)
{
	struct fz *f = ctx;

	must(off == f->got && len > 0 && len <= 1468);
	must(!f->have_tsize || off + len <= f->tsize);
	f->got += len;
	return 0;
}

/* libFuzzer entry point. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size, 0, 0, false, 0 };
	struct tftp_io io = { &f, fz_send, fz_recv, &f, fz_size, fz_data };
	struct tftp_opts o = { 0, 1468, 8, true, 1, 1, 3 };
	struct tftp_stats st;
	struct wp_err e;
	int rc = tftp_get("boot.wim", &o, &io, &st, &e);

	must(st.bytes == f.got);
	if (rc == 0 && st.have_tsize)
		must(f.got == st.tsize);
	must(rc <= 0);
	return 0;
}
