/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_http.c - core/http.c against a scripted byte stream: URLs, the exact
 * request, responses delivered whole, in fixed pieces, byte at a time and
 * split at every position of the header; bare-LF lines, long header lines,
 * bad and huge Content-Lengths, bodies past or short of Content-Length, a
 * body up to the close, statuses (404, 410, 3xx, 4xx, 5xx, 206, 100
 * Continue), chunked encoding, a non-HTTP answer, an oversized header,
 * idle time-outs and resets.  Every case checks the delivered bytes exactly.
 */
#include "harness.h"
#include "http.h"

#define URL "http://10.0.2.2:8080/files/a.bin"

enum end { E_CLOSE, E_IDLE, E_RESET };

/* The scripted server and the client's sink. */
struct sim {
	const uint8_t *resp;      /* the whole response */
	size_t len, pos;
	size_t piece;             /* bytes per recv (0: all that is left) */
	size_t split;             /* if set: first recv stops here */
	enum end end;             /* what follows the last byte */
	char req[2048];           /* what the client sent */
	size_t req_len;
	unsigned sends;
	/* sink */
	uint8_t *got;
	uint64_t got_len, announced;
	unsigned size_calls;
	bool size_before_data_ok;
	int size_rc, data_fail_at;
	unsigned data_calls;
	unsigned last_timeout;
};

/* Record the request. */
static int s_send(void *ctx, const void *buf, size_t len)
{
	struct sim *s = ctx;

	s->sends++;
	if (len < sizeof(s->req)) {
		memcpy(s->req, buf, len);
		s->req[len] = 0;
		s->req_len = len;
	}
	return 0;
}

/* The next piece of the response, then the scripted end. */
static int s_recv(void *ctx, void *buf, size_t cap, unsigned timeout_ms)
{
	struct sim *s = ctx;
	size_t n = s->len - s->pos;

	s->last_timeout = timeout_ms;
	if (!n)
		return s->end == E_CLOSE ? HTTP_RECV_CLOSED :
		       s->end == E_IDLE ? HTTP_RECV_IDLE : HTTP_RECV_FAILED;
	if (s->split && s->pos < s->split && n > s->split - s->pos)
		n = s->split - s->pos;
	if (s->piece && n > s->piece)
		n = s->piece;
	if (n > cap)
		n = cap;
	memcpy(buf, s->resp + s->pos, n);
	s->pos += n;
	return (int)n;
}

/* Content-Length: must come once, before any data. */
static int s_size(void *ctx, uint64_t len)
{
	struct sim *s = ctx;

	s->size_calls++;
	s->size_before_data_ok = s->got_len == 0 && s->data_calls == 0;
	s->announced = len;
	return s->size_rc;
}

/* Body bytes: must be in order. */
static int s_data(void *ctx, uint64_t off, const void *b, size_t len)
{
	struct sim *s = ctx;

	s->data_calls++;
	if (s->data_fail_at && (int)s->data_calls == s->data_fail_at)
		return WP_ENOMEM;
	if (off != s->got_len)
		return WP_EINVAL; /* out of order: makes the test fail */
	s->got = realloc(s->got, (size_t)(off + len) + 1);
	memcpy(s->got + off, b, len);
	s->got_len = off + len;
	return 0;
}

/* Run one GET of URL against resp; returns http_get's code. */
static int run(struct sim *s, const char *resp, size_t len, struct http_stats *st, struct wp_err *err)
{
	struct http_url u;
	struct http_io io;
	struct http_opts o = { 3000 };

	s->resp = (const uint8_t *)resp;
	s->len = len;
	s->pos = 0;
	free(s->got);
	s->got = NULL;
	s->got_len = 0;
	s->data_calls = s->size_calls = 0;
	memset(err, 0, sizeof(*err));
	if (http_url_parse(URL, &u, err))
		return 99;
	memset(&io, 0, sizeof(io));
	io.ctx = s;
	io.send = s_send;
	io.recv = s_recv;
	io.sink = s;
	io.size = s_size;
	io.data = s_data;
	return http_get(URL, &u, &o, &io, st, err);
}

