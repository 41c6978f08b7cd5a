/* SPDX-License-Identifier: GPL-2.0-or-later */
/* err.c - error reporting and byte sources shared by the whole core. */
#include "wp.h"

/* Record a formatted message in e (if any) and return code. */
int wp_fail(struct wp_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e) {
		e->code = code;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

/* A short English name for a status code. */
const char *wp_strerror(int code)
{
	switch (code) {
	case WP_OK: return "success";
	case WP_EIO: return "read error";
	case WP_EFORMAT: return "malformed data";
	case WP_ENOMEM: return "out of memory";
	case WP_ENOENT: return "not found";
	case WP_ERANGE: return "out of range";
	case WP_EUNSUPP: return "unsupported";
	case WP_EINVAL: return "invalid argument";
	}
	return "unknown error";
}

/* Read len bytes at off from a byte source, bounds-checked. */
int wp_src_read(const struct wp_src *s, uint64_t off, void *buf, size_t len)
{
	if (off > s->size || len > s->size - off)
		return WP_ERANGE;
	if (!len)
		return WP_OK;
	if (s->mem) {
		memcpy(buf, s->mem + off, len);
		return WP_OK;
	}
	if (!s->read)
		return WP_EIO;
	return s->read(s->ctx, off, buf, len);
}

/* A byte source over memory. */
struct wp_src wp_src_mem(const void *mem, uint64_t size)
{
	struct wp_src s = { size, mem, NULL, NULL };
	return s;
}
