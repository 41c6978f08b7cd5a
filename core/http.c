/* SPDX-License-Identifier: GPL-2.0-or-later */
/* http.c - HTTP/1.1 GET: URL, request, incremental response parser (http.h). */
#include "http.h"

enum { S_STATUS, S_HEADER, S_BODY, S_DONE, S_FAILED };

#define HTTP_RECV_BUF 16384u

/* ASCII lower case of c. */
static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

/* Does s (n bytes) equal the lower-case word w, ignoring case? */
static bool word_is(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!w[i] || lower(s[i]) != w[i])
			return false;
	return !w[i];
}

/* Copy n bytes of s into dst (cap bytes), cut to fit, NUL-terminated. */
static void put_cut(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = 0;
}

/* Parse the URL (http.h). */
int http_url_parse(const char *url, struct http_url *u, struct wp_err *err)
{
	const char *h, *end, *colon, *d;
	uint32_t port = 0;

	memset(u, 0, sizeof(*u));
	u->port = HTTP_PORT;
	if (strncmp(url, "http://", 7))
		return WP_EUNSUPP;
	h = url + 7;
	for (end = h; *end && *end != '/'; end++)
		if (*end == '@')
			return WP_EUNSUPP; /* user info: not ours */
	for (colon = h; colon < end && *colon != ':'; colon++)
		;
	if (colon == h)
		return wp_fail(err, WP_EINVAL, "%s: no host; write http://server[:port]/path", url);
	if (colon < end) {
		if (colon + 1 == end)
			return wp_fail(err, WP_EINVAL, "%s: empty port; write http://server:PORT/path", url);
		for (d = colon + 1; d < end; d++) {
			if (*d < '0' || *d > '9' || port > 65535)
				return wp_fail(err, WP_EINVAL, "%s: the port must be a number 1..65535", url);
			port = port * 10 + (uint32_t)(*d - '0');
		}
		if (!port || port > 65535)
			return wp_fail(err, WP_EINVAL, "%s: the port must be a number 1..65535", url);
		u->port = (uint16_t)port;
	}
	if ((size_t)(colon - h) >= sizeof(u->host))
		return wp_fail(err, WP_EINVAL, "%s: the host name is too long (limit %u)", url,
			       (unsigned)sizeof(u->host) - 1);
	memcpy(u->host, h, (size_t)(colon - h));
	if (!*end) {
		u->path[0] = '/';
		return 0;
	}
	if (strlen(end) >= sizeof(u->path))
		return wp_fail(err, WP_EINVAL, "%s: the path is too long (limit %u)", url,
			       (unsigned)sizeof(u->path) - 1);
	strcpy(u->path, end);
	return 0;
}

/* Append s to buf (cap) at *n; false when it does not fit. */
static bool append(char *buf, size_t cap, size_t *n, const char *s)
{
	size_t k = strlen(s);

	if (*n + k >= cap)
		return false;
	memcpy(buf + *n, s, k + 1);
	*n += k;
	return true;
}

/* Build the request (http.h). */
int http_request(const struct http_url *u, char *buf, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;
	char tmp[16];
	size_t n = 0;

	if (!cap)
		return WP_ERANGE;
	buf[0] = 0;
	if (!append(buf, cap, &n, "GET "))
		return WP_ERANGE;
	for (p = (const unsigned char *)u->path; *p; p++) {
		if (*p > 0x20 && *p < 0x7f) {
			tmp[0] = (char)*p;
			tmp[1] = 0;
		} else {
			tmp[0] = '%';
			tmp[1] = hex[*p >> 4];
			tmp[2] = hex[*p & 15];
			tmp[3] = 0;
		}
		if (!append(buf, cap, &n, tmp))
			return WP_ERANGE;
	}
	if (!append(buf, cap, &n, " HTTP/1.1\r\nHost: ") || !append(buf, cap, &n, u->host))
		return WP_ERANGE;
	if (u->port != HTTP_PORT) {
		snprintf(tmp, sizeof(tmp), ":%u", u->port);
		if (!append(buf, cap, &n, tmp))
			return WP_ERANGE;
	}
	if (!append(buf, cap, &n, "\r\nUser-Agent: winpe.c32\r\nAccept: */*\r\n"
		    "Accept-Encoding: identity\r\nConnection: close\r\n\r\n"))
		return WP_ERANGE;
	return (int)n;
}

/* Start parsing (http.h). */
void http_resp_init(struct http_resp *r)
{
	memset(r, 0, sizeof(*r));
	r->state = S_STATUS;
}

/* Fail the parse: remember it, fill err. */
static int failed(struct http_resp *r, struct wp_err *err, int code)
{
	r->state = S_FAILED;
	r->fail = code;
	return code;
}