/* A response "200 OK" with body (n bytes) and Content-Length; malloc'd, *len set. */
static char *resp200(const uint8_t *body, size_t n, size_t *len)
{
	char head[128];
	int h = snprintf(head, sizeof(head), "HTTP/1.1 200 OK\r\nServer: t\r\nContent-Length: %zu\r\n"
			 "Content-Type: application/octet-stream\r\n\r\n", n);
	char *r = malloc((size_t)h + n);

	memcpy(r, head, (size_t)h);
	memcpy(r + h, body, n);
	*len = (size_t)h + n;
	return r;
}

/* Pseudo-random bytes. */
static void fill(uint8_t *b, size_t n, uint32_t seed)
{
	size_t i;

	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		b[i] = (uint8_t)(seed >> 16);
	}
}

/* URLs: host, port, path, defaults, refusals. */
static int t_url(void)
{
	int h_bad = 0;
	struct http_url u;
	struct wp_err e;
	char longhost[100];

	EXPECT(http_url_parse("http://10.0.2.2:8080/a/b.wim", &u, &e) == 0, "%s", e.msg);
	EXPECT(!strcmp(u.host, "10.0.2.2") && u.port == 8080 && !strcmp(u.path, "/a/b.wim"),
	       "%s %u %s", u.host, u.port, u.path);
	EXPECT(http_url_parse("http://server/x", &u, &e) == 0 && u.port == 80 &&
	       !strcmp(u.host, "server") && !strcmp(u.path, "/x"), "default port");
	EXPECT(http_url_parse("http://server", &u, &e) == 0 && !strcmp(u.path, "/"), "bare host");
	EXPECT(http_url_parse("tftp://server/x", &u, &e) == WP_EUNSUPP, "tftp");
	EXPECT(http_url_parse("https://server/x", &u, &e) == WP_EUNSUPP, "https");
	EXPECT(http_url_parse("http://user@server/x", &u, &e) == WP_EUNSUPP, "user info");
	EXPECT(http_url_parse("http://server:0/x", &u, &e) == WP_EINVAL && strstr(e.msg, "port"), "port 0");
	EXPECT(http_url_parse("http://server:65536/x", &u, &e) == WP_EINVAL, "port 65536");
	EXPECT(http_url_parse("http://server:8a/x", &u, &e) == WP_EINVAL, "port 8a");
	EXPECT(http_url_parse("http://server:/x", &u, &e) == WP_EINVAL, "empty port");
	EXPECT(http_url_parse("http:///x", &u, &e) == WP_EINVAL && strstr(e.msg, "no host"), "no host");
	memset(longhost, 'a', sizeof(longhost));
	memcpy(longhost, "http://", 7);
	longhost[sizeof(longhost) - 1] = 0;
	EXPECT(http_url_parse(longhost, &u, &e) == WP_EINVAL && strstr(e.msg, "too long"), "long host");
	return h_bad;
}

/* The request, byte-exact; percent-encoding; too small a buffer. */
static int t_request(void)
{
	int h_bad = 0;
	struct http_url u;
	struct wp_err e;
	char buf[512];
	const char *want = "GET /a%20b/%C3%A9.wim HTTP/1.1\r\nHost: 10.0.2.2:8080\r\n"
			   "User-Agent: winpe.c32\r\nAccept: */*\r\nAccept-Encoding: identity\r\n"
			   "Connection: close\r\n\r\n";
	int n;

	http_url_parse("http://10.0.2.2:8080/a b/\xc3\xa9.wim", &u, &e);
	n = http_request(&u, buf, sizeof(buf));
	EXPECT(n == (int)strlen(want) && !strcmp(buf, want), "got %d: %s", n, buf);
	http_url_parse("http://10.0.0.1/x", &u, &e);
	n = http_request(&u, buf, sizeof(buf));
	EXPECT(n > 0 && strstr(buf, "\r\nHost: 10.0.0.1\r\n"), "port 80 not written: %s", buf);
	EXPECT(http_request(&u, buf, 40) == WP_ERANGE, "small buffer");
	return h_bad;
}

