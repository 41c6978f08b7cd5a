/* SPDX-License-Identifier: GPL-2.0-or-later */
/* progress.h - the fetch progress line (screen and serial). */
#ifndef WINPE_PROGRESS_H
#define WINPE_PROGRESS_H
#include <stdbool.h>
#include <stdint.h>

struct progress {
	const char *name;     /* file being fetched */
	const char *label;    /* shown instead of name when set */
	uint64_t done, total; /* bytes; total 0 = unknown */
	uint64_t all_done, all_total; /* over every file */
	uint32_t start_ms, last_ms, all_start_ms;
	bool quiet;
};

void progress_start(struct progress *p, const char *name, uint64_t total);
void progress_update(struct progress *p, uint64_t done);
void progress_end(struct progress *p, bool ok);
uint32_t progress_now_ms(void);
/* Format n bytes per ms as "12.3 MiB/s" into buf. */
void progress_rate(char *buf, unsigned len, uint64_t bytes, uint32_t ms);

#endif
