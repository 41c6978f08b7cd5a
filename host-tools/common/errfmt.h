/* SPDX-License-Identifier: GPL-2.0-or-later */
/* errfmt.h - the error-message helper of the host tools' C modules. */
#ifndef WP_ERRFMT_H
#define WP_ERRFMT_H
#include <stdarg.h>
#include <stdio.h>

/* Format an error message into err (cap bytes) and return -1. */
static inline int __attribute__((format(printf, 3, 4)))
fail(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, cap, fmt, ap);
	va_end(ap);
	return -1;
}

#endif
