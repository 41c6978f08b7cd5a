/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_tftp.c - core/tftp.c against a scripted in-memory server: clean
 * windowed and lock-step transfers, loss, reorder, duplicates, a lost ACK,
 * a wrong TID, option refusal, unusable OACKs, block roll-over past 65535,
 * server ERROR packets, tsize mismatch, timeouts with back-off, the ACK
 * before the sink's work.  The cases are one table (cases[]): the request,
 * the server's script (struct sim_cfg), the result and the values to check
 * (the delivered bytes exactly, the protocol counters, what the server saw).
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

/* The server's script and the sink's fault: one table row's configuration. */
struct sim_cfg {
	enum mode mode;
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
	int sink_fail_at;         /* data() returns WP_EIO at this call (1-based) */
};

/* The scripted server and the client's sink. */
struct sim {
	struct sim_cfg c;
	const uint8_t *file;
	uint64_t size;
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

	if (s->c.stray_at && k == s->c.stray_at && !s->stray_sent) {
		n = mk_data(s, i, buf);
		memset(buf + 4, 0xEE, n - 4);
		q_push(s, STRAY_PORT, buf, n);
		s->stray_sent++;
	}
	if (s->c.error_at && k == s->c.error_at) {
		static const uint8_t e[] = { 0, 5, 0, 3, 'd', 'i', 's', 'k', ' ', 'f', 'u', 'l', 'l', 0 };
		q_push(s, SRV_PORT, e, sizeof(e));
		return;
	}
	if (k == s->c.drop_data || k == s->c.drop_data2)
		return;
	if (s->c.swap_data && k == s->c.swap_data) {
		s->held = i;
		return;
	}
	n = mk_data(s, i, buf);
	q_push(s, SRV_PORT, buf, n);
	if (k == s->c.dup_data)
		q_push(s, SRV_PORT, buf, n);
	if (s->held && k == s->c.swap_data + 1) {
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
		if (s->c.mode == M_SILENT)
			return 0;
		if (s->c.mode == M_NOFILE || s->c.mode == M_REFUSE) {
			uint8_t e[32] = { 0, 5, 0, (uint8_t)(s->c.mode == M_NOFILE ? 1 : 8) };
			strcpy((char *)e + 4, s->c.mode == M_NOFILE ? "File not found" : "Bad options");
			q_push(s, SRV_PORT, e, 4 + strlen((char *)e + 4) + 1);
			return 0;
		}
		s->nblocks = 0;
		if (s->c.mode == M_IGNORE || !(bs || ws || ts)) {
			s->g_blk = 512;
			s->g_win = 1;
		} else {
			s->g_blk = s->c.blk ? s->c.blk : (bs ? (unsigned)atoi(bs) : 512);
			s->g_win = s->c.no_window || !ws ? 1 : (s->c.win ? s->c.win : (unsigned)atoi(ws));
			o[0] = 0; o[1] = 6;
			if (ts)
				n += (size_t)sprintf((char *)o + n, "tsize%c%llu", 0,
						     (unsigned long long)(s->c.tsize_lie ? s->c.tsize_lie : s->size)) + 1;
			if (bs)
				n += (size_t)sprintf((char *)o + n, "blksize%c%u", 0, s->g_blk) + 1;
			if (ws && !s->c.no_window)
				n += (size_t)sprintf((char *)o + n, "windowsize%c%u", 0, s->g_win) + 1;
			memcpy(o + n, s->c.bad_oack, s->c.bad_oack_len);
			n += s->c.bad_oack_len;
		}
		s->nblocks = s->size / s->g_blk + 1;
		s->acked = 0;
		if (s->c.mode == M_IGNORE || n == 2) {
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
		if (s->c.drop_ack && s->acks_seen == s->c.drop_ack)
			return 0;
		if (a == 0 && s->acked == 0 && s->c.drop_oack_ack) {
			s->c.drop_oack_ack = 0;
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

	if (++s->sink_calls == s->c.sink_fail_at)
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

/* What a case checks after its transfer: each key names one observed value. */
enum key {
	K_END,            /* (ends a list) */
	K_EXACT,          /* 1: the received bytes are exactly the file */
	K_GOT_LEN,        /* bytes the sink received */
	K_OACK, K_BLKSIZE, K_WINDOW, K_HAVE_TSIZE, /* negotiated (struct tftp_stats) */
	K_ANNOUNCED_SET,  /* 1: the sink was told a size */
	K_ANNOUNCED,      /* the size the sink was told */
	K_BLOCKS, K_ACKS, K_GAPS, K_DUPS, K_TIMEOUTS, K_STRAY, /* counters */
	K_SOME_DUPS,      /* 1: at least one duplicate */
	K_SERVER_PORT, K_SERVER_ERROR,
	K_FINISHED,       /* 1: the server saw the last ACK */
	K_ERR_TO_STRAY, K_ERR_TO_SERVER, K_ERR_CODE, /* ERROR packets the client sent */
	K_N_TMO,          /* receive timeouts the server saw the client wait */
	K_TMO0,           /* the first of those timeouts (ms) */
	K_BACKOFF,        /* 1: they were 1000, 2000, 4000, 8000, 8000, 8000, 8000 ms */
	K_SINK_CALLS,     /* data() calls */
	K_ACKED_FIRST,    /* data() calls for a block the server already had an ACK of */
	K_SERVER_ACKED,   /* the last block the server saw acknowledged */
	K_COUNT
};

static const char *const key_name[K_COUNT] = {
	"end", "exact", "got_len", "oack", "blksize", "windowsize", "have_tsize",
	"announced_set", "announced", "blocks", "acks", "gaps", "dups", "timeouts", "stray",
	"some_dups", "server_port", "server_error", "finished", "err_to_stray", "err_to_server",
	"err_code", "n_tmo", "tmo0", "backoff", "sink_calls", "acked_first", "server_acked",
};

struct want {
	enum key k;
	long long v;
};

/* One transfer of "boot.wim" against the scripted server, and what it must give. */
struct tcase {
	const char *name;
	uint64_t size;            /* the first size bytes of the test file */
	unsigned blk, win;        /* what the client asks for */
	struct sim_cfg cfg;       /* the server's script */
	int rc;                   /* tftp_get's result */
	const char *msg;          /* in the error message (NULL: not checked) */
	struct want w[16];        /* the values to check, up to K_END */
};

#define WP_OK 0

/* The observed value a key names. */
static long long observed(enum key k, const struct sim *s, const struct tftp_stats *st)
{
	static const unsigned backoff[7] = { 1000, 2000, 4000, 8000, 8000, 8000, 8000 };

	switch (k) {
	case K_EXACT: return s->got_len == s->size && (!s->size || !memcmp(s->got, s->file, s->size));
	case K_GOT_LEN: return (long long)s->got_len;
	case K_OACK: return st->oack;
	case K_BLKSIZE: return st->blksize;
	case K_WINDOW: return st->windowsize;
	case K_HAVE_TSIZE: return st->have_tsize;
	case K_ANNOUNCED_SET: return s->announced_set;
	case K_ANNOUNCED: return (long long)s->announced;
	case K_BLOCKS: return (long long)st->blocks;
	case K_ACKS: return st->acks;
	case K_GAPS: return st->gaps;
	case K_DUPS: return st->dups;
	case K_TIMEOUTS: return st->timeouts;
	case K_STRAY: return st->stray;
	case K_SOME_DUPS: return st->dups >= 1;
	case K_SERVER_PORT: return st->server_port;
	case K_SERVER_ERROR: return st->server_error;
	case K_FINISHED: return s->finished;
	case K_ERR_TO_STRAY: return s->err_to_stray;
	case K_ERR_TO_SERVER: return s->err_to_server;
	case K_ERR_CODE: return s->last_err_code;
	case K_N_TMO: return s->n_tmo;
	case K_TMO0: return s->n_tmo ? (long long)s->tmo_log[0] : -1;
	case K_BACKOFF: return s->n_tmo == 7 && !memcmp(s->tmo_log, backoff, sizeof(backoff));
	case K_SINK_CALLS: return s->sink_calls;
	case K_ACKED_FIRST: return (long long)s->acked_first;
	case K_SERVER_ACKED: return (long long)s->acked;
	default: return -1;
	}
}

static const struct tcase cases[] = {
	/* a clean windowed transfer: 70 blocks of 1468 in windows of 16 */
	{ "clean_window", 102400, 1468, 16, { 0 }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_OACK, 1 }, { K_BLKSIZE, 1468 }, { K_WINDOW, 16 },
	    { K_ANNOUNCED_SET, 1 }, { K_ANNOUNCED, 102400 }, { K_BLOCKS, 70 }, { K_ACKS, 6 },
	    { K_GAPS, 0 }, { K_DUPS, 0 }, { K_TIMEOUTS, 0 }, { K_STRAY, 0 }, { K_FINISHED, 1 } } },
	/* a size that is a multiple of blksize ends with an empty block */
	{ "exact_multiple", 1468 * 32, 1468, 16, { 0 }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_BLOCKS, 33 }, { K_ACKS, 4 }, { K_FINISHED, 1 } } },
	{ "exact_multiple_empty", 0, 1468, 16, { 0 }, WP_OK, NULL,
	  { { K_GOT_LEN, 0 }, { K_BLOCKS, 1 }, { K_FINISHED, 1 } } },
	/* loss of block 5 in a window: one early ACK, the server resumes; blocks
	 * 6..16 arrive after the gap (10 ignored as duplicates); ACK0, ACK4 (gap),
	 * then windows ending at 20, 36, 52, 68, last 70 */
	{ "loss", 102400, 1468, 16, { .drop_data = 5 }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_GAPS, 1 }, { K_DUPS, 10 }, { K_TIMEOUTS, 0 }, { K_ACKS, 7 } } },
	/* the last block of a window lost: the client times out and re-ACKs */
	{ "loss_window_end", 102400, 1468, 16, { .drop_data = 16 }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_TIMEOUTS, 1 }, { K_GAPS, 0 } } },
	/* two blocks swapped in flight */
	{ "reorder", 102400, 1468, 16, { .swap_data = 3 }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_GAPS, 1 }, { K_TIMEOUTS, 0 } } },
	/* a duplicated block is ignored (one re-ACK at most) */
	{ "duplicate", 102400, 1468, 16, { .dup_data = 7 }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_SOME_DUPS, 1 }, { K_TIMEOUTS, 0 } } },
	/* the ACK of block 16 is lost: a timeout, the same ACK again */
	{ "lost_ack", 102400, 1468, 16, { .drop_ack = 2 }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_TIMEOUTS, 1 }, { K_ACKS, 7 }, { K_N_TMO, 1 }, { K_TMO0, 1000 } } },
	/* the ACK 0 is lost: the server repeats its OACK */
	{ "lost_ack0", 102400, 1468, 16, { .drop_oack_ack = 1 }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_TIMEOUTS, 0 }, { K_DUPS, 1 } } },
	/* a DATA from another port: ERROR 5 to it, the transfer goes on unharmed */
	{ "wrong_tid", 102400, 1468, 16, { .stray_at = 3 }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_STRAY, 1 }, { K_ERR_TO_STRAY, 1 }, { K_ERR_CODE, 5 },
	    { K_ERR_TO_SERVER, 0 }, { K_SERVER_PORT, SRV_PORT } } },
	/* negotiation: ERROR 8 to the RRQ, ERROR 1, a server ignoring options,
	 * an OACK without windowsize, a smaller window and block granted */
	{ "refused", 5000, 1468, 16, { .mode = M_REFUSE }, WP_EUNSUPP, "refused",
	  { { K_SERVER_ERROR, 8 }, { K_GOT_LEN, 0 } } },
	{ "no_file", 5000, 1468, 16, { .mode = M_NOFILE }, WP_ENOENT, "boot.wim",
	  { { K_SERVER_ERROR, 1 } } },
	{ "options_ignored", 5000, 1468, 16, { .mode = M_IGNORE }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_OACK, 0 }, { K_BLKSIZE, 512 }, { K_WINDOW, 1 }, { K_BLOCKS, 10 },
	    { K_ACKS, 10 }, { K_HAVE_TSIZE, 0 }, { K_ANNOUNCED_SET, 0 } } },
	{ "no_windowsize", 102400, 1468, 16, { .no_window = true }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_OACK, 1 }, { K_BLKSIZE, 1468 }, { K_WINDOW, 1 }, { K_ACKS, 71 } } },
	{ "smaller_granted", 102400, 1468, 16, { .blk = 1024, .win = 4 }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_BLKSIZE, 1024 }, { K_WINDOW, 4 }, { K_ACKS, 1 + 26 } } },
	/* OACKs this client cannot use: ERROR 8 back, WP_EUNSUPP */
	{ "oack_window_too_big", 102400, 1468, 16, { .win = 32 }, WP_EUNSUPP, "windowsize 32",
	  { { K_ERR_TO_SERVER, 1 }, { K_ERR_CODE, 8 } } },
	{ "oack_blksize_too_big", 102400, 1468, 16, { .blk = 4096 }, WP_EUNSUPP, "blksize 4096",
	  { { K_END, 0 } } },
	{ "oack_not_asked", 102400, 1468, 16,
	  { .bad_oack = "multicast\0" "1", .bad_oack_len = 11 }, WP_EUNSUPP, "multicast",
	  { { K_END, 0 } } },
	{ "oack_bad_value", 102400, 1468, 16,
	  { .bad_oack = "timeout\0" "x", .bad_oack_len = 9 }, WP_EUNSUPP, NULL,
	  { { K_END, 0 } } },
	/* past 65535 blocks: 140001 blocks of 16 bytes */
	{ "rollover", 16ull * 140000 + 5, 16, 8, { 0 }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_BLOCKS, 140001 }, { K_GAPS, 0 }, { K_DUPS, 0 } } },
	/* ... with block number 1 of the second round lost mid-window, and the
	 * last of a window (8 | 131072 - 8 resent): a timeout */
	{ "rollover_loss", 16ull * 140000 + 5, 16, 8, { .drop_data = 65537, .drop_data2 = 131072 },
	  WP_OK, NULL, { { K_EXACT, 1 }, { K_GAPS, 1 }, { K_TIMEOUTS, 1 } } },
	/* lock-step roll-over (a server ignoring options): 70001 blocks of 512 */
	{ "rollover_lock_step", 512ull * 70000 + 1, 1468, 16, { .mode = M_IGNORE }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_BLOCKS, 70001 } } },
	/* failures: ERROR mid-transfer, a lying tsize both ways, a silent server,
	 * a sink abort */
	{ "server_error", 102400, 1468, 16, { .error_at = 20 }, WP_EIO, "disk full",
	  { { K_SERVER_ERROR, 3 }, { K_GOT_LEN, 19 * 1468 } } },
	{ "tsize_short", 102400, 1468, 16, { .tsize_lie = 102399 }, WP_EIO, "more than the 102399",
	  { { K_ERR_TO_SERVER, 1 } } },
	{ "tsize_long", 102400, 1468, 16, { .tsize_lie = 102401 }, WP_EIO,
	  "announced 102401 bytes but sent 102400", { { K_END, 0 } } },
	{ "silent", 102400, 1468, 16, { .mode = M_SILENT }, WP_EIO, "no answer",
	  { { K_TIMEOUTS, 7 }, { K_N_TMO, 7 }, { K_BACKOFF, 1 } } },
	{ "sink_abort", 102400, 1468, 16, { .sink_fail_at = 3 }, WP_EIO, NULL,
	  { { K_ERR_TO_SERVER, 1 } } },
	/* a block that completes a window is ACKed before the sink gets it (the
	 * sink's copy and hash overlap the server's next send): in lock-step
	 * every block; windows of 16 over 70 blocks: 16, 32, 48, 64 and the last */
	{ "ack_before_data_lock_step", 5000, 1468, 16, { .mode = M_IGNORE }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_ACKED_FIRST, 10 }, { K_SINK_CALLS, 10 } } },
	{ "ack_before_data_window", 102400, 1468, 16, { 0 }, WP_OK, NULL,
	  { { K_EXACT, 1 }, { K_ACKED_FIRST, 5 }, { K_SINK_CALLS, 70 } } },
	/* the sink fails on a window's last block after its ACK: ERROR follows */
	{ "ack_before_data_sink_abort", 102400, 1468, 16, { .sink_fail_at = 16 }, WP_EIO, NULL,
	  { { K_ERR_TO_SERVER, 1 }, { K_SERVER_ACKED, 16 }, { K_BLOCKS, 15 } } },
};

