/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tftp.c - the TFTP read client of tftp.h.  Only in-order blocks are
 * delivered, so the sink sees one sequential stream (hashing as it comes);
 * a block that completes a window is ACKed before it is delivered, so the
 * sink's work overlaps the server's next send.
 * Window rules (RFC 7440): an ACK after `windowsize` in-order blocks or the
 * last block; a block beyond the next one expected (a gap) is answered once
 * with an ACK of the last in-order block, and the server resumes from there;
 * an old block (the server did not get our ACK) is answered once the same
 * way.  After such an early ACK, up to a window of packets still in flight
 * from the old window draw no further early ACK.  A timeout repeats the last
 * packet with a doubled timeout.
 */
#include "tftp.h"

enum { OP_RRQ = 1, OP_DATA = 3, OP_ACK = 4, OP_ERROR = 5, OP_OACK = 6 };

#define RRQ_MAX 512

struct tftp_run {
	const struct tftp_opts *o;
	const struct tftp_io *io;
	struct tftp_stats *st;
	struct wp_err *err;
	const char *path;
	uint8_t *rx;          /* receive buffer */
	size_t rx_cap;
	uint8_t tx[RRQ_MAX];  /* the last packet sent (RRQ or ACK) */
	size_t tx_len;
	uint16_t tx_port;
};

/* Big-endian 16-bit field of a packet. */
static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Store a big-endian 16-bit field. */
static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Send (and remember for retransmission) the packet in r->tx. */
static int send_tx(struct tftp_run *r)
{
	if (r->io->send(r->io->ctx, r->tx_port, r->tx, r->tx_len) < 0)
		return wp_fail(r->err, WP_EIO, "%s: cannot send to the TFTP server", r->path);
	return 0;
}

/* Send an ACK of block number blk to the server's TID. */
static int send_ack(struct tftp_run *r, uint16_t blk)
{
	put_be16(r->tx, OP_ACK);
	put_be16(r->tx + 2, blk);
	r->tx_len = 4;
	r->tx_port = r->st->server_port;
	r->st->acks++;
	return send_tx(r);
}

/* Send an ERROR packet (not remembered: nothing answers it). */
static void send_error(struct tftp_run *r, uint16_t port, uint16_t code, const char *msg)
{
	uint8_t p[64];
	size_t n = strlen(msg);

	if (n > sizeof(p) - 5)
		n = sizeof(p) - 5;
	put_be16(p, OP_ERROR);
	put_be16(p + 2, code);
	memcpy(p + 4, msg, n);
	p[4 + n] = 0;
	r->io->send(r->io->ctx, port, p, n + 5);
}

/* Append "name\0value\0" to the RRQ; false when it does not fit. */
static bool put_opt(uint8_t *p, size_t *len, const char *name, unsigned long long v)
{
	char val[24];
	size_t a = strlen(name), b;

	snprintf(val, sizeof(val), "%llu", v);
	b = strlen(val);
	if (*len + a + b + 2 > RRQ_MAX)
		return false;
	memcpy(p + *len, name, a + 1);
	*len += a + 1;
	memcpy(p + *len, val, b + 1);
	*len += b + 1;
	return true;
}

/* Build the RRQ for path with the requested options into r->tx. */
static int build_rrq(struct tftp_run *r)
{
	const struct tftp_opts *o = r->o;
	size_t n = strlen(r->path), len;
	bool ok = true;

	if (!n || 2 + n + 1 + 6 > RRQ_MAX)
		return wp_fail(r->err, WP_EINVAL, "%s: path is empty or too long for a TFTP request", r->path);
	put_be16(r->tx, OP_RRQ);
	memcpy(r->tx + 2, r->path, n + 1);
	len = 2 + n + 1;
	memcpy(r->tx + len, "octet", 6);
	len += 6;
	if (o->tsize)
		ok = ok && put_opt(r->tx, &len, "tsize", 0);
	if (o->blksize)
		ok = ok && put_opt(r->tx, &len, "blksize", o->blksize);
	if (o->windowsize > 1)
		ok = ok && put_opt(r->tx, &len, "windowsize", o->windowsize);
	if (!ok)
		return wp_fail(r->err, WP_EINVAL, "%s: path is too long for a TFTP request with options", r->path);
	r->tx_len = len;
	r->tx_port = o->port ? o->port : TFTP_PORT;
	return 0;
}

