/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aiowrite.h - the bulk of a big file written with direct I/O and a few
 * writes in flight (Linux native AIO, no library), so the disk always has
 * the next window queued while the previous one is still being written.
 * The file is first grown to the end of the range (ftruncate), so no write
 * extends it: ext4 and others only run non-extending direct writes
 * asynchronously.  The caller keeps the memory (a mapping) until
 * aiowrite_end() has returned.
 */
#ifndef PT_AIOWRITE_H
#define PT_AIOWRITE_H
#include <stddef.h>
#include <stdint.h>

struct aiowrite;

/* Start direct writes to fd for a range ending at end: the writer, or NULL
 * where not possible (no AIO, no O_DIRECT: the caller writes normally). */
struct aiowrite *aiowrite_begin(int fd, uint64_t end);
/* Queue writing p[0, n) at file offset off (aligned for direct I/O); waits
 * for a slot first.  0, or -1 once any write failed (nothing more is queued). */
int aiowrite_put(struct aiowrite *a, const void *p, size_t n, uint64_t off);
/* Wait for every write, restore the file's flags, free a: 0 if every byte
 * was written, else -1 with errno. */
int aiowrite_end(struct aiowrite *a);

#endif
