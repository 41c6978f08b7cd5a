/* SPDX-License-Identifier: GPL-2.0-or-later */
/* aiowrite.c - direct writes with a few in flight (see aiowrite.h). */
#define _GNU_SOURCE
#include "aiowrite.h"
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define DEPTH 4 /* writes in flight */

struct aiowrite {
	aio_context_t ctx;
	int fd, flags;
	int inflight, err;
	struct iocb cb[DEPTH]; /* kept until reaped (tools such as valgrind read them back) */
	int busy[DEPTH];
};

/* Collect at least min finished writes; the first failure is kept in err. */
static void reap(struct aiowrite *a, int min)
{
	struct io_event ev[DEPTH];
	while (min > 0) {
		long r = syscall(SYS_io_getevents, a->ctx, (long)min, (long)DEPTH, ev, NULL);
		if (r < 0 && errno == EINTR) continue;
		if (r <= 0) { /* cannot happen with writes in flight; never wait forever */
			if (!a->err) a->err = r < 0 ? errno : EIO;
			a->inflight = 0;
			return;
		}
		for (long i = 0; i < r; i++) {
			const struct iocb *cb = &a->cb[ev[i].data]; /* data: the slot */
			if (ev[i].res != (__s64)cb->aio_nbytes && !a->err)
				a->err = ev[i].res < 0 ? (int)-ev[i].res : EIO; /* short write: out of space */
			a->busy[ev[i].data] = 0;
		}
		a->inflight -= (int)r;
		min -= (int)r;
	}
}

/* Set up the AIO context, O_DIRECT and the file's size (see aiowrite.h). */
struct aiowrite *aiowrite_begin(int fd, uint64_t end)
{
	struct aiowrite *a = calloc(1, sizeof *a);
	if (!a) return NULL;
	a->fd = fd;
	a->flags = fcntl(fd, F_GETFL);
	if (a->flags < 0 || syscall(SYS_io_setup, DEPTH, &a->ctx) != 0) {
		free(a);
		return NULL;
	}
	if (fcntl(fd, F_SETFL, a->flags | O_DIRECT) != 0 || ftruncate(fd, (off_t)end) != 0) {
		fcntl(fd, F_SETFL, a->flags);
		syscall(SYS_io_destroy, a->ctx);
		free(a);
		return NULL;
	}
	return a;
}

/* Queue one write (see aiowrite.h). */
int aiowrite_put(struct aiowrite *a, const void *p, size_t n, uint64_t off)
{
	if (a->inflight == DEPTH) reap(a, 1);
	if (a->err) return -1;
	int k = 0;
	while (a->busy[k]) k++; /* fewer than DEPTH in flight: one is free */
	struct iocb *cb = &a->cb[k], *list[1] = {cb};
	memset(cb, 0, sizeof *cb);
	cb->aio_data = (uint64_t)k;
	cb->aio_fildes = (uint32_t)a->fd;
	cb->aio_lio_opcode = IOCB_CMD_PWRITE;
	cb->aio_buf = (uint64_t)(uintptr_t)p;
	cb->aio_nbytes = n;
	cb->aio_offset = (int64_t)off;
	for (;;) {
		long r = syscall(SYS_io_submit, a->ctx, 1L, list);
		if (r == 1) break;
		if (r < 0 && (errno == EINTR || errno == EAGAIN) && a->inflight) {
			reap(a, 1);
			continue;
		}
		if (r < 0 && errno == EINTR) continue;
		a->err = r < 0 ? errno : EIO;
		return -1;
	}
	a->busy[k] = 1;
	a->inflight++;
	return 0;
}

/* Drain and tear down (see aiowrite.h). */
int aiowrite_end(struct aiowrite *a)
{
	reap(a, a->inflight);
	fcntl(a->fd, F_SETFL, a->flags);
	syscall(SYS_io_destroy, a->ctx);
	int e = a->err;
	free(a);
	if (e) {
		errno = e;
		return -1;
	}
	return 0;
}
