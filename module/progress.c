/* SPDX-License-Identifier: GPL-2.0-or-later */
/* progress.c - a progress line per fetched file: bytes, percent, MiB/s, ETA. */
#include <stdio.h>
#include <sys/times.h>
#include "progress.h"

#define PROGRESS_EVERY_MS 500

/* Milliseconds since syslinux started (PIT or EFI timer). */
uint32_t progress_now_ms(void)
{
	return (uint32_t)times(NULL);
}

/* Format a throughput as MiB/s with one decimal. */
void progress_rate(char *buf, unsigned len, uint64_t bytes, uint32_t ms)
{
	uint64_t tenths = ms ? bytes * 10000 / ((uint64_t)ms * 1048576) : 0;

	snprintf(buf, len, "%u.%u MiB/s", (unsigned)(tenths / 10), (unsigned)(tenths % 10));
}

/* Print the current state on one line (carriage return, no newline). */
static void progress_print(struct progress *p, uint32_t now, const char *end)
{
	char rate[24];
	uint32_t ms = now - p->start_ms;

	progress_rate(rate, sizeof(rate), p->done, ms);
	if (p->total) {
		unsigned pct = (unsigned)(p->done * 100 / p->total);
		uint64_t left = p->total > p->done ? p->total - p->done : 0;
		unsigned eta = (p->done && ms) ? (unsigned)(left * ms / p->done / 1000) : 0;
		unsigned apct = p->all_total ?
			(unsigned)((p->all_done + p->done) * 100 / p->all_total) : 0;
		printf("\r  %-24.24s %10llu/%llu %3u%% %s ETA %us (all %u%%)%s", p->name,
		       (unsigned long long)p->done, (unsigned long long)p->total,
		       pct, rate, eta, apct, end);
	} else {
		printf("\r  %-24.24s %10llu bytes %s%s", p->name,
		       (unsigned long long)p->done, rate, end);
	}
}

/* Begin a file of total bytes (0 if unknown). */
void progress_start(struct progress *p, const char *name, uint64_t total)
{
	p->name = p->label ? p->label : name;
	p->done = 0;
	p->total = total;
	p->start_ms = p->last_ms = progress_now_ms();
	if (!p->quiet)
		progress_print(p, p->start_ms, "");
}

/* Note that done bytes have arrived; reprint at most twice a second. */
void progress_update(struct progress *p, uint64_t done)
{
	uint32_t now;

	p->done = done;
	if (p->quiet)
		return;
	now = progress_now_ms();
	if (now - p->last_ms < PROGRESS_EVERY_MS)
		return;
	p->last_ms = now;
	progress_print(p, now, "");
}

/* Finish the line of the current file. */
void progress_end(struct progress *p, bool ok)
{
	if (!p->quiet)
		progress_print(p, progress_now_ms(), ok ? "\n" : " FAILED\n");
	p->all_done += p->done;
}
