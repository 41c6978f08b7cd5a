/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_tftp.c - core/tftp.c against a scripted in-memory server: clean
 * windowed and lock-step transfers, loss, reorder, duplicates, a lost ACK,
 * a wrong TID, option refusal, unusable OACKs, block roll-over past 65535,
 * server ERROR packets, tsize mismatch, timeouts with back-off.  Every case
 * checks the delivered bytes exactly and the protocol counters.
 */
#include "harness.h"
#include "tftp.h"

#define SRV_PORT 40000
#define STRAY_PORT 40001
#define QMAX 256
#define PKTMAX (4 + 65536)

enum mode { M_OPTIONS, M_IGNORE, M_REFUSE, M_NOFILE, M_SILENT };

struct pkt {
	uint16_t port;
	size_t len;
	uint8_t *b;
};

/* The scripted server and the client's sink. */
struct sim {
	/* server configuration */
	enum mode mode;
	const uint8_t *file;
	uint64_t size;
	unsigned blk, win;        /* what the server grants (0: what is asked) */
	bool no_window;           /* OACK without windowsize */
	uint64_t tsize_lie;       /* announce this tsize instead (0: the truth) */
	char bad_oack[64];        /* raw extra option pair "name\0value" to add */
	size_t bad_oack_len;
	uint64_t drop_data;       /* drop the Nth DATA sent (1-based, 0 none) */
	uint64_t drop_data2;
	uint64_t dup_data;        /* send the Nth DATA twice */
	uint64_t swap_data;       /* swap the Nth DATA with the next one */
	unsigned drop_ack;        /* drop the Nth ACK received (1-based) */
	unsigned drop_oack_ack;   /* drop the ACK 0 (so the OACK is repeated) */
	uint64_t stray_at;        /* before the Nth DATA, a DATA from another port */
	uint64_t error_at;        /* instead of the Nth DATA, ERROR 0 */
	/* server state */
	unsigned g_blk, g_win;
	uint64_t nblocks, acked, data_sent, stray_sent;
	unsigned acks_seen;
	bool oack_sent, finished;
	uint64_t held;            /* a swapped DATA index waiting, 0 none */
	/* client-bound queue */
	struct pkt q[QMAX];
	unsigned qh, qt;
	/* what the client sent elsewhere */
	unsigned err_to_stray, err_to_server, last_err_code;
	unsigned tmo_log[16], n_tmo;
	/* sink */
	uint8_t *got;
	uint64_t got_len, announced;
	bool announced_set;
	int sink_fail_at;         /* data() returns WP_EIO at this call (1-based) */
	int sink_calls;
	uint64_t acked_first;     /* data() calls for a block the server had an ACK of */
};

/* Queue a datagram for the client. */
static void q_push(struct sim *s, uint16_t port, const void *b, size_t len)
{
	struct pkt *p = &s->q[s->qt % QMAX];

	if (s->qt - s->qh >= QMAX) {
		printf("  queue overflow\n");
		exit(2);
	}
	p->port = port;
	p->len = len;
	p->b = malloc(len ? len : 1);
	memcpy(p->b, b, len);
	s->qt++;
}

/* Build DATA block index i (1-based, no wrap) into buf; its length. */
static size_t mk_data(struct sim *s, uint64_t i, uint8_t *buf)
{
	uint64_t off = (i - 1) * s->g_blk;
	size_t n = off >= s->size ? 0 : (size_t)(s->size - off < s->g_blk ? s->size - off : s->g_blk);

	buf[0] = 0; buf[1] = 3;
	buf[2] = (uint8_t)(i >> 8); buf[3] = (uint8_t)i;
	memcpy(buf + 4, s->file + off, n);
	return n + 4;
}

