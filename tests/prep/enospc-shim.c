/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * enospc-shim.c - LD_PRELOAD fault hook for the prep-tftproot tests: creating
 * a file or directory whose path contains $SHIM_ENOSPC fails with ENOSPC, as
 * on a file system out of space or inodes.  Built by the test that uses it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Does path match the failure pattern? */
static int hit(const char *path)
{
	const char *m = getenv("SHIM_ENOSPC");
	return m && *m && path && strstr(path, m);
}

/* open/open64 and the fortified variants: O_CREAT of a matching path fails. */
#define OPENER(NAME)                                                                   \
	int NAME(const char *path, int flags, ...)                                     \
	{                                                                              \
		static int (*real)(const char *, int, ...);                            \
		mode_t mode = 0;                                                       \
		if (flags & O_CREAT) {                                                 \
			va_list ap;                                                    \
			va_start(ap, flags);                                           \
			mode = (mode_t)va_arg(ap, int);                                \
			va_end(ap);                                                    \
			if (hit(path)) {                                               \
				errno = ENOSPC;                                        \
				return -1;                                             \
			}                                                              \
		}                                                                      \
		if (!real) real = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, #NAME); \
		return real(path, flags, mode);                                        \
	}
OPENER(open)
OPENER(open64)

/* mkdir of a matching path fails. */
int mkdir(const char *path, mode_t mode)
{
	static int (*real)(const char *, mode_t);
	if (hit(path)) {
		errno = ENOSPC;
		return -1;
	}
	if (!real) real = (int (*)(const char *, mode_t))dlsym(RTLD_NEXT, "mkdir");
	return real(path, mode);
}
