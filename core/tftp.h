/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tftp.h - a freestanding TFTP read client: RFC 1350 with RFC 2347 option
 * negotiation, blksize (RFC 2348), tsize (RFC 2349) and windowsize
 * (RFC 7440).  It owns the protocol (RRQ, OACK, DATA, ACK, ERROR, block
 * roll-over past 65535, duplicates, gaps, timeouts with back-off, the
 * server's TID) and nothing else: datagrams go through struct tftp_io, so
 * the same code runs over the PXE UDP API (BIOS), UEFI UDP4 and a scripted
 * server in the unit tests.
 */
#ifndef WP_TFTP_H
#define WP_TFTP_H
#include "wp.h"

#define TFTP_PORT 69
#define TFTP_BLKSIZE_MAX 65464u
/* The largest block an Ethernet MTU of 1500 carries unfragmented (IP 20, UDP 8, TFTP 4). */
#define TFTP_BLKSIZE_LAN 1468u
#define TFTP_WINDOW_MAX 64u

/* Datagram transport and data sink, supplied by the firmware glue or a test. */
struct tftp_io {
	void *ctx; /* the transport's context, passed to send and recv */
	/* Send one datagram to the server's address, UDP port `port`. <0: failed. */
	int (*send)(void *ctx, uint16_t port, const void *pkt, size_t len);
	/*
	 * Wait up to timeout_ms for one datagram addressed to us: its length
	 * (the packet truncated to cap), 0 on timeout, negative on failure.
	 * *from_server is false for a datagram from another host; *port is
	 * its source port.
	 */
	int (*recv)(void *ctx, void *buf, size_t cap, uint16_t *port,
		    bool *from_server, unsigned timeout_ms);
	/* The sink's own context, passed to size and data. */
	void *sink;
	/* The server announced the size (tsize), before any data.  <0: abort. */
	int (*size)(void *sink, uint64_t tsize);
	/* Bytes at off, always in order (off = previous off + len).  <0: abort. */
	int (*data)(void *sink, uint64_t off, const void *buf, size_t len);
};

struct tftp_opts {
	uint16_t port;        /* server port of the RRQ (0: 69) */
	unsigned blksize;     /* requested blksize (0: no blksize option) */
	unsigned windowsize;  /* requested windowsize (0 or 1: none) */
	bool tsize;           /* ask for tsize */
	unsigned timeout_ms;  /* first timeout (0: 1000 ms); doubles per retry */
	unsigned timeout_max; /* back-off ceiling (0: 8000 ms) */
	unsigned retries;     /* consecutive timeouts before giving up (0: 6) */
};

/* What happened during a transfer (for the log, the tests and adaptation). */
struct tftp_stats {
	bool oack;            /* the server answered with an OACK */
	unsigned blksize;     /* block size in use */
	unsigned windowsize;  /* window in use (1: lock-step) */
	bool have_tsize;
	uint64_t tsize;
	uint64_t bytes;       /* data delivered */
	uint64_t blocks;      /* DATA packets delivered */
	unsigned acks;        /* ACKs sent (with retransmissions) */
	unsigned timeouts;    /* receive timeouts */
	unsigned gaps;        /* windows cut short by a missing block */
	unsigned dups;        /* DATA packets seen again or out of window */
	unsigned stray;       /* packets from another TID or host */
	uint16_t server_port; /* the server's TID */
	int server_error;     /* TFTP error code received, -1 none */
	char server_msg[64];  /* its message */
};

/*
 * Read `path` (octet mode).  Returns 0 when the whole file went to io->data;
 * WP_ENOENT when the server says it has no such file; WP_EUNSUPP when the
 * server refused the options (TFTP error 8) or answered with an OACK this
 * client cannot use - the caller then falls back to another client;
 * WP_EIO on timeouts, server errors or a size that differs from tsize;
 * the negative return of io->size/io->data when they abort.
 */
int tftp_get(const char *path, const struct tftp_opts *o, const struct tftp_io *io,
	     struct tftp_stats *st, struct wp_err *err);

/*
 * The window to ask for next time: halved after a transfer that lost
 * packets, doubled (up to max) after a clean one.
 */
unsigned tftp_next_window(unsigned cur, const struct tftp_stats *st, unsigned max);

#endif