/* The server sends one DATA (with the scripted faults). */
static void send_data(struct sim *s, uint64_t i)
{
	static uint8_t buf[PKTMAX];
	uint64_t k = ++s->data_sent;
	size_t n;

	if (s->stray_at && k == s->stray_at && !s->stray_sent) {
		n = mk_data(s, i, buf);
		memset(buf + 4, 0xEE, n - 4);
		q_push(s, STRAY_PORT, buf, n);
		s->stray_sent++;
	}
	if (s->error_at && k == s->error_at) {
		static const uint8_t e[] = { 0, 5, 0, 3, 'd', 'i', 's', 'k', ' ', 'f', 'u', 'l', 'l', 0 };
		q_push(s, SRV_PORT, e, sizeof(e));
		return;
	}
	if (k == s->drop_data || k == s->drop_data2)
		return;
	if (s->swap_data && k == s->swap_data) {
		s->held = i;
		return;
	}
	n = mk_data(s, i, buf);
	q_push(s, SRV_PORT, buf, n);
	if (k == s->dup_data)
		q_push(s, SRV_PORT, buf, n);
	if (s->held && k == s->swap_data + 1) {
		n = mk_data(s, s->held, buf);
		q_push(s, SRV_PORT, buf, n);
		s->held = 0;
	}
}

/* The server sends the window after block index `acked`. */
static void send_window(struct sim *s)
{
	uint64_t i;

	for (i = s->acked + 1; i <= s->nblocks && i <= s->acked + s->g_win; i++)
		send_data(s, i);
}

/* Option value in an RRQ (NULL if absent). */
static const char *rrq_opt(const uint8_t *p, size_t len, const char *name)
{
	size_t i = 2;
	int field = 0;

	while (i < len) {
		const char *f = (const char *)p + i;
		size_t l = strlen(f);
		if (field >= 2 && (field % 2) == 0 && !strcmp(f, name))
			return f + l + 1;
		i += l + 1;
		field++;
	}
	return NULL;
}

/* The client sends: the scripted server reacts. */
static int sim_send(void *ctx, uint16_t port, const void *pkt, size_t len)
{
	struct sim *s = ctx;
	const uint8_t *p = pkt;
	uint16_t op = (uint16_t)(p[0] << 8 | p[1]);

	if (op == 5) {
		s->last_err_code = (unsigned)(p[2] << 8 | p[3]);
		if (port == STRAY_PORT)
			s->err_to_stray++;
		else
			s->err_to_server++;
		return 0;
	}
	if (op == 1) {
		const char *bs = rrq_opt(p, len, "blksize"), *ws = rrq_opt(p, len, "windowsize"),
			   *ts = rrq_opt(p, len, "tsize");
		uint8_t o[256];
		size_t n = 2;
		if (port != TFTP_PORT || strcmp((const char *)p + 2, "boot.wim"))
			return 0;
		if (s->mode == M_SILENT)
			return 0;
		if (s->mode == M_NOFILE || s->mode == M_REFUSE) {
			uint8_t e[32] = { 0, 5, 0, (uint8_t)(s->mode == M_NOFILE ? 1 : 8) };
			strcpy((char *)e + 4, s->mode == M_NOFILE ? "File not found" : "Bad options");
			q_push(s, SRV_PORT, e, 4 + strlen((char *)e + 4) + 1);
			return 0;
		}
		s->nblocks = 0;
		if (s->mode == M_IGNORE || !(bs || ws || ts)) {
			s->g_blk = 512;
			s->g_win = 1;
		} else {
			s->g_blk = s->blk ? s->blk : (bs ? (unsigned)atoi(bs) : 512);
			s->g_win = s->no_window || !ws ? 1 : (s->win ? s->win : (unsigned)atoi(ws));
			o[0] = 0; o[1] = 6;
			if (ts)
				n += (size_t)sprintf((char *)o + n, "tsize%c%llu", 0,
						     (unsigned long long)(s->tsize_lie ? s->tsize_lie : s->size)) + 1;
			if (bs)
				n += (size_t)sprintf((char *)o + n, "blksize%c%u", 0, s->g_blk) + 1;
			if (ws && !s->no_window)
				n += (size_t)sprintf((char *)o + n, "windowsize%c%u", 0, s->g_win) + 1;
			memcpy(o + n, s->bad_oack, s->bad_oack_len);
			n += s->bad_oack_len;
		}
		s->nblocks = s->size / s->g_blk + 1;
		s->acked = 0;
		if (s->mode == M_IGNORE || n == 2) {
			send_window(s);
		} else {
			s->oack_sent = true;
			q_push(s, SRV_PORT, o, n);
		}
		return 0;
	}
	if (op == 4 && port == SRV_PORT) {
		uint16_t a = (uint16_t)(p[2] << 8 | p[3]);
		uint16_t d = (uint16_t)(a - (uint16_t)s->acked);
		uint64_t idx;
		s->acks_seen++;
		if (s->drop_ack && s->acks_seen == s->drop_ack)
			return 0;
		if (a == 0 && s->acked == 0 && s->drop_oack_ack) {
			s->drop_oack_ack = 0;
			/* the server's own timeout: the OACK again */
			uint8_t o[64];
			size_t n = 2;
			o[0] = 0; o[1] = 6;
			n += (size_t)sprintf((char *)o + n, "tsize%c%llu", 0, (unsigned long long)s->size) + 1;
			n += (size_t)sprintf((char *)o + n, "blksize%c%u", 0, s->g_blk) + 1;
			n += (size_t)sprintf((char *)o + n, "windowsize%c%u", 0, s->g_win) + 1;
			q_push(s, SRV_PORT, o, n);
			return 0;
		}
		if (d >= 0x8000)
			return 0; /* older than what we know is acked */
		idx = s->acked + d;
		if (idx > s->nblocks)
			return 0;
		s->acked = idx;
		if (idx == s->nblocks) {
			s->finished = true;
			return 0;
		}
		send_window(s);
	}
	return 0;
}