/* The status line in r->line. */
static int status_line(struct http_resp *r, const char *url, struct wp_err *err)
{
	const char *l = r->line;
	size_t i;

	if (r->llen < 12 || strncmp(l, "HTTP/1.", 7) || l[7] < '0' || l[7] > '9' || l[8] != ' ' ||
	    l[9] < '1' || l[9] > '5' || l[10] < '0' || l[10] > '9' || l[11] < '0' || l[11] > '9' ||
	    (r->llen > 12 && l[12] != ' ')) {
		wp_fail(err, WP_EFORMAT, "%s: the server's answer is not an HTTP/1.x status line "
			"(\"%.40s\"); is it an HTTP server?", url, l);
		return failed(r, err, WP_EFORMAT);
	}
	r->status = (unsigned)((l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0'));
	i = r->llen > 13 ? 13 : r->llen;
	put_cut(r->reason, sizeof(r->reason), l + i, r->llen - i);
	r->state = S_HEADER;
	return 0;
}

/* Parse a Content-Length value (v, n bytes, blanks trimmed); false if bad. */
static bool parse_length(const char *v, size_t n, uint64_t *out)
{
	uint64_t x = 0;
	size_t i;

	if (!n || n > 19)
		return false; /* 19 digits always fit in 64 bits */
	for (i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9')
			return false;
		x = x * 10 + (uint64_t)(v[i] - '0');
	}
	*out = x;
	return true;
}

/* One header line in r->line. */
static int header_line(struct http_resp *r, const char *url, struct wp_err *err)
{
	const char *l = r->line, *v;
	size_t name, vn;
	uint64_t len;

	if (l[0] == ' ' || l[0] == '\t')
		return 0; /* an obsolete folded continuation: nothing we read */
	for (name = 0; name < r->llen && l[name] != ':'; name++)
		;
	if (name == r->llen)
		return 0; /* not a header: ignored */
	v = l + name + 1;
	vn = r->llen - name - 1;
	while (vn && (*v == ' ' || *v == '\t'))
		v++, vn--;
	while (vn && (v[vn - 1] == ' ' || v[vn - 1] == '\t'))
		vn--;
	if (word_is(l, name, "content-length")) {
		if (!parse_length(v, vn, &len) || (r->have_len && len != r->length)) {
			wp_fail(err, WP_EFORMAT, "%s: the server sends a bad Content-Length (\"%.*s\")",
				url, (int)(vn > 40 ? 40 : vn), v);
			return failed(r, err, WP_EFORMAT);
		}
		r->have_len = true;
		r->length = len;
	} else if (word_is(l, name, "transfer-encoding")) {
		if (!word_is(v, vn, "identity"))
			r->chunked = true;
	} else if (word_is(l, name, "location")) {
		put_cut(r->location, sizeof(r->location), v, vn);
	}
	return 0;
}

/* The empty line after the headers: decide what the status means. */
static int headers_done(struct http_resp *r, const struct http_io *io, const char *url,
			struct wp_err *err)
{
	unsigned s = r->status;
	int rc;

	if (s >= 100 && s < 200 && s != 101) {
		/* an interim answer (100 Continue): the real one follows */
		r->status = 0;
		r->have_len = r->chunked = false;
		r->state = S_STATUS;
		return 0;
	}
	if (s == 404 || s == 410) {
		wp_fail(err, WP_ENOENT, "%s: cannot open (the HTTP server answers %u %s)", url, s, r->reason);
		return failed(r, err, WP_ENOENT);
	}
	if (s >= 300 && s < 400) {
		wp_fail(err, WP_EUNSUPP, "%s: the HTTP server answers %u %s%s%s; write the URL it "
			"points to in the config", url, s, r->reason,
			r->location[0] ? " -> " : "", r->location);
		return failed(r, err, WP_EUNSUPP);
	}
	if (s >= 500) {
		wp_fail(err, WP_EIO, "%s: the HTTP server answers %u %s (a server error)", url, s, r->reason);
		return failed(r, err, WP_EIO);
	}
	if (s != 200) {
		wp_fail(err, WP_EUNSUPP, "%s: the HTTP server answers %u %s%s", url, s, r->reason,
			s >= 400 ? "; check the URL and the server's permissions" : " (expected 200)");
		return failed(r, err, WP_EUNSUPP);
	}
	if (r->chunked) {
		wp_fail(err, WP_EUNSUPP, "%s: the HTTP server sends a Transfer-Encoding (chunked) "
			"this client does not decode; serve the file with a Content-Length", url);
		return failed(r, err, WP_EUNSUPP);
	}
	if (r->have_len && io->size && (rc = io->size(io->sink, r->length)) < 0)
		return failed(r, err, rc);
	r->close_delimited = !r->have_len;
	r->state = (r->have_len && !r->length) ? S_DONE : S_BODY;
	return 0;
}

/* Body bytes: in order to io->data, never past Content-Length. */
static int body(struct http_resp *r, const struct http_io *io, const uint8_t *p, size_t n,
		const char *url, struct wp_err *err)
{
	size_t take = n;
	int rc;

	if (r->have_len && take > r->length - r->body)
		take = (size_t)(r->length - r->body);
	if (take && io->data && (rc = io->data(io->sink, r->body, p, take)) < 0)
		return failed(r, err, rc);
	r->body += take;
	if (r->have_len && r->body == r->length)
		r->state = S_DONE;
	if (take < n) {
		wp_fail(err, WP_EIO, "%s: the HTTP server sends more than its Content-Length of %llu bytes",
			url, (unsigned long long)r->length);
		return failed(r, err, WP_EIO);
	}
	return 0;
}

/* Feed response bytes (http.h). */
int http_resp_feed(struct http_resp *r, const struct http_io *io, const void *buf, size_t len,
		   const char *url, struct wp_err *err)
{
	const uint8_t *p = buf;
	int rc;

	while (len) {
		if (r->state == S_FAILED)
			return r->fail;
		if (r->state == S_BODY || r->state == S_DONE) {
			if ((rc = body(r, io, p, len, url, err)))
				return rc;
			break;
		}
		if (++r->header_bytes > HTTP_HEADER_MAX) {
			wp_fail(err, WP_EFORMAT, "%s: the HTTP server's header is over %u bytes", url,
				HTTP_HEADER_MAX);
			return failed(r, err, WP_EFORMAT);
		}
		if (*p != '\n') {
			if (r->llen < sizeof(r->line) - 1)
				r->line[r->llen++] = (char)*p;
			p++, len--;
			continue;
		}
		p++, len--;
		if (r->llen && r->line[r->llen - 1] == '\r')
			r->llen--;
		r->line[r->llen] = 0;
		if (r->state == S_STATUS)
			rc = r->llen ? status_line(r, url, err) : 0; /* blank lines before it: skipped */
		else if (r->llen)
			rc = header_line(r, url, err);
		else
			rc = headers_done(r, io, url, err);
		r->llen = 0;
		if (rc)
			return rc;
	}
	if (r->state == S_FAILED)
		return r->fail;
	return r->state == S_DONE ? 1 : 0;
}

/* The server closed the connection (http.h). */
int http_resp_closed(struct http_resp *r, const char *url, struct wp_err *err)
{
	if (r->state == S_DONE || (r->state == S_BODY && r->close_delimited)) {
		r->state = S_DONE;
		return 0;
	}
	if (r->state == S_FAILED)
		return r->fail;
	if (r->state == S_BODY) {
		r->state = S_FAILED;
		return r->fail = wp_fail(err, WP_EIO, "%s: the HTTP server closed the connection after %llu of "
			       "%llu bytes", url, (unsigned long long)r->body,
			       (unsigned long long)r->length);
	}
	r->state = S_FAILED;
	r->fail = WP_EIO;
	if (!r->header_bytes)
		return wp_fail(err, WP_EIO, "%s: the HTTP server closed the connection without an answer",
			       url);
	return wp_fail(err, WP_EIO, "%s: the HTTP server closed the connection inside the response "
		       "header (after %u bytes)", url, (unsigned)r->header_bytes);
}

/* Fill st from r. */
static void stats(const struct http_resp *r, struct http_stats *st)
{
	st->status = r->status;
	st->have_len = r->have_len;
	st->length = r->length;
	st->bytes = r->body;
	st->header_bytes = r->header_bytes;
}

/* GET one URL (http.h). */
int http_get(const char *url, const struct http_url *u, const struct http_opts *o,
	     const struct http_io *io, struct http_stats *st, struct wp_err *err)
{
	struct http_stats dummy;
	struct http_resp *r;
	unsigned idle = o && o->idle_ms ? o->idle_ms : 10000;
	uint8_t *buf;
	int n, rc;

	if (!st)
		st = &dummy;
	memset(st, 0, sizeof(*st));
	r = malloc(sizeof(*r) + HTTP_RECV_BUF);
	if (!r)
		return wp_fail(err, WP_ENOMEM, "%s: not enough memory", url);
	buf = (uint8_t *)(r + 1);
	n = http_request(u, (char *)buf, HTTP_RECV_BUF);
	if (n < 0) {
		rc = wp_fail(err, WP_ERANGE, "%s: the URL is too long for a request", url);
		goto out;
	}
	if (io->send(io->ctx, buf, (size_t)n) < 0) {
		rc = wp_fail(err, WP_EIO, "%s: sending the HTTP request failed", url);
		goto out;
	}
	http_resp_init(r);
	for (;;) {
		n = io->recv(io->ctx, buf, HTTP_RECV_BUF, idle);
		if (n > 0) {
			st->reads++;
			rc = http_resp_feed(r, io, buf, (size_t)n, url, err);
			if (rc)
				break;
			continue;
		}
		if (n == HTTP_RECV_CLOSED) {
			st->server_closed = true;
			rc = http_resp_closed(r, url, err);
		} else if (n == HTTP_RECV_IDLE && !st->reads) {
			rc = wp_fail(err, WP_EIO, "%s: no answer from the HTTP server for %u s (the "
				     "request was sent; not even a status line came back)", url,
				     idle / 1000);
		} else if (n == HTTP_RECV_IDLE) {
			rc = wp_fail(err, WP_EIO, "%s: nothing from the HTTP server for %u s (after %llu "
				     "body bytes)", url, idle / 1000, (unsigned long long)r->body);
		} else {
			rc = wp_fail(err, WP_EIO, "%s: the HTTP connection failed (reset?) after %llu body "
				     "bytes", url, (unsigned long long)r->body);
		}
		break;
	}
	if (rc == 1)
		rc = 0;
	stats(r, st);
out:
	free(r);
	return rc;
}
