/* SPDX-License-Identifier: GPL-2.0-or-later */
/* progress.h - one-line progress bar on stderr when it is a terminal. */
#ifndef PT_PROGRESS_H
#define PT_PROGRESS_H
#include <stdint.h>

struct progress {
	int on;            /* draw at all (stderr is a TTY and not --json) */
	int active;        /* a bar line is on screen */
	const char *label;
	uint64_t total;
	int last_pct;
};

/* Set whether bars are drawn. */
void progress_init(struct progress *p, int on);
/* Start a bar for label with total bytes (0: indeterminate). */
void progress_begin(struct progress *p, const char *label, uint64_t total);
/* Bytes done so far. */
void progress_update(struct progress *p, uint64_t done);
/* Finish the bar line. */
void progress_end(struct progress *p);

#endif
