/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_manifest.c - libFuzzer target for core/manifest.c: any text is
 * parsed; when accepted, every entry must be found by its own path (also in
 * upper case), and verifying the input itself against each entry must not
 * misbehave.
 * Run: make fuzz FUZZ_TARGETS=fuzz_manifest (seeds: tests/fuzz/util-seeds.sh)
 */
#include <stdlib.h>
#include "manifest.h"

/* Abort (a finding) when an invariant does not hold. */
static void must(int cond)
{
	if (!cond)
		abort();
}

/* libFuzzer entry point: one input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wp_err err = { 0, "" };
	struct manifest *m;
	unsigned i;
	int rc;

	rc = manifest_parse(data, size, "fuzz/manifest", &m, &err);
	if (rc) {
		must(m == NULL && err.code == rc && err.msg[0]);
		return 0;
	}
	must(m->n > 0 && m->n <= MANIFEST_MAX_ENTRIES);
	for (i = 0; i < m->n; i++) {
		const struct manifest_entry *e = &m->e[i];
		char up[4096];
		size_t k, n = strlen(e->path);

		must(n > 0 && e->line >= 1);
		must(manifest_find(m, e->path) == e);
		if (n < sizeof(up)) {
			for (k = 0; k <= n; k++)
				up[k] = (char)(e->path[k] >= 'a' && e->path[k] <= 'z' ?
					       e->path[k] - 32 : e->path[k]);
			must(manifest_find(m, up) == e);
		}
		rc = manifest_verify(m, e->path, data, size, &err);
		must(rc == 0 || rc == WP_EIO);
		if (i + 1 < m->n)
			must(manifest_find(m, m->e[i + 1].path) != e);
	}
	manifest_free(m);
	return 0;
}