/* A body in every piece size, also split at every header position. */
static int t_pieces(void)
{
	int h_bad = 0;
	static const size_t pieces[] = { 0, 1, 2, 7, 100, 1460, 16384 };
	struct sim s;
	struct http_stats st;
	struct wp_err e;
	size_t n = 100000, len, i, hl;
	uint8_t *body = malloc(n);
	char *r;
	int rc;

	fill(body, n, 7);
	r = resp200(body, n, &len);
	memset(&s, 0, sizeof(s));
	for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		s.piece = pieces[i];
		rc = run(&s, r, len, &st, &e);
		EXPECT(rc == 0, "piece %zu: rc %d %s", pieces[i], rc, e.msg);
		EXPECT(s.got_len == n && !memcmp(s.got, body, n), "piece %zu: body differs", pieces[i]);
		EXPECT(s.size_calls == 1 && s.announced == n && s.size_before_data_ok,
		       "piece %zu: size calls %u", pieces[i], s.size_calls);
		EXPECT(st.status == 200 && st.have_len && st.length == n && st.bytes == n &&
		       !st.server_closed, "piece %zu: stats", pieces[i]);
	}
	EXPECT(s.sends == i && !strncmp(s.req, "GET /files/a.bin HTTP/1.1\r\n", 27), "request %s", s.req);
	EXPECT(s.last_timeout == 3000, "timeout %u", s.last_timeout);
	hl = len - n;
	s.piece = 0;
	for (i = 1; i < hl + 3; i++) {
		s.split = i;
		rc = run(&s, r, len, &st, &e);
		if (rc || s.got_len != n || memcmp(s.got, body, n)) {
			EXPECT(0, "split at %zu: rc %d %s", i, rc, e.msg);
			break;
		}
	}
	s.split = 0;
	free(s.got);
	free(r);
	free(body);
	return h_bad;
}

/* Bare LF, long header lines, 100 Continue, a body up to the close, empty bodies. */
static int t_shapes(void)
{
	int h_bad = 0;
	struct sim s;
	struct http_stats st;
	struct wp_err e;
	char big[3000];
	int rc;
	const char *lf = "HTTP/1.0 200 OK\nContent-Length: 5\n\nhello";
	const char *cont = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
	const char *noln = "HTTP/1.1 200 OK\r\nContent-Type: x\r\n\r\nto the close";
	const char *zero = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
	const char *dup = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\ncontent-length:3\r\n\r\nabc";
	const char *te = "HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nContent-Length: 2\r\n\r\nab";

	memset(&s, 0, sizeof(s));
	rc = run(&s, lf, strlen(lf), &st, &e);
	EXPECT(rc == 0 && s.got_len == 5 && !memcmp(s.got, "hello", 5), "bare LF: %d %s", rc, e.msg);
	rc = run(&s, cont, strlen(cont), &st, &e);
	EXPECT(rc == 0 && s.got_len == 2 && !memcmp(s.got, "ok", 2), "100 Continue: %d %s", rc, e.msg);
	rc = run(&s, noln, strlen(noln), &st, &e);
	EXPECT(rc == 0 && s.got_len == 12 && !memcmp(s.got, "to the close", 12) && !s.size_calls &&
	       !st.have_len && st.server_closed, "to the close: %d %s", rc, e.msg);
	s.end = E_RESET;
	rc = run(&s, noln, strlen(noln), &st, &e);
	EXPECT(rc == WP_EIO && strstr(e.msg, "reset"), "to the close, reset: %d %s", rc, e.msg);
	s.end = E_CLOSE;
	rc = run(&s, zero, strlen(zero), &st, &e);
	EXPECT(rc == 0 && s.got_len == 0 && s.size_calls == 1 && s.announced == 0, "zero: %d %s", rc, e.msg);
	rc = run(&s, dup, strlen(dup), &st, &e);
	EXPECT(rc == 0 && s.got_len == 3, "same length twice: %d %s", rc, e.msg);
	rc = run(&s, te, strlen(te), &st, &e);
	EXPECT(rc == 0 && s.got_len == 2, "identity: %d %s", rc, e.msg);
	/* a 2900-byte header line before Content-Length */
	snprintf(big, sizeof(big), "HTTP/1.1 200 OK\r\nX-Long: %02900d\r\nContent-Length: 4\r\n\r\nlong", 0);
	s.piece = 1;
	rc = run(&s, big, strlen(big), &st, &e);
	EXPECT(rc == 0 && s.got_len == 4 && !memcmp(s.got, "long", 4), "long line: %d %s", rc, e.msg);
	s.piece = 0;
	free(s.got);
	return h_bad;
}