/* The client receives: the next queued datagram, or a timeout. */
static int sim_recv(void *ctx, void *buf, size_t cap, uint16_t *port, bool *from_server,
		    unsigned timeout_ms)
{
	struct sim *s = ctx;
	struct pkt *p;
	size_t n;

	if (s->qh == s->qt) {
		if (s->n_tmo < 16)
			s->tmo_log[s->n_tmo++] = timeout_ms;
		return 0;
	}
	p = &s->q[s->qh++ % QMAX];
	n = p->len < cap ? p->len : cap;
	memcpy(buf, p->b, n);
	free(p->b);
	*port = p->port;
	*from_server = true;
	return (int)n;
}

/* tsize from the server. */
static int sim_size(void *ctx, uint64_t size)
{
	struct sim *s = ctx;

	s->announced = size;
	s->announced_set = true;
	return 0;
}

/* In-order data into the sink (checks that offsets are sequential). */
static int sim_data(void *ctx, uint64_t off, const void *b, size_t len)
{
	struct sim *s = ctx;

	if (++s->sink_calls == s->sink_fail_at)
		return WP_EIO;
	if (off != s->got_len) {
		printf("  sink: offset %llu, expected %llu\n", (unsigned long long)off,
		       (unsigned long long)s->got_len);
		return WP_EFORMAT;
	}
	if (s->g_blk && s->acked >= off / s->g_blk + 1)
		s->acked_first++;
	s->got = realloc(s->got, s->got_len + len);
	memcpy(s->got + s->got_len, b, len);
	s->got_len += len;
	return 0;
}

static uint8_t *g_file;
#define FILE_MAX (512u * 70002)

/* A fresh simulation over the first size bytes of the test file. */
static void sim_init(struct sim *s, uint64_t size)
{
	memset(s, 0, sizeof(*s));
	s->file = g_file;
	s->size = size;
	s->mode = M_OPTIONS;
}