/* Run one case: the transfer against its script, then every check. */
static void run_case(const struct tcase *t)
{
	struct sim *s = calloc(1, sizeof(*s));
	struct tftp_io io = { s, sim_send, sim_recv, s, sim_size, sim_data };
	struct tftp_opts o = { 0, t->blk, t->win, true, 0, 0, 0 };
	struct tftp_stats st;
	struct wp_err e;
	char name[80];
	int rc, h_bad = 0;
	unsigned i;

	if (!s) {
		printf("  out of memory\n");
		exit(2);
	}
	s->c = t->cfg;
	s->file = g_file;
	s->size = t->size;
	memset(&e, 0, sizeof(e));
	rc = tftp_get("boot.wim", &o, &io, &st, &e);
	while (s->qh != s->qt)
		free(s->q[s->qh++ % QMAX].b);
	EXPECT(rc == t->rc, "%s: rc %d, expected %d (%s)", t->name, rc, t->rc, e.msg);
	if (t->msg)
		EXPECT(strstr(e.msg, t->msg) != NULL, "%s: message '%s' lacks '%s'", t->name, e.msg, t->msg);
	for (i = 0; i < sizeof(t->w) / sizeof(t->w[0]) && t->w[i].k != K_END; i++) {
		long long v = observed(t->w[i].k, s, &st);
		EXPECT(v == t->w[i].v, "%s: %s is %lld, expected %lld", t->name, key_name[t->w[i].k],
		       v, t->w[i].v);
	}
	snprintf(name, sizeof(name), "t_tftp_%s", t->name);
	h_result(h_bad == 0, name, "expectations failed (see above)");
	free(s->got);
	free(s);
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
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(&cases[i]);
	RUN(t_next_window);
	free(g_file);
	return H_DONE();
}
