/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_cmdline.c - libFuzzer target for core/cmdline.c: the input is split
 * into words at NUL, LF and space bytes (so words may hold any other byte),
 * parsed, and the result's invariants are checked.
 * Run: make fuzz FUZZ_TARGETS=fuzz_cmdline (seeds: tests/fuzz/util-seeds.sh)
 */
#include <stdlib.h>
#include "cmdline.h"

#define MAX_WORDS 4096

/* Abort (a finding) when an invariant does not hold. */
static void must(int cond)
{
	if (!cond)
		abort();
}

/* libFuzzer entry point: one input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *words[MAX_WORDS];
	struct wp_err err = { 0, "" };
	struct cmdline *c;
	char *copy = malloc(size + 1);
	size_t i, start = 0;
	int n = 0, rc;

	must(copy != NULL);
	memcpy(copy, data, size);
	copy[size] = 0;
	for (i = 0; i <= size && n < MAX_WORDS; i++) {
		if (i == size || copy[i] == 0 || copy[i] == '\n' || copy[i] == ' ') {
			copy[i] = 0;
			if (i > start)
				words[n++] = copy + start;
			start = i + 1;
		}
	}
	rc = cmdline_parse(n, words, &c, &err);
	if (rc) {
		must(c == NULL && err.code == rc && err.msg[0]);
	} else {
		must(c != NULL && c->n_files <= CMDLINE_MAX_FILES);
		must(!c->index || c->index <= CMDLINE_MAX_INDEX);
		must(!(c->verify && c->noverify) && !(c->pause && c->pause_quiet));
		for (i = 0; i < c->n_files; i++) {
			must(c->files[i].src[0] && c->files[i].name[0]);
			must(!strstr(c->files[i].name, "\\..\\") && strcmp(c->files[i].name, ".."));
		}
		cmdline_free(c);
	}
	free(copy);
	return 0;
}
