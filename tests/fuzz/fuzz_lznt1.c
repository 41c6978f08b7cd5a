/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_lznt1.c - libFuzzer target for lznt1_decompress: measure, then decode
 * into an exactly sized buffer (must agree), then into a buffer one byte
 * short (must fail with WP_ERANGE).
 */
#include "decomp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One fuzz input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0, got = 0;
	uint8_t *out;

	if (lznt1_decompress(data, size, NULL, 0, &n))
		return 0;
	out = malloc(n ? n : 1);
	if (!out)
		return 0;
	if (lznt1_decompress(data, size, out, n, &got) || got != n)
		__builtin_trap();
	if (n && lznt1_decompress(data, size, out, n - 1, &got) != WP_ERANGE)
		__builtin_trap();
	free(out);
	return 0;
}
