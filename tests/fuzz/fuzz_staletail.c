/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_staletail.c - libFuzzer target for core/staletail.c: any transfer
 * gives its own length or exactly 8 KiB less, and only when the cut tail
 * holds a Content-Length line with the kept length.
 * Run: make fuzz FUZZ_TARGETS=fuzz_staletail (seeds: tests/fuzz/util-seeds.sh)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "staletail.h"

/* Abort (a finding) when an invariant does not hold. */
static void must(int cond)
{
	if (!cond)
		abort();
}

/* libFuzzer entry point: one input, taken as a whole transfer. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t r = stale_tail_strip(data, size);
	char want[48];
	size_t i, n;

	if (r == size)
		return 0;
	must(size > STALE_TAIL_BYTES && r == size - STALE_TAIL_BYTES);
	n = (size_t)snprintf(want, sizeof(want), "%llu\r\n", (unsigned long long)r);
	for (i = 0; i + n <= STALE_TAIL_BYTES; i++)
		if (!memcmp(data + r + i, want, n))
			return 0;
	must(0);
	return 0;
}
