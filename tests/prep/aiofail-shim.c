/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aiofail-shim.c - LD_PRELOAD shim for t-bigcopy.sh: makes prep-tftproot's
 * direct writes (aiowrite.c, Linux AIO through syscall()) fail, so the
 * buffered fallback is exercised.
 *   AIOFAIL_SUBMIT=N  the Nth io_submit fails with EINVAL
 *   AIOFAIL_EVENT=N   the Nth completed write reports EIO
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <linux/aio_abi.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/syscall.h>

/* The glibc syscall() wrapper, with the two AIO calls tampered with. */
long syscall(long n, ...)
{
	static long (*real)(long, ...);
	static long submits, events;
	va_list ap;
	long a[6];
	va_start(ap, n);
	for (int i = 0; i < 6; i++) a[i] = va_arg(ap, long);
	va_end(ap);
	if (!real) real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	const char *s = getenv("AIOFAIL_SUBMIT"), *e = getenv("AIOFAIL_EVENT");
	if (n == SYS_io_submit && s && ++submits == atol(s)) {
		errno = EINVAL;
		return -1;
	}
	long r = real(n, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (n == SYS_io_getevents && e && r > 0) {
		struct io_event *ev = (struct io_event *)a[3];
		for (long i = 0; i < r; i++)
			if (++events == atol(e)) ev[i].res = -EIO;
	}
	return r;
}