/* Run a transfer of "boot.wim" with the given window/blksize request. */
static int sim_get(struct sim *s, unsigned blksize, unsigned win, struct tftp_stats *st,
		   struct wp_err *e)
{
	struct tftp_io io = { s, sim_send, sim_recv, s, sim_size, sim_data };
	struct tftp_opts o = { 0, blksize, win, true, 0, 0, 0 };
	int rc = tftp_get("boot.wim", &o, &io, st, e);

	while (s->qh != s->qt)
		free(s->q[s->qh++ % QMAX].b);
	return rc;
}

/* The received bytes are exactly the file. */
static bool exact(const struct sim *s)
{
	return s->got_len == s->size && (!s->size || !memcmp(s->got, s->file, s->size));
}

/* Clean windowed transfer: 70 blocks of 1468 in windows of 16. */
static int t_clean_window(void)
{
	int h_bad = 0;
	struct sim s;
	struct tftp_stats st;
	struct wp_err e;
	int rc;

	sim_init(&s, 102400);
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0, "rc %d %s", rc, e.msg);
	EXPECT(exact(&s), "bytes differ (%llu)", (unsigned long long)s.got_len);
	EXPECT(st.oack && st.blksize == 1468 && st.windowsize == 16, "oack %d blk %u win %u",
	       st.oack, st.blksize, st.windowsize);
	EXPECT(s.announced_set && s.announced == 102400, "tsize");
	EXPECT(st.blocks == 70 && st.acks == 6, "blocks %llu acks %u", (unsigned long long)st.blocks, st.acks);
	EXPECT(!st.gaps && !st.dups && !st.timeouts && !st.stray, "counters");
	EXPECT(s.finished, "server did not see the last ACK");
	free(s.got);
	return h_bad;
}

/* A size that is a multiple of blksize ends with an empty block. */
static int t_exact_multiple(void)
{
	int h_bad = 0;
	struct sim s;
	struct tftp_stats st;
	struct wp_err e;
	int rc;

	sim_init(&s, 1468 * 32);
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0 && exact(&s), "rc %d", rc);
	EXPECT(st.blocks == 33 && st.acks == 4 && s.finished, "blocks %llu acks %u",
	       (unsigned long long)st.blocks, st.acks);
	free(s.got);
	sim_init(&s, 0);
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0 && s.got_len == 0 && st.blocks == 1 && s.finished, "empty file rc %d", rc);
	free(s.got);
	return h_bad;
}

/* Loss of one block in a window: one early ACK, the server resumes. */
static int t_loss(void)
{
	int h_bad = 0;
	struct sim s;
	struct tftp_stats st;
	struct wp_err e;
	int rc;

	sim_init(&s, 102400);
	s.drop_data = 5;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0 && exact(&s), "rc %d %s", rc, e.msg);
	/* blocks 6..16 arrive after the gap: one gap, 10 ignored as duplicates */
	EXPECT(st.gaps == 1 && st.dups == 10 && !st.timeouts, "gaps %u dups %u tmo %u",
	       st.gaps, st.dups, st.timeouts);
	/* ACK0, ACK4 (gap), then windows ending at 20, 36, 52, 68, last 70 */
	EXPECT(st.acks == 7, "acks %u", st.acks);
	free(s.got);
	/* the last block of a window lost: the client times out and re-ACKs */
	sim_init(&s, 102400);
	s.drop_data = 16;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0 && exact(&s), "rc %d %s", rc, e.msg);
	EXPECT(st.timeouts == 1 && st.gaps == 0, "tmo %u gaps %u", st.timeouts, st.gaps);
	free(s.got);
	return h_bad;
}

/* Two blocks swapped in flight. */
static int t_reorder(void)
{
	int h_bad = 0;
	struct sim s;
	struct tftp_stats st;
	struct wp_err e;
	int rc;

	sim_init(&s, 102400);
	s.swap_data = 3;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0 && exact(&s), "rc %d %s", rc, e.msg);
	EXPECT(st.gaps == 1 && !st.timeouts, "gaps %u tmo %u", st.gaps, st.timeouts);
	free(s.got);
	return h_bad;
}

