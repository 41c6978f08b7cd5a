/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_http.c - libFuzzer target for core/http.c: the input's first byte
 * picks the piece size the "server" hands out (1..256 bytes per read) and
 * what follows the last byte (close, time-out, reset); the rest is the
 * response.  The parser must deliver body bytes in order, never past a
 * Content-Length it announced, call size at most once and before any data,
 * and return 0 only with the whole announced body (or, without a length,
 * after the close).
 * Run: make fuzz FUZZ_TARGETS=fuzz_http
 */
#include <stdlib.h>
#include <string.h>
#include "http.h"

struct fz {
	const uint8_t *p;
	size_t left, piece;
	int end;
	uint64_t got, len;
	bool have_len;
	unsigned sends;
};

/* Abort (a finding) when an invariant does not hold. */
static void must(int cond)
{
	if (!cond)
		abort();
}

/* The request goes nowhere; it must be one well-formed GET. */
static int fz_send(void *ctx, const void *buf, size_t len)
{
	struct fz *f = ctx;

	must(len > 20 && !memcmp(buf, "GET /", 5));
	f->sends++;
	return 0;
}

/* The next piece of the input, then the chosen end. */
static int fz_recv(void *ctx, void *buf, size_t cap, unsigned timeout_ms)
{
	struct fz *f = ctx;
	size_t n = f->left < f->piece ? f->left : f->piece;

	if (!n)
		return f->end == 0 ? HTTP_RECV_CLOSED : f->end == 1 ? HTTP_RECV_IDLE : HTTP_RECV_FAILED;
	if (n > cap)
		n = cap;
	memcpy(buf, f->p, n);
	f->p += n;
	f->left -= n;
	return (int)n;
}

/* Content-Length: once, before data. */
static int fz_size(void *ctx, uint64_t len)
{
	struct fz *f = ctx;

	must(!f->have_len && !f->got);
	f->have_len = true;
	f->len = len;
	return 0;
}

/* Data must come in order and within the length. */
static int fz_data(void *ctx, uint64_t off, const void *b, size_t len)
{
	struct fz *f = ctx;

	must(off == f->got && len > 0);
	must(!f->have_len || off + len <= f->len);
	f->got += len;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f;
	struct http_url u;
	struct http_io io;
	struct http_stats st;
	struct wp_err err;
	int rc;

	if (size < 1)
		return 0;
	memset(&f, 0, sizeof(f));
	f.piece = (size_t)(data[0] & 0x3f) * 4 + 1;
	f.end = (data[0] >> 6) % 3;
	f.p = data + 1;
	f.left = size - 1;
	http_url_parse("http://10.0.0.1:8080/boot/boot.wim", &u, &err);
	memset(&io, 0, sizeof(io));
	io.ctx = &f;
	io.send = fz_send;
	io.recv = fz_recv;
	io.sink = &f;
	io.size = fz_size;
	io.data = fz_data;
	rc = http_get("http://10.0.0.1:8080/boot/boot.wim", &u, NULL, &io, &st, &err);
	must(f.sends == 1);
	must(st.bytes == f.got);
	if (rc == 0) {
		must(st.status == 200);
		must(f.have_len ? f.got == f.len : (f.end == 0 && !f.left));
	} else {
		must(rc < 0 && err.msg[0]);
	}
	return 0;
}
