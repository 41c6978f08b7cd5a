/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bghash.h - SHA-256 of copied files in a second thread, so that hashing a
 * window of the media overlaps writing the next one.
 *
 * The copier maps the media, writes a window of the mapping to the output
 * file and then queues that window (bghash_map): the hashing thread hashes
 * exactly those bytes, in the order queued.  Both threads only read the
 * mapping; the copier gives it up with bghash_unmap, which the thread does
 * after the windows queued before.  bghash_close() queues the end of a
 * file: its digest goes to hashcache_fill(id).  Nothing else is shared
 * between the threads: the queue has one mutex.  The thread blocks every
 * signal, so a signal handler always runs in (and stops) the main thread.
 * Without a thread (pthread_create failed) every call acts at once.
 */
#ifndef PT_BGHASH_H
#define PT_BGHASH_H
#include <stddef.h>

struct bghash;

/* Start the digest of one file; NULL when out of memory. */
struct bghash *bghash_open(void);
/* Queue p[0, n) of a mapping (kept until bghash_unmap) for h. */
void bghash_map(struct bghash *h, const void *p, size_t n);
/* Queue munmap(map, len), after what is queued before; the caller gives up map. */
void bghash_unmap(void *map, size_t len);
/* Hash p[0, n) (the caller keeps p): waits until the windows queued before
 * are hashed, then hashes in the calling thread. */
void bghash_data(struct bghash *h, const void *p, size_t n);
/* Queue the end of a file: its digest goes to hashcache_fill(id) (id < 0:
 * dropped); h is freed by the hashing thread. */
void bghash_close(struct bghash *h, int id);
/* Wait until everything queued is done, then stop the thread. */
void bghash_stop(void);

#endif
