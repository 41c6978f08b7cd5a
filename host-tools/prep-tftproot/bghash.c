/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bghash.c - SHA-256 of copied files in a second thread (see bghash.h). */
#include "bghash.h"
#include "hashcache.h"
#include "sha256.h"
#include "sha_path.h"
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

struct bghash {
	struct sha256_ctx c;
};

/* One queued piece of work. */
struct item {
	enum { HASH, UNMAP, END } what;
	struct bghash *h;  /* HASH, END */
	const void *p;     /* HASH: bytes; UNMAP: the mapping */
	size_t n;          /* their length */
	int id;            /* END: hashcache entry */
};

/* Items the copier may be ahead of the hashing thread: 2 GiB of 8 MiB
 * windows, so that after writing boot.wim the main thread goes on with the
 * small files and the fsyncs instead of waiting here (the windows are parts
 * of mapped spans: address space, not memory). */
#define QDEPTH 256

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t more = PTHREAD_COND_INITIALIZER; /* to the thread: queued, or stop */
static pthread_cond_t done = PTHREAD_COND_INITIALIZER; /* to the copier: an item finished */
static struct item q[QDEPTH];
static unsigned head, count; /* q[head] is next (or in progress); count includes it */
static int state;            /* 0 no thread yet, 1 running, -1 none possible: hash in the caller */
static int stopping;
static pthread_t thr;

/* Do one item (in the thread, or in the caller when there is no thread). */
static void run(const struct item *it)
{
	if (it->what == HASH) {
		sha256_update(&it->h->c, it->p, it->n);
		return;
	}
	if (it->what == UNMAP) {
		munmap((void *)it->p, it->n);
		return;
	}
	uint8_t d[SHA256_DIGEST_SIZE];
	sha256_final(&it->h->c, d);
	if (it->id >= 0) hashcache_fill(it->id, d);
	free(it->h);
}

/* The hashing thread: take items in order until stopped and drained. */
static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	for (;;) {
		while (!count && !stopping) pthread_cond_wait(&more, &mu);
		if (!count) break;
		struct item it = q[head];
		pthread_mutex_unlock(&mu);
		run(&it);
		pthread_mutex_lock(&mu);
		head = (head + 1) % QDEPTH;
		count--;
		pthread_cond_broadcast(&done);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

/* Start the thread with every signal blocked (called with mu held). */
static void start(void)
{
	sigset_t all, old;
	(void)sha_path(); /* probe the CPU once, before a second thread could */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	state = pthread_create(&thr, NULL, worker, NULL) == 0 ? 1 : -1;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Queue an item (waits while the queue is full), or do it now without a thread. */
static void put(const struct item *it)
{
	pthread_mutex_lock(&mu);
	if (!state) start();
	if (state < 0) {
		pthread_mutex_unlock(&mu);
		run(it);
		return;
	}
	while (count == QDEPTH) pthread_cond_wait(&done, &mu);
	q[(head + count) % QDEPTH] = *it;
	count++;
	pthread_cond_signal(&more);
	pthread_mutex_unlock(&mu);
}

/* Start one file's digest (see bghash.h). */
struct bghash *bghash_open(void)
{
	struct bghash *h = malloc(sizeof *h);
	if (h) sha256_init(&h->c);
	return h;
}

/* Queue a window of a mapping (see bghash.h). */
void bghash_map(struct bghash *h, const void *p, size_t n)
{
	struct item it = {HASH, h, p, n, -1};
	put(&it);
}

/* Queue the end of a mapping (see bghash.h). */
void bghash_unmap(void *map, size_t len)
{
	struct item it = {UNMAP, NULL, map, len, -1};
	put(&it);
}

/* Hash bytes the caller keeps, after everything queued (see bghash.h). */
void bghash_data(struct bghash *h, const void *p, size_t n)
{
	pthread_mutex_lock(&mu);
	while (count) pthread_cond_wait(&done, &mu);
	pthread_mutex_unlock(&mu);
	sha256_update(&h->c, p, n);
}

/* Queue the end of a file (see bghash.h). */
void bghash_close(struct bghash *h, int id)
{
	struct item it = {END, h, NULL, 0, id};
	put(&it);
}

/* Drain the queue and stop the thread (see bghash.h). */
void bghash_stop(void)
{
	pthread_mutex_lock(&mu);
	if (state != 1) {
		pthread_mutex_unlock(&mu);
		return;
	}
	stopping = 1;
	pthread_cond_signal(&more);
	pthread_mutex_unlock(&mu);
	pthread_join(thr, NULL);
	pthread_mutex_lock(&mu);
	state = 0;
	stopping = 0;
	pthread_mutex_unlock(&mu);
}
