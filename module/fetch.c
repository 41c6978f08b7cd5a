/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fetch.c - stream a file (TFTP path, or http:// URL with lpxelinux.0 and
 * syslinux.efi) straight into the memory that keeps it: one allocation of the
 * announced size, fread in 64 KiB pieces, no second copy.  Every transfer's
 * length is checked against the announced size (syslinux.efi's HTTP client
 * has been seen delivering 8 KiB too many); a bad one is fetched again.
 * The SHA-256 of a verified file is taken once the transfer is complete, not
 * piece by piece between freads: a pause between freads slows syslinux's
 * TCP (make bench-boot, lpxelinux.0 HTTP with a manifest: 2.1x the time of
 * the unverified read with 64 KiB pieces hashed in between, 1.4x with 8 KiB
 * pieces), while the same hashing after the last fread costs only itself.
 * Note: syslinux's HTTP client parses Content-Length but never passes it on
 * (fstat reports an unknown size), so over HTTP the expected size and hash
 * come from the manifest written by prep-tftproot.  Without one, the file
 * streams into the largest free block the firmware glue reserves
 * (winpe_stream_grab() in winpe.h), which is then cut to the file's length
 * in place: no copy, and the peak is the file plus the glue's headroom.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "fetch.h"
#include "fwget.h"
#include "httpfetch.h"
#include "sha256.h"
#include "staletail.h"
#include "tftpfetch.h"
#include "winpe.h"

#define FETCH_PIECE 65536u

/* Announced size of src: 0 unknown, -1 cannot open. */
int64_t fetch_size(const char *src)
{
	struct stat st;
	int64_t size = 0;
	FILE *f;

	winpe_fw_done(); /* syslinux's client needs the card */
	f = fopen(src, "r");

	if (!f)
		return -1;
	if (!fstat(fileno(f), &st) && st.st_size > 0 && st.st_size != (off_t)-1)
		size = st.st_size;
	fclose(f);
	return size;
}

/* Name the source in a client's message as the user wrote it (fetch.h). */
void fetch_name_source(struct wp_err *err, const char *path, const char *src)
{
	size_t n = strlen(path);
	char rest[sizeof(err->msg)];

	if (strcmp(path, src) && !strncmp(err->msg, path, n) && err->msg[n] == ':') {
		snprintf(rest, sizeof(rest), "%s", err->msg + n);
		snprintf(err->msg, sizeof(err->msg), "%s%s", src, rest);
	}
}

/* Free a buffer fetch_file() returned: firmware pages or malloc'd. */
void fetch_release(void *p)
{
	if (p && !winpe_stream_free(p))
		free(p);
}

/*
 * One transfer attempt.  Returns 0 when the length is right, 1 when the
 * transfer was bad (retry), negative on a hard error.
 */
static int fetch_once(const char *src, const struct fetch_expect *exp,
		      uint8_t **data, uint64_t *size, struct progress *p,
		      struct wp_err *err)
{
	uint8_t h[SHA256_DIGEST_SIZE];
	bool hashing = exp && exp->sha256;
	struct stat st;
	uint64_t announced = 0, cap, got = 0;
	uint8_t *buf = NULL, *nbuf;
	uint8_t extra[512];
	bool grabbed = false; /* buf is the firmware's reserved block */
	size_t n;
	FILE *f;
	int rc = http_fetch(src, exp, data, size, p, err); /* our HTTP client (httpfetch.h) */

