/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wp.h - common definitions of the freestanding winpe core.
 *
 * The core is compiled unchanged into the BIOS module, the efi64 module and the
 * host programs.  It may use only these standard headers (resolved to
 * syslinux's libcom32 in the modules, to glibc on the host) and never a
 * syslinux, gnu-efi or OS header.
 */
#ifndef WP_H
#define WP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>   /* snprintf, vsnprintf only */
#include <stdlib.h>  /* malloc, calloc, realloc, free */
#include <string.h>

/* Status codes: 0 is success, everything else is negative. */
enum wp_status {
	WP_OK = 0,
	WP_EIO = -1,      /* the backing source failed */
	WP_EFORMAT = -2,  /* malformed input */
	WP_ENOMEM = -3,   /* out of memory */
	WP_ENOENT = -4,   /* not found */
	WP_ERANGE = -5,   /* out of bounds / too large */
	WP_EUNSUPP = -6,  /* valid but unsupported */
	WP_EINVAL = -7,   /* bad argument */
};

/* Error detail for the user: the message names the file and the problem. */
struct wp_err {
	int code;
	char msg[256];
};

int wp_fail(struct wp_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *wp_strerror(int code);

/* Little-endian accessors (unaligned-safe). */
static inline uint16_t wp_le16(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[0] | b[1] << 8);
}
static inline uint32_t wp_le32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}
static inline uint64_t wp_le64(const void *p)
{
	return wp_le32(p) | (uint64_t)wp_le32((const uint8_t *)p + 4) << 32;
}
static inline void wp_put16(void *p, uint16_t v)
{
	uint8_t *b = p;
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
}
static inline void wp_put32(void *p, uint32_t v)
{
	uint8_t *b = p;
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}
static inline void wp_put64(void *p, uint64_t v)
{
	wp_put32(p, (uint32_t)v);
	wp_put32((uint8_t *)p + 4, (uint32_t)(v >> 32));
}

/* The last component of a path ('\' or '/' separated): "\boot\bcd" -> "bcd". */
static inline const char *wp_basename(const char *path)
{
	const char *b = path;

	for (; *path; path++)
		if (*path == '\\' || *path == '/')
			b = path + 1;
	return b;
}

/* Does name end with suffix (given in lower case), ignoring ASCII case? */
static inline bool wp_ends_ci(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix), i;

	if (n < s)
		return false;
	for (i = 0; i < s; i++) {
		char a = name[n - s + i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != suffix[i])
			return false;
	}
	return true;
}

/*
 * A random-access, read-only byte source: a fetched file in memory, a file
 * on the host, or a stream inside a WIM.
 */
struct wp_src {
	uint64_t size;
	const uint8_t *mem; /* non-NULL: the bytes are here, read() unused */
	int (*read)(void *ctx, uint64_t off, void *buf, size_t len);
	void *ctx;
};

/* Read len bytes at off; fails with WP_ERANGE past the end. */
int wp_src_read(const struct wp_src *s, uint64_t off, void *buf, size_t len);
/* A source over a memory range. */
struct wp_src wp_src_mem(const void *mem, uint64_t size);

#endif