/* A duplicated block is ignored (one re-ACK at most). */
static int t_duplicate(void)
{
	int h_bad = 0;
	struct sim s;
	struct tftp_stats st;
	struct wp_err e;
	int rc;

	sim_init(&s, 102400);
	s.dup_data = 7;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0 && exact(&s), "rc %d %s", rc, e.msg);
	EXPECT(st.dups >= 1 && !st.timeouts, "dups %u tmo %u", st.dups, st.timeouts);
	free(s.got);
	return h_bad;
}

/* The client's ACK is lost: timeout, the same ACK again; also a lost ACK 0. */
static int t_lost_ack(void)
{
	int h_bad = 0;
	struct sim s;
	struct tftp_stats st;
	struct wp_err e;
	int rc;

	sim_init(&s, 102400);
	s.drop_ack = 2; /* the ACK of block 16 */
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0 && exact(&s), "rc %d %s", rc, e.msg);
	EXPECT(st.timeouts == 1 && st.acks == 7, "tmo %u acks %u", st.timeouts, st.acks);
	EXPECT(s.n_tmo == 1 && s.tmo_log[0] == 1000, "timeout %u", s.tmo_log[0]);
	free(s.got);
	sim_init(&s, 102400);
	s.drop_oack_ack = 1;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0 && exact(&s) && !st.timeouts && st.dups == 1, "rc %d dups %u", rc, st.dups);
	free(s.got);
	return h_bad;
}

/* A DATA from another port: ERROR 5 to it, the transfer goes on unharmed. */
static int t_wrong_tid(void)
{
	int h_bad = 0;
	struct sim s;
	struct tftp_stats st;
	struct wp_err e;
	int rc;

	sim_init(&s, 102400);
	s.stray_at = 3;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0 && exact(&s), "rc %d %s", rc, e.msg);
	EXPECT(st.stray == 1 && s.err_to_stray == 1 && s.last_err_code == 5 && !s.err_to_server,
	       "stray %u err %u code %u", st.stray, s.err_to_stray, s.last_err_code);
	EXPECT(st.server_port == SRV_PORT, "tid %u", st.server_port);
	free(s.got);
	return h_bad;
}

/* ERROR 8 to the RRQ, ERROR 1, a server ignoring options, an OACK without windowsize. */
static int t_negotiation(void)
{
	int h_bad = 0;
	struct sim s;
	struct tftp_stats st;
	struct wp_err e;
	int rc;

	sim_init(&s, 5000);
	s.mode = M_REFUSE;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == WP_EUNSUPP && st.server_error == 8 && strstr(e.msg, "refused"), "rc %d %s", rc, e.msg);
	EXPECT(s.got_len == 0, "data");
	sim_init(&s, 5000);
	s.mode = M_NOFILE;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == WP_ENOENT && st.server_error == 1 && strstr(e.msg, "boot.wim"), "rc %d %s", rc, e.msg);
	sim_init(&s, 5000);
	s.mode = M_IGNORE;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0 && exact(&s), "rc %d %s", rc, e.msg);
	EXPECT(!st.oack && st.blksize == 512 && st.windowsize == 1 && st.blocks == 10 && st.acks == 10 &&
	       !st.have_tsize && !s.announced_set, "oack %d blk %u win %u acks %u", st.oack, st.blksize,
	       st.windowsize, st.acks);
	free(s.got);
	sim_init(&s, 102400);
	s.no_window = true;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0 && exact(&s) && st.oack && st.blksize == 1468 && st.windowsize == 1 &&
	       st.acks == 71, "rc %d win %u acks %u", rc, st.windowsize, st.acks);
	free(s.got);
	/* the server grants a smaller window and block */
	sim_init(&s, 102400);
	s.blk = 1024;
	s.win = 4;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0 && exact(&s) && st.blksize == 1024 && st.windowsize == 4 && st.acks == 1 + 26,
	       "rc %d blk %u win %u acks %u", rc, st.blksize, st.windowsize, st.acks);
	free(s.got);
	return h_bad;
}

