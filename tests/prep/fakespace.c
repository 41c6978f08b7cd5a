/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fakespace.c - LD_PRELOAD fault hook for tests/prep/t-space.sh where no
 * small file system can be mounted (a plain chroot or container without
 * CAP_SYS_ADMIN): statvfs() on a path under $FAKESPACE_DIR reports
 * $FAKESPACE_BYTES bytes available; everything else is the real answer.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

/* Shrink the free-space fields of v when path lies under $FAKESPACE_DIR. */
static void fake(const char *path, struct statvfs *v)
{
	const char *dir = getenv("FAKESPACE_DIR"), *bytes = getenv("FAKESPACE_BYTES");
	size_t n;

	if (!dir || !bytes || !*dir)
		return;
	n = strlen(dir);
	if (strncmp(path, dir, n) != 0 || (path[n] != 0 && path[n] != '/'))
		return;
	v->f_bavail = v->f_bfree = strtoull(bytes, NULL, 10) / (v->f_frsize ? v->f_frsize : 4096);
}

/* statvfs(): the real call, then the fake free space. */
int statvfs(const char *path, struct statvfs *v)
{
	static int (*real)(const char *, struct statvfs *);
	int rc;

	if (!real)
		real = (int (*)(const char *, struct statvfs *))dlsym(RTLD_NEXT, "statvfs");
	rc = real(path, v);
	if (rc == 0)
		fake(path, v);
	return rc;
}