/* Content-Lengths that are not numbers, too big, contradictory, or lies. */
static int t_lengths(void)
{
	int h_bad = 0;
	static const char *bad[] = { "abc", "-1", "", "12345678901234567890", "5, 5", "5 5", "0x10" };
	struct sim s;
	struct http_stats st;
	struct wp_err e;
	char r[256];
	size_t i;
	int rc;

	memset(&s, 0, sizeof(s));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(r, sizeof(r), "HTTP/1.1 200 OK\r\nContent-Length: %s\r\n\r\nhello", bad[i]);
		rc = run(&s, r, strlen(r), &st, &e);
		EXPECT(rc == WP_EFORMAT && strstr(e.msg, "bad Content-Length") && strstr(e.msg, URL) &&
		       !s.got_len && !s.size_calls, "'%s': %d %s", bad[i], rc, e.msg);
	}
	snprintf(r, sizeof(r), "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello");
	rc = run(&s, r, strlen(r), &st, &e);
	EXPECT(rc == WP_EFORMAT, "two lengths: %d %s", rc, e.msg);
	/* huge but a number: the sink decides */
	snprintf(r, sizeof(r), "HTTP/1.1 200 OK\r\nContent-Length: 9999999999999999999\r\n\r\nhello");
	s.size_rc = WP_ERANGE;
	rc = run(&s, r, strlen(r), &st, &e);
	EXPECT(rc == WP_ERANGE && s.announced == 9999999999999999999ull && !s.got_len,
	       "huge: %d %s", rc, e.msg);
	s.size_rc = 0;
	/* short: closed early */
	snprintf(r, sizeof(r), "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhel");
	rc = run(&s, r, strlen(r), &st, &e);
	EXPECT(rc == WP_EIO && strstr(e.msg, "after 3 of 10 bytes") && s.got_len == 3,
	       "short: %d %s", rc, e.msg);
	/* short: the server goes quiet */
	s.end = E_IDLE;
	rc = run(&s, r, strlen(r), &st, &e);
	EXPECT(rc == WP_EIO && strstr(e.msg, "nothing from the HTTP server for 3 s (after 3 body bytes)"),
	       "idle: %d %s", rc, e.msg);
	/* silent from the start: not a byte after the request */
	rc = run(&s, r, 0, &st, &e);
	EXPECT(rc == WP_EIO && strstr(e.msg, "no answer from the HTTP server for 3 s (the request was "
				      "sent; not even a status line came back)") && strstr(e.msg, URL),
	       "silent: %d %s", rc, e.msg);
	s.end = E_RESET;
	rc = run(&s, r, strlen(r), &st, &e);
	EXPECT(rc == WP_EIO && strstr(e.msg, "reset"), "reset: %d %s", rc, e.msg);
	s.end = E_CLOSE;
	/* long: bytes past Content-Length */
	snprintf(r, sizeof(r), "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nhello");
	rc = run(&s, r, strlen(r), &st, &e);
	EXPECT(rc == WP_EIO && strstr(e.msg, "more than its Content-Length of 3"), "long: %d %s", rc, e.msg);
	/* the sink refuses the data */
	s.data_fail_at = 1;
	snprintf(r, sizeof(r), "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
	rc = run(&s, r, strlen(r), &st, &e);
	EXPECT(rc == WP_ENOMEM, "sink abort: %d", rc);
	s.data_fail_at = 0;
	free(s.got);
	return h_bad;
}

/* One status: code and the words its message must hold. */
static int status_case(int want, const char *resp, const char *w1, const char *w2)
{
	int h_bad = 0;
	struct sim s;
	struct http_stats st;
	struct wp_err e;
	int rc;

	memset(&s, 0, sizeof(s));
	rc = run(&s, resp, strlen(resp), &st, &e);
	EXPECT(rc == want && strstr(e.msg, URL) && strstr(e.msg, w1) && (!w2 || strstr(e.msg, w2)) &&
	       !s.got_len && !s.size_calls, "%.20s: %d %s", resp, rc, e.msg);
	free(s.got);
	return h_bad;
}