/* OACKs this client cannot use: ERROR 8 back, WP_EUNSUPP. */
static int t_bad_oack(void)
{
	int h_bad = 0;
	struct sim s;
	struct tftp_stats st;
	struct wp_err e;
	int rc;

	sim_init(&s, 102400);
	s.win = 32; /* more than asked */
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == WP_EUNSUPP && s.err_to_server == 1 && s.last_err_code == 8 && strstr(e.msg, "windowsize 32"),
	       "rc %d %s", rc, e.msg);
	sim_init(&s, 102400);
	s.blk = 4096;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == WP_EUNSUPP && strstr(e.msg, "blksize 4096"), "rc %d %s", rc, e.msg);
	sim_init(&s, 102400);
	memcpy(s.bad_oack, "multicast\0" "1", 11);
	s.bad_oack_len = 11;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == WP_EUNSUPP && strstr(e.msg, "multicast"), "rc %d %s", rc, e.msg);
	sim_init(&s, 102400);
	memcpy(s.bad_oack, "timeout\0" "x", 9);
	s.bad_oack_len = 9;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == WP_EUNSUPP, "rc %d %s", rc, e.msg);
	return h_bad;
}

/* Past 65535 blocks: 140001 blocks of 16 bytes, with a loss at the wrap. */
static int t_rollover(void)
{
	int h_bad = 0;
	struct sim s;
	struct tftp_stats st;
	struct wp_err e;
	int rc;

	sim_init(&s, 16ull * 140000 + 5);
	rc = sim_get(&s, 16, 8, &st, &e);
	EXPECT(rc == 0 && exact(&s), "rc %d %s got %llu", rc, e.msg, (unsigned long long)s.got_len);
	EXPECT(st.blocks == 140001 && !st.gaps && !st.dups, "blocks %llu", (unsigned long long)st.blocks);
	free(s.got);
	sim_init(&s, 16ull * 140000 + 5);
	s.drop_data = 65537; /* block number 1 of the second round, mid-window */
	s.drop_data2 = 131072; /* the last of a window (8 | 131072 - 8 resent): a timeout */
	rc = sim_get(&s, 16, 8, &st, &e);
	EXPECT(rc == 0 && exact(&s), "rc %d %s got %llu", rc, e.msg, (unsigned long long)s.got_len);
	EXPECT(st.gaps == 1 && st.timeouts == 1, "gaps %u tmo %u", st.gaps, st.timeouts);
	free(s.got);
	/* lock-step roll-over (a server ignoring options): 70001 blocks of 512 */
	sim_init(&s, 512ull * 70000 + 1);
	s.mode = M_IGNORE;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0 && exact(&s) && st.blocks == 70001, "rc %d %s", rc, e.msg);
	free(s.got);
	return h_bad;
}

/* ERROR from the server mid-transfer, a lying tsize, a silent server, a sink abort. */
static int t_failures(void)
{
	int h_bad = 0;
	struct sim s;
	struct tftp_stats st;
	struct wp_err e;
	static const unsigned want[7] = { 1000, 2000, 4000, 8000, 8000, 8000, 8000 };
	int rc;

	sim_init(&s, 102400);
	s.error_at = 20;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == WP_EIO && st.server_error == 3 && strstr(e.msg, "disk full") &&
	       s.got_len == 19 * 1468, "rc %d %s got %llu", rc, e.msg, (unsigned long long)s.got_len);
	free(s.got);
	sim_init(&s, 102400);
	s.tsize_lie = 102399;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == WP_EIO && strstr(e.msg, "more than the 102399") && s.err_to_server == 1,
	       "rc %d %s", rc, e.msg);
	free(s.got);
	sim_init(&s, 102400);
	s.tsize_lie = 102401;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == WP_EIO && strstr(e.msg, "announced 102401 bytes but sent 102400"), "rc %d %s", rc, e.msg);
	free(s.got);
	sim_init(&s, 102400);
	s.mode = M_SILENT;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == WP_EIO && st.timeouts == 7 && s.n_tmo == 7 && !memcmp(s.tmo_log, want, sizeof(want)) &&
	       strstr(e.msg, "no answer"), "rc %d tmo %u %s", rc, st.timeouts, e.msg);
	sim_init(&s, 102400);
	s.sink_fail_at = 3;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == WP_EIO && s.err_to_server == 1, "rc %d", rc);
	free(s.got);
	return h_bad;
}

