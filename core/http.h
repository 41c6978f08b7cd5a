/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * http.h - a freestanding HTTP/1.1 GET client for one file per connection
 * ("Connection: close"): the URL, the request, and an incremental parser of
 * the response (status line, headers, Content-Length, body) that takes the
 * byte stream in pieces of any size.  Bytes go through struct http_io, so the
 * same code runs over the firmware's TCP4 (efi/tcp.c) and a scripted server
 * in the unit tests and the fuzz target.  Chunked transfer encoding is
 * refused (WP_EUNSUPP), not decoded; a body without Content-Length runs to
 * the server's close.
 */
#ifndef WP_HTTP_H
#define WP_HTTP_H
#include "wp.h"

#define HTTP_PORT 80
#define HTTP_URL_HOST 64
#define HTTP_URL_PATH 512
#define HTTP_LINE_MAX 256        /* header bytes kept per line (the rest is skipped) */
#define HTTP_HEADER_MAX 65536u   /* a longer header is refused */

/* What http_io.recv returns besides a byte count (> 0). */
#define HTTP_RECV_CLOSED 0       /* the server closed the connection (FIN) */
#define HTTP_RECV_IDLE (-1)      /* nothing arrived within timeout_ms */
#define HTTP_RECV_FAILED (-2)    /* reset, or the transport failed */

/* Byte stream and data sink, supplied by the firmware glue or a test. */
struct http_io {
	void *ctx; /* the transport's context, passed to send and recv */
	/* Send all len bytes.  <0: failed. */
	int (*send)(void *ctx, const void *buf, size_t len);
	/* Wait up to timeout_ms for bytes: their count (<= cap) or HTTP_RECV_*. */
	int (*recv)(void *ctx, void *buf, size_t cap, unsigned timeout_ms);
	/* The sink's own context, passed to size and data. */
	void *sink;
	/* The body's Content-Length, before any body byte.  <0: abort. */
	int (*size)(void *sink, uint64_t len);
	/* Body bytes at off, always in order (off = previous off + len).  <0: abort. */
	int (*data)(void *sink, uint64_t off, const void *buf, size_t len);
};

/* An http:// URL taken apart. */
struct http_url {
	char host[HTTP_URL_HOST]; /* as written (a name or a dotted quad) */
	uint16_t port;            /* 80 unless given */
	char path[HTTP_URL_PATH]; /* from the first '/', as written */
};

/* The response parser's state (http_resp_*). */
struct http_resp {
	int state;                /* internal: status line, headers, body, done, failed */
	int fail;                 /* the code it failed with */
	unsigned status;          /* the status code, 0 before the status line */
	char reason[48];          /* the status line's reason phrase (cut) */
	char location[128];       /* a redirect's Location (cut) */
	char line[HTTP_LINE_MAX]; /* the header line being read */
	size_t llen;              /* its bytes kept */
	uint32_t header_bytes;    /* header bytes so far */
	bool have_len, chunked, close_delimited;
	uint64_t length;          /* Content-Length */
	uint64_t body;            /* body bytes handed to io->data */
};

/* What happened during a transfer (for the log and the tests). */
struct http_stats {
	unsigned status;
	bool have_len;
	uint64_t length;          /* Content-Length when have_len */
	uint64_t bytes;           /* body bytes delivered */
	uint32_t header_bytes;
	unsigned reads;           /* recv calls that returned bytes */
	bool server_closed;       /* the transfer ended with the server's close */
};

struct http_opts {
	unsigned idle_ms;         /* no byte for this long: give up (0: 10000) */
};

/*
 * Parse "http://host[:port]/path" (a bare "http://host" means path "/").
 * Returns 0; WP_EUNSUPP for another scheme or user info ("user@host");
 * WP_EINVAL (message naming url) for a bad port or a host/path too long.
 */
int http_url_parse(const char *url, struct http_url *u, struct wp_err *err);

/*
 * Write the GET request for u into buf (cap bytes, NUL-terminated): HTTP/1.1,
 * Host (with the port unless 80), Connection: close; bytes of the path
 * outside printable ASCII and spaces are percent-encoded.  Returns its
 * length, or WP_ERANGE when it does not fit.
 */
int http_request(const struct http_url *u, char *buf, size_t cap);

/* Start parsing a response. */
void http_resp_init(struct http_resp *r);

/*
 * Take the next len bytes of the response for url (named in messages).
 * Returns 0 (more wanted), 1 when the body is complete (Content-Length
 * reached; bytes past it are an error), or a negative code with err filled:
 * WP_ENOENT (404, 410), WP_EIO (5xx: worth another try), WP_EUNSUPP (3xx,
 * other 4xx, another 2xx, chunked encoding), WP_EFORMAT (not HTTP, a bad
 * Content-Length, a header over HTTP_HEADER_MAX), or io->size/io->data's own.
 */
int http_resp_feed(struct http_resp *r, const struct http_io *io, const void *buf, size_t len,
		   const char *url, struct wp_err *err);

/*
 * The server closed the connection: 0 when the response is complete (its
 * Content-Length arrived, or it had none and the body runs to the close),
 * WP_EIO when it ended early (message with the byte counts).
 */
int http_resp_closed(struct http_resp *r, const char *url, struct wp_err *err);

/*
 * GET u (url names it in messages) over io: send the request, feed the
 * response to the parser until it is complete or the server closes.
 * Returns 0 when the whole body went to io->data; http_resp_feed's codes;
 * WP_EIO for a failed send, a reset, a short body or o->idle_ms without a
 * byte.  st (may be NULL) says what happened.
 */
int http_get(const char *url, const struct http_url *u, const struct http_opts *o,
	     const struct http_io *io, struct http_stats *st, struct wp_err *err);

#endif
