/* SPDX-License-Identifier: GPL-2.0-or-later */
/* progress.c - one-line progress bar on stderr when it is a terminal. */
#include "progress.h"
#include <stdio.h>

/* Set whether bars are drawn. */
void progress_init(struct progress *p, int on)
{
	p->on = on;
	p->active = 0;
}

/* Start a bar. */
void progress_begin(struct progress *p, const char *label, uint64_t total)
{
	p->label = label;
	p->total = total;
	p->last_pct = -1;
	if (!p->on) return;
	p->active = 1;
	fprintf(stderr, "\r  %-34.34s ...", label);
	fflush(stderr);
}

/* Redraw when the percentage changes. */
void progress_update(struct progress *p, uint64_t done)
{
	if (!p->on || !p->active || !p->total) return;
	int pct = (int)(done * 100 / p->total);
	if (pct == p->last_pct) return;
	p->last_pct = pct;
	char bar[31];
	int fill = pct * 30 / 100;
	for (int i = 0; i < 30; i++) bar[i] = i < fill ? '#' : '.';
	bar[30] = 0;
	fprintf(stderr, "\r  %-34.34s [%s] %3d%% %6llu MiB", p->label, bar, pct,
		(unsigned long long)(done >> 20));
	fflush(stderr);
}

/* Finish the bar line. */
void progress_end(struct progress *p)
{
	if (p->on && p->active) fputc('\n', stderr);
	p->active = 0;
}