/* A block that completes a window is ACKed before the sink gets it (the
 * sink's copy and hash overlap the server's next send). */
static int t_ack_before_data(void)
{
	int h_bad = 0;
	struct sim s;
	struct tftp_stats st;
	struct wp_err e;
	int rc;

	/* lock-step (a server ignoring the options): every block */
	sim_init(&s, 5000);
	s.mode = M_IGNORE;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0 && exact(&s), "rc %d %s", rc, e.msg);
	EXPECT(s.acked_first == 10 && s.sink_calls == 10, "acked first %llu of %d",
	       (unsigned long long)s.acked_first, s.sink_calls);
	free(s.got);
	/* windows of 16 over 70 blocks: blocks 16, 32, 48, 64 and the last */
	sim_init(&s, 102400);
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == 0 && exact(&s), "rc %d %s", rc, e.msg);
	EXPECT(s.acked_first == 5 && s.sink_calls == 70, "acked first %llu of %d",
	       (unsigned long long)s.acked_first, s.sink_calls);
	free(s.got);
	/* the sink fails on a window's last block after its ACK: ERROR follows */
	sim_init(&s, 102400);
	s.sink_fail_at = 16;
	rc = sim_get(&s, 1468, 16, &st, &e);
	EXPECT(rc == WP_EIO && s.err_to_server == 1 && s.acked == 16 && st.blocks == 15,
	       "rc %d err %u acked %llu blocks %llu", rc, s.err_to_server,
	       (unsigned long long)s.acked, (unsigned long long)st.blocks);
	free(s.got);
	return h_bad;
}

/* Window adaptation between transfers. */
static int t_next_window(void)
{
	int h_bad = 0;
	struct tftp_stats st;

	memset(&st, 0, sizeof(st));
	EXPECT(tftp_next_window(16, &st, 32) == 32, "clean doubles");
	EXPECT(tftp_next_window(32, &st, 32) == 32, "capped");
	st.gaps = 3;
	EXPECT(tftp_next_window(16, &st, 32) == 8, "loss halves");
	EXPECT(tftp_next_window(1, &st, 32) == 1, "floor 1");
	st.gaps = 0;
	st.timeouts = 1;
	EXPECT(tftp_next_window(2, &st, 32) == 1, "timeout halves");
	return h_bad;
}

/* Run all. */
int main(void)
{
	uint32_t x = 0x12345678;
	unsigned i;

	g_file = malloc(FILE_MAX);
	for (i = 0; i < FILE_MAX; i++) {
		x = x * 1103515245u + 12345u;
		g_file[i] = (uint8_t)(x >> 16);
	}
	RUN(t_clean_window);
	RUN(t_exact_multiple);
	RUN(t_loss);
	RUN(t_reorder);
	RUN(t_duplicate);
	RUN(t_lost_ack);
	RUN(t_wrong_tid);
	RUN(t_negotiation);
	RUN(t_bad_oack);
	RUN(t_rollover);
	RUN(t_failures);
	RUN(t_ack_before_data);
	RUN(t_next_window);
	free(g_file);
	return H_DONE();
}
