/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sources.h - the list of files winpe.c32 fetches and how each is checked. */
#ifndef WINPE_SOURCES_H
#define WINPE_SOURCES_H
#include "cmdline.h"
#include "fetch.h"
#include "layout.h"
#include "winpe.h"

struct manifest;

struct source {
	char *src;    /* TFTP path or URL */
	char *name;   /* name on the disk */
	bool inject;
	bool user;     /* named on the APPEND line */
	bool have_sha;
	uint8_t sha256[32];
	struct fetch_expect exp;
};

struct sources {
	struct source *s;
	unsigned n;
	struct manifest *manifest; /* parsed DIR/manifest, if any */
};

void sources_init(struct sources *l);
void sources_free(struct sources *l);
/* Decide what to fetch: explicit files, or the roles of a DIR (manifest first). */
int sources_plan(struct sources *l, const struct cmdline *c, enum layout_fw fw,
		 struct progress *p, struct wp_err *err);
/* Fetch every planned file into set (memory owned by set). */
int sources_fetch(const struct sources *l, struct winpe_set *set,
		  struct progress *p, struct wp_err *err);

#endif