/* ASCII case-insensitive string equality. */
static bool eq_ci(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

/* A decimal option value (digits only, at most 20 of them). */
static bool parse_dec(const char *s, uint64_t *v)
{
	uint64_t x = 0;
	unsigned n = 0;

	for (; *s; s++, n++) {
		if (*s < '0' || *s > '9' || n >= 19)
			return false;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*v = x;
	return n > 0;
}

/*
 * Apply an OACK (pkt, n bytes) to r->st: only options we asked for, values
 * within what we asked.  Returns false (and fills why) when it is unusable.
 */
static bool apply_oack(struct tftp_run *r, const uint8_t *pkt, size_t n, char *why, size_t wn)
{
	const struct tftp_opts *o = r->o;
	struct tftp_stats *st = r->st;
	size_t i = 2;

	st->blksize = 512;
	st->windowsize = 1;
	while (i < n) {
		const char *name = (const char *)pkt + i, *val;
		size_t a = i, b;
		uint64_t v;
		while (a < n && pkt[a])
			a++;
		if (a >= n) {
			snprintf(why, wn, "an OACK option is not terminated");
			return false;
		}
		b = a + 1;
		val = (const char *)pkt + b;
		while (b < n && pkt[b])
			b++;
		if (b >= n) {
			snprintf(why, wn, "OACK option '%.20s' has no value", name);
			return false;
		}
		if (!parse_dec(val, &v)) {
			snprintf(why, wn, "OACK option '%.20s' has value '%.20s'", name, val);
			return false;
		}
		if (eq_ci(name, "blksize") && o->blksize) {
			if (v < 8 || v > o->blksize) {
				snprintf(why, wn, "OACK blksize %llu (asked for %u)", (unsigned long long)v, o->blksize);
				return false;
			}
			st->blksize = (unsigned)v;
		} else if (eq_ci(name, "windowsize") && o->windowsize > 1) {
			if (v < 1 || v > o->windowsize) {
				snprintf(why, wn, "OACK windowsize %llu (asked for %u)", (unsigned long long)v, o->windowsize);
				return false;
			}
			st->windowsize = (unsigned)v;
		} else if (eq_ci(name, "tsize") && o->tsize) {
			st->have_tsize = true;
			st->tsize = v;
		} else {
			snprintf(why, wn, "OACK has option '%.20s' that was not asked for", name);
			return false;
		}
		i = b + 1;
	}
	return true;
}

/* An ERROR packet from the server: the status the caller gets. */
static int server_error(struct tftp_run *r, const uint8_t *pkt, size_t n, bool before_data)
{
	struct tftp_stats *st = r->st;
	size_t i, m = 0;

	st->server_error = n >= 4 ? be16(pkt + 2) : 0;
	for (i = 4; i < n && pkt[i] && m < sizeof(st->server_msg) - 1; i++)
		st->server_msg[m++] = (char)(pkt[i] >= 32 && pkt[i] < 127 ? pkt[i] : '?');
	st->server_msg[m] = 0;
	if (st->server_error == 1)
		return wp_fail(r->err, WP_ENOENT, "%s: the TFTP server has no such file (%s)", r->path, st->server_msg);
	if (st->server_error == 8 && before_data)
		return wp_fail(r->err, WP_EUNSUPP, "%s: the TFTP server refused the options (%s)", r->path, st->server_msg);
	return wp_fail(r->err, WP_EIO, "%s: TFTP server error %d (%s)", r->path, st->server_error, st->server_msg);
}

/* The transfer loop after the RRQ has been built. */
static int run(struct tftp_run *r)
{
	const struct tftp_opts *o = r->o;
	const struct tftp_io *io = r->io;
	struct tftp_stats *st = r->st;
	unsigned base = o->timeout_ms ? o->timeout_ms : 1000;
	unsigned tmax = o->timeout_max ? o->timeout_max : 8000;
	unsigned retries = o->retries ? o->retries : 6;
	unsigned tmo = base, tries = 0, in_window = 0;
	unsigned quiet = 0;           /* packets still in flight from before our last early ACK */
	uint64_t expect = 1;          /* index of the next block wanted (1-based, no wrap) */
	bool have_tid = false, gap_acked = false, dup_acked = false;
	char why[96];
	int rc;

	if ((rc = send_tx(r)))
		return rc;
	for (;;) {
		uint16_t port = 0, op, blk, d;
		bool from_server = false;
		int n = io->recv(io->ctx, r->rx, r->rx_cap, &port, &from_server, tmo);
		size_t len;

		if (n < 0)
			return wp_fail(r->err, WP_EIO, "%s: the network failed while receiving", r->path);
		if (n == 0) {
			st->timeouts++;
			if (++tries > retries)
				return wp_fail(r->err, WP_EIO, "%s: no answer from the TFTP server after %u tries; "
					       "check the server and the network", r->path, tries);
			tmo = tmo * 2 > tmax ? tmax : tmo * 2;
			in_window = 0;
			quiet = 0;
			gap_acked = dup_acked = false;
			if (r->tx_len == 4 && be16(r->tx) == OP_ACK)
				st->acks++;
			if ((rc = send_tx(r)))
				return rc;
			continue;
		}
		if (!from_server || n < 4 || (have_tid && port != st->server_port)) {
			st->stray++;
			if (from_server && have_tid && port != st->server_port)
				send_error(r, port, 5, "Unknown transfer ID");
			continue;
		}
		len = (size_t)n;
		op = be16(r->rx);
		if (op == OP_ERROR)
			return server_error(r, r->rx, len, expect == 1);
		if (op == OP_OACK) {
			if (have_tid) {
				/* our ACK 0 was lost: the server repeats its OACK */
				if (expect == 1 && st->oack && (rc = send_ack(r, 0)))
					return rc;
				st->dups++;
				continue;
			}
			if (!apply_oack(r, r->rx, len, why, sizeof(why))) {
				send_error(r, port, 8, "option not usable");
				return wp_fail(r->err, WP_EUNSUPP, "%s: the TFTP server's answer is not usable: %s",
					       r->path, why);
			}
			have_tid = true;
			st->oack = true;
			st->server_port = port;
			if (st->have_tsize && io->size && (rc = io->size(io->sink, st->tsize)) < 0) {
				send_error(r, port, 0, "aborted");
				return rc;
			}
			tries = 0;
			tmo = base;
			if ((rc = send_ack(r, 0)))
				return rc;
			continue;
		}
		if (op != OP_DATA) {
			st->stray++;
			continue;
		}
		if (!have_tid) {
			/* no OACK: the server ignored the options (RFC 1350 lock-step) */
			have_tid = true;
			st->server_port = port;
			st->blksize = 512;
			st->windowsize = 1;
		}
		if (len - 4 > st->blksize) {
			st->stray++;
			continue;
		}
		blk = be16(r->rx + 2);
		d = (uint16_t)(blk - (uint16_t)expect);
		if (quiet)
			quiet--;
		if (d == 0) {
			uint64_t off = (expect - 1) * st->blksize;
			size_t dl = len - 4;
			bool last = dl < st->blksize;
			if (st->have_tsize && off + dl > st->tsize) {
				send_error(r, port, 0, "more data than tsize");
				return wp_fail(r->err, WP_EIO, "%s: the TFTP server sends more than the %llu bytes "
					       "it announced", r->path, (unsigned long long)st->tsize);
			}
			expect++;
			in_window++;
			tries = 0;
			tmo = base;
			if (!quiet)
				gap_acked = dup_acked = false;
			/* ACK first, then deliver: the server's next block is on its
			 * way while the sink copies and hashes this one (r->rx stays
			 * as it is until the next recv) */
			if (last || in_window >= st->windowsize) {
				in_window = 0;
				if ((rc = send_ack(r, blk)))
					return rc;
			}
			if (dl && (rc = io->data(io->sink, off, r->rx + 4, dl)) < 0) {
				send_error(r, port, 0, "aborted");
				return rc;
			}
			st->bytes += dl;
			st->blocks++;
			if (last) {
				if (st->have_tsize && st->bytes != st->tsize)
					return wp_fail(r->err, WP_EIO, "%s: the TFTP server announced %llu bytes but "
						       "sent %llu", r->path, (unsigned long long)st->tsize,
						       (unsigned long long)st->bytes);
				return 0;
			}
		} else if (d < 0x8000) {
			/* a block is missing: resume the window after the last in-order block */
			st->dups += gap_acked;
			if (!gap_acked) {
				st->gaps++;
				gap_acked = dup_acked = true;
				in_window = 0;
				quiet = st->windowsize;
				if ((rc = send_ack(r, (uint16_t)(expect - 1))))
					return rc;
			}
		} else {
			/* a block we have: the server missed our ACK */
			st->dups++;
			if (!dup_acked) {
				dup_acked = gap_acked = true;
				in_window = 0;
				quiet = st->windowsize;
				if ((rc = send_ack(r, (uint16_t)(expect - 1))))
					return rc;
			}
		}
	}
}

/* Read path from the server through io (see tftp.h). */
int tftp_get(const char *path, const struct tftp_opts *o, const struct tftp_io *io,
	     struct tftp_stats *st, struct wp_err *err)
{
	struct tftp_run r;
	unsigned blk = o->blksize > 512 ? o->blksize : 512;
	int rc;

	if (o->blksize && (o->blksize < 8 || o->blksize > TFTP_BLKSIZE_MAX))
		return wp_fail(err, WP_EINVAL, "%s: blksize %u is outside 8..%u", path, o->blksize,
			       TFTP_BLKSIZE_MAX);
	memset(st, 0, sizeof(*st));
	st->server_error = -1;
	st->blksize = 512;
	st->windowsize = 1;
	memset(&r, 0, sizeof(r));
	r.o = o;
	r.io = io;
	r.st = st;
	r.err = err;
	r.path = path;
	if ((rc = build_rrq(&r)))
		return rc;
	r.rx_cap = 4 + blk + 1; /* one byte more: an oversized block shows */
	r.rx = malloc(r.rx_cap);
	if (!r.rx)
		return wp_fail(err, WP_ENOMEM, "%s: out of memory for a TFTP buffer", path);
	rc = run(&r);
	free(r.rx);
	return rc;
}

/* Window for the next transfer: halve after loss, double after a clean one. */
unsigned tftp_next_window(unsigned cur, const struct tftp_stats *st, unsigned max)
{
	if (cur < 1)
		cur = 1;
	if (st->gaps || st->timeouts)
		return cur > 1 ? cur / 2 : 1;
	cur *= 2;
	return cur > max ? max : cur;
}