	if (rc != HTTP_FETCH_CLASSIC)
		return rc;
	rc = tftp_fetch(src, exp, data, size, p, err); /* windowed TFTP (tftpfetch.h) */
	if (rc != TFTP_FETCH_CLASSIC)
		return rc;
	winpe_fw_done(); /* syslinux's client needs the card */
	f = fopen(src, "r");
	if (!f)
		return wp_fail(err, WP_ENOENT, "%s: cannot open (no such file on the server?)", src);
	if (!fstat(fileno(f), &st) && st.st_size > 0 && st.st_size != (off_t)-1)
		announced = (uint64_t)st.st_size;
	if (exp && exp->size) {
		if (announced && announced != exp->size) {
			fclose(f);
			return wp_fail(err, WP_EIO,
				       "%s: the server has %llu bytes but the manifest says %llu; "
				       "re-run prep-tftproot or fix the manifest", src,
				       (unsigned long long)announced,
				       (unsigned long long)exp->size);
		}
		announced = exp->size;
	}
	if (announced >= 0xFFFFFFFFull) {
		fclose(f);
		return wp_fail(err, WP_ERANGE, "%s: %llu bytes is too large (limit 4 GiB - 1)",
			       src, (unsigned long long)announced);
	}
	if (!announced) {
		buf = winpe_stream_grab(&cap);
		grabbed = buf != NULL;
	}
	if (!buf) {
		cap = announced ? announced : 4 * FETCH_PIECE;
		buf = malloc(cap ? cap : 1);
	}
	if (!buf) {
		fclose(f);
		return wp_fail(err, WP_ENOMEM, "%s: not enough memory for %llu bytes; add RAM (all files are "
				   "held in memory together) or use smaller files",
			       src, (unsigned long long)cap);
	}
	progress_start(p, src, announced);
	for (;;) {
		size_t want = FETCH_PIECE;
		if (got == cap) {
			if (announced) {
				/* read past the announced end: a bad transfer */
				n = fread(extra, 1, sizeof(extra), f);
				if (n) {
					got += n;
					while ((n = fread(extra, 1, sizeof(extra), f)) > 0)
						got += n;
				}
				break;
			}
			if (grabbed && winpe_stream_grow(buf, &cap))
				continue; /* grown in place behind the data */
			if (grabbed) {
				/* the largest free block is full: more data means no room */
				if (fread(extra, 1, 1, f) == 1) {
					fclose(f);
					fetch_release(buf);
					progress_end(p, false);
					return wp_fail(err, WP_ENOMEM, "%s: larger than the largest free "
						       "block of memory (%llu bytes); add RAM or use "
						       "smaller files", src, (unsigned long long)cap);
				}
				break;
			}
			nbuf = realloc(buf, cap * 2);
			if (!nbuf) {
				free(buf);
				fclose(f);
				progress_end(p, false);
				return wp_fail(err, WP_ENOMEM, "%s: not enough memory", src);
			}
			buf = nbuf;
			cap *= 2;
		}
		if (want > cap - got)
			want = (size_t)(cap - got);
		n = fread(buf + got, 1, want, f);
		if (!n)
			break;
		got += n;
		progress_update(p, got);
	}
	fclose(f);
	if (!announced && !strncmp(src, "http://", 7)) {
		/* no size known: syslinux.efi's stale buffer still shows itself when
		 * it holds this response's header (small files; staletail.h) */
		uint64_t n = stale_tail_strip(buf, got);
		if (n != got) {
			progress_update(p, n);
			progress_end(p, true);
			if (!p->quiet)
				printf("winpe: %s: the last %u bytes are syslinux.efi's stale "
				       "receive buffer (they repeat the response header, "
				       "Content-Length %llu); ignored\n", src, STALE_TAIL_BYTES,
				       (unsigned long long)n);
			got = n;
			goto verified;
		}
	}
	if (hashing && exp->size && got == exp->size + FETCH_STALE_RX &&
	    !strncmp(src, "http://", 7)) {
		/* syslinux.efi's stale receive buffer: the hash decides */
		hashing = false;
		sha256(buf, exp->size, h);
		if (!memcmp(h, exp->sha256, sizeof(h))) {
			progress_end(p, true);
			if (!p->quiet)
				printf("winpe: %s: the last %u bytes are syslinux.efi's stale "
				       "receive buffer; ignored (the rest has the manifest's "
				       "SHA-256)\n", src, FETCH_STALE_RX);
			got = exp->size;
			goto verified;
		}
	}
	progress_end(p, announced ? got == announced : true);
	if (announced && got != announced) {
		fetch_release(buf);
		wp_fail(err, WP_EIO, "%s: %s %llu bytes but the server sent %llu", src,
			exp && exp->size ? "the manifest says" : "the server announced",
			(unsigned long long)announced, (unsigned long long)got);
		return 1;
	}
	if (hashing) {
		sha256(buf, got, h);
		if (memcmp(h, exp->sha256, sizeof(h))) {
			fetch_release(buf);
			wp_fail(err, WP_EIO, "%s: SHA-256 differs from the manifest", src);
			return 1;
		}
	}
verified:
	if (grabbed) {
		/* give back the rest of the reserved block; the data stays put */
		buf = winpe_stream_trim(buf, got);
		if (!p->quiet)
			printf("winpe: %s: size not announced: streamed %llu bytes in place "
			       "into a block of %llu, the rest given back\n", src,
			       (unsigned long long)got, (unsigned long long)cap);
	}
	*data = buf;
	*size = got;
	return 0;
}

/* Fetch src with bounded retries of bad transfers. */
int fetch_file(const char *src, const struct fetch_expect *exp, uint8_t **data,
	       uint64_t *size, struct progress *p, struct wp_err *err)
{
	int attempt, rc = WP_EIO;

	for (attempt = 1; attempt <= FETCH_RETRIES; attempt++) {
		rc = fetch_once(src, exp, data, size, p, err);
		if (rc <= 0)
			return rc;
		printf("winpe: %s (attempt %d of %d)%s\n", err->msg, attempt,
		       FETCH_RETRIES, attempt < FETCH_RETRIES ? ", fetching again" : "");
	}
	return wp_fail(err, WP_EIO,
		       "%s: %d transfers were bad (wrong length or hash); check the server, "
		       "the network and the manifest", src, FETCH_RETRIES);
}
