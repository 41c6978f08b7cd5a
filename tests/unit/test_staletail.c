/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_staletail.c - core/staletail.c: the two stale-buffer forms seen from
 * Debian's syslinux.efi are stripped to the exact size, and anything short
 * of a header whose Content-Length is the true size is left alone.
 */
#include "harness.h"
#include "staletail.h"
#include "testdata.h"

static uint32_t seed = 0x5eed;

#define HDR_REST "\r\nServer: SimpleHTTP/0.6 Python/3.11.2\r\nDate: Thu, 26 Nov 2026 07:08:18 GMT\r\n" \
	"Content-type: text/plain\r\nContent-Length: 12\r\nLast-Modified: Thu, 26 Nov 2026 07:08:17 GMT\r\n\r\n"
#define BODY "hello winpe\n"

/* A transfer: body, then an 8 KiB tail starting with head (rest: junk). */
static uint8_t *transfer(const void *body, size_t n, const char *head, size_t hn, uint64_t *got)
{
	uint8_t *b = malloc(n + STALE_TAIL_BYTES);
	size_t i;

	memcpy(b, body, n);
	for (i = 0; i < STALE_TAIL_BYTES; i++)
		b[n + i] = (uint8_t)(td_rand(&seed) >> 24);
	memcpy(b + n, head, hn);
	*got = n + STALE_TAIL_BYTES;
	return b;
}

/* Check one case: stale_tail_strip gives want. */
static void one(const char *name, const void *body, size_t n, const char *head, size_t hn,
		uint64_t want_delta)
{
	uint64_t got, r;
	uint8_t *b = transfer(body, n, head, hn, &got);
	char why[96];

	r = stale_tail_strip(b, got);
	snprintf(why, sizeof(why), "got %llu, want %llu", (unsigned long long)r,
		 (unsigned long long)(got - want_delta));
	h_result(r == got - want_delta, name, why);
	free(b);
}

#define S(x) x, sizeof(x) - 1

/* The two forms seen on a real syslinux.efi, and variants of the header. */
static void test_forms(void)
{
	one("staletail-body-over-status-line", S(BODY), S(BODY " OK" HDR_REST), STALE_TAIL_BYTES);
	one("staletail-status-line", S(BODY), S("HTTP/1.0 200 OK" HDR_REST BODY), STALE_TAIL_BYTES);
	one("staletail-case-and-blanks", S(BODY),
	    S("HTTP/1.1 200 OK\r\nCONTENT-LENGTH: \t12\r\nConnection: close\r\n\r\n"), STALE_TAIL_BYTES);
	one("staletail-length-last-header", S(BODY), S("HTTP/1.1 200 OK\r\ncontent-length:12\r\n\r\n"),
	    STALE_TAIL_BYTES);
}

/* Anything else keeps every byte. */
static void test_kept(void)
{
	uint64_t got;
	uint8_t *b;

	one("staletail-other-length", S(BODY), S("HTTP/1.0 200 OK\r\nContent-Length: 13\r\n\r\n"), 0);
	one("staletail-length-prefix", S(BODY), S("HTTP/1.0 200 OK\r\nContent-Length: 123\r\n\r\n"), 0);
	one("staletail-no-header-end", S(BODY), S("HTTP/1.0 200 OK\r\nContent-Length: 12\r\nX: y\r\n"), 0);
	one("staletail-no-crlf-before", S(BODY), S("HTTP/1.0 200 OK\nContent-Length: 12\r\n\r\n"), 0);
	one("staletail-no-digits", S(BODY), S("HTTP/1.0 200 OK\r\nContent-Length: \r\n\r\n"), 0);
	one("staletail-overflow", S(BODY),
	    S("HTTP/1.0 200 OK\r\nContent-Length: 18446744073709551628\r\n\r\n"), 0);
	one("staletail-random-tail", S(BODY), "", 0, 0);

	/* at most 8 KiB: never a stale tail */
	b = transfer(BODY, 0, S("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"), &got);
	h_result(stale_tail_strip(b, got) == got, "staletail-8k-exactly", "stripped");
	free(b);
	h_result(stale_tail_strip((const uint8_t *)"", 0) == 0, "staletail-empty", "not 0");

	/* a large file's stale tail holds only its own data: not recognised (documented) */
	{
		size_t n = 100000, i;
		uint8_t *body = malloc(n);
		for (i = 0; i < n; i++)
			body[i] = (uint8_t)(td_rand(&seed) >> 24);
		one("staletail-large-repeat-kept", body, n, (const char *)body + n - STALE_TAIL_BYTES,
		    STALE_TAIL_BYTES, 0);
		free(body);
	}
}

/* The key cut off at every point of the tail's end: no match, no read past. */
static void test_edges(void)
{
	static const char h[] = "\r\nContent-Length: 12\r\n\r\n";
	size_t cut, bad = 0;

	for (cut = 1; cut < sizeof(h) - 1; cut++) {
		uint8_t *b = malloc(12 + STALE_TAIL_BYTES);
		memcpy(b, BODY, 12);
		memset(b + 12, 'x', STALE_TAIL_BYTES);
		memcpy(b + 12 + STALE_TAIL_BYTES - cut, h, cut);
		if (stale_tail_strip(b, 12 + STALE_TAIL_BYTES) != 12 + STALE_TAIL_BYTES)
			bad++;
		free(b);
	}
	h_result(!bad, "staletail-cut-at-end", "a partial header matched");
}

int main(void)
{
	test_forms();
	test_kept();
	test_edges();
	return H_DONE();
}