/* Statuses, chunked, not HTTP, an oversized header, no answer at all. */
static int t_statuses(void)
{
	int h_bad = 0;
	char *pad;
	size_t i;

	h_bad += status_case(WP_ENOENT, "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found",
			     "cannot open", "404 Not Found");
	h_bad += status_case(WP_ENOENT, "HTTP/1.1 410 Gone\r\n\r\n", "cannot open", "410");
	h_bad += status_case(WP_EUNSUPP, "HTTP/1.1 301 Moved Permanently\r\nLocation: "
			     "http://10.0.0.9/new.wim\r\n\r\n", "301", "http://10.0.0.9/new.wim");
	h_bad += status_case(WP_EUNSUPP, "HTTP/1.1 403 Forbidden\r\n\r\n", "403 Forbidden", "permissions");
	h_bad += status_case(WP_EIO, "HTTP/1.1 503 Service Unavailable\r\n\r\n", "503", "server error");
	h_bad += status_case(WP_EIO, "HTTP/1.1 500 Internal Server Error\r\n\r\n", "500", NULL);
	h_bad += status_case(WP_EUNSUPP, "HTTP/1.1 206 Partial Content\r\nContent-Length: 1\r\n\r\nx",
			     "206", "expected 200");
	h_bad += status_case(WP_EUNSUPP, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
			     "5\r\nhello\r\n0\r\n\r\n", "chunked", "Content-Length");
	h_bad += status_case(WP_EFORMAT, "SSH-2.0-OpenSSH_9.2\r\n", "not an HTTP/1.x status line", NULL);
	h_bad += status_case(WP_EFORMAT, "HTTP/1.1 2000 OK\r\n\r\n", "status line", NULL);
	h_bad += status_case(WP_EIO, "", "without an answer", NULL);
	h_bad += status_case(WP_EIO, "HTTP/1.1 200 OK\r\nContent-Le", "inside the response header", NULL);
	pad = malloc(70000 + 64);
	strcpy(pad, "HTTP/1.1 200 OK\r\n");
	for (i = strlen(pad); i < 70000; i += 10)
		memcpy(pad + i, "X-Pad: 1\r\n", 10);
	strcpy(pad + i, "Content-Length: 1\r\n\r\nx");
	h_bad += status_case(WP_EFORMAT, pad, "header is over 65536 bytes", NULL);
	free(pad);
	return h_bad;
}

/* The parser fed directly: done exactly at the last body byte, sticky failure. */
static int t_feed(void)
{
	int h_bad = 0;
	struct http_resp r;
	struct http_io io;
	struct wp_err e;
	struct sim s;
	const char *a = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab";

	memset(&s, 0, sizeof(s));
	memset(&io, 0, sizeof(io));
	io.sink = &s;
	io.size = s_size;
	io.data = s_data;
	http_resp_init(&r);
	EXPECT(http_resp_feed(&r, &io, a, strlen(a), URL, &e) == 0, "more wanted");
	EXPECT(http_resp_feed(&r, &io, "cd", 2, URL, &e) == 1, "done");
	EXPECT(http_resp_closed(&r, URL, &e) == 0, "closed after done");
	EXPECT(s.got_len == 4 && !memcmp(s.got, "abcd", 4), "body");
	http_resp_init(&r);
	EXPECT(http_resp_feed(&r, &io, "HTTP/1.1 404 x\r\n\r\n", 18, URL, &e) == WP_ENOENT, "404");
	EXPECT(http_resp_feed(&r, &io, "more", 4, URL, &e) == WP_ENOENT, "sticky");
	EXPECT(http_resp_closed(&r, URL, &e) == WP_ENOENT, "sticky at close");
	free(s.got);
	return h_bad;
}

int main(void)
{
	RUN(t_url);
	RUN(t_request);
	RUN(t_pieces);
	RUN(t_shapes);
	RUN(t_lengths);
	RUN(t_statuses);
	RUN(t_feed);
	return h_failed ? 1 : 0;
}
