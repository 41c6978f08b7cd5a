/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_hive.c - libFuzzer target of the regf reader and the BCD patcher:
 * walk the objects and their elements (depth-limited) reading values, then patch a private copy
 * for UEFI with a long WIM path (which grows values into new hbins).
 */
#include "bcdpatch.h"
#include "hive.h"

struct walk {
	struct hive *h;
	unsigned depth;
};

/* Read the values of a key the walk reaches (two levels: keys may loop). */
static int visit(void *ctx, uint32_t sub, const char *name)
{
	struct walk *w = ctx;
	struct hive *h = w->h;
	struct wp_err err;
	struct hive_value v;
	uint32_t k;
	uint8_t buf[256];

	if (!hive_value(h, sub, "Element", &v, &err))
		hive_value_read(h, &v, buf, sizeof(buf), &err);
	if (w->depth < 2 && !hive_subkey(h, sub, "Elements", &k, &err)) {
		w->depth++;
		hive_subkeys(h, k, visit, w, &err);
		w->depth--;
	}
	return 0;
}

/* Fuzz entry point. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hive h;
	struct wp_err err;
	struct bcdpatch_stats st;
	uint8_t *copy = malloc(size ? size : 1);
	size_t len = size;
	uint32_t k;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	struct walk w = { &h, 0 };

	if (!hive_open(&h, copy, size, "fuzz", &err) &&
	    !hive_subkey(&h, h.root, "Objects", &k, &err))
		hive_subkeys(&h, k, visit, &w, &err);
	bcdpatch(&copy, &len, true, "\\a\\very\\long\\path\\to\\the\\served\\windows\\pe\\image.wim",
		 &st, &err);
	free(copy);
	return 0;
}
